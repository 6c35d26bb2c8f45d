"""``/api/v1/meetings/`` and ``/api/v1/action-items/``: public meetings and what they decided.

Announced and cancelled meetings only (drafts never), as the public list shows them; the online
link (sent to those registered) and registrations are left out. An action item names its owning
department or organisation, never a staff member or resident.
"""

from rest_framework import serializers

from meetings.meetings.models import ActionItem, ActionKind, ActionStatus, Meeting, MeetingKind, MeetingStatus
from meetings.meetings.selectors.meetings import meetings_public
from meetings.meetings.transitions import PUBLIC_MEETING_STATUSES
from participation.api.filters import choices_among
from participation.api.registry import register
from participation.api.serializers import TerritoryRefSerializer, blank_or
from participation.api.views import PublicReadOnlyViewSet


class MeetingSerializer(serializers.ModelSerializer):
    territory = TerritoryRefSerializer(read_only=True)
    map_url = blank_or("URL")
    has_minutes = serializers.BooleanField(read_only=True, help_text="Its minutes are approved and public.")
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Meeting
        fields = (
            "id",
            "territory",
            "organisation",
            "consultation",
            "kind",
            "title",
            "purpose",
            "starts_at",
            "ends_at",
            "attendance_mode",
            "address",
            "map_url",
            "step_free_entrance",
            "accessible_toilet",
            "sign_language",
            "large_print",
            "elderly_help",
            "accessibility_note",
            "languages",
            "capacity",
            "status",
            "cancelled_at",
            "cancellation_reason",
            "has_minutes",
        )
        read_only_fields = fields


class MeetingViewSet(PublicReadOnlyViewSet):
    """Announced and cancelled meetings, latest start first."""

    serializer_class = MeetingSerializer
    choice_filters = {
        "status": ("status", choices_among(MeetingStatus, PUBLIC_MEETING_STATUSES)),
        "kind": ("kind", MeetingKind.choices),
    }
    date_field = "starts_at"

    def public_rows(self):
        return meetings_public().order_by("-starts_at", "-pk")


class ActionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionItem
        fields = (
            "id",
            "meeting",
            "kind",
            "text",
            "owner_department",
            "owner_organisation",
            "due_at",
            "status",
            "extended_at",
            "extension_reason",
            "overdue_since",
            "done_at",
            "created_at",
        )
        read_only_fields = fields


class ActionItemViewSet(PublicReadOnlyViewSet):
    """Decisions and action items of public meetings, soonest due first."""

    serializer_class = ActionItemSerializer
    territory_field = "meeting__territory"
    choice_filters = {"status": ("status", ActionStatus.choices), "kind": ("kind", ActionKind.choices)}
    id_filters = {"meeting": "meeting_id"}
    date_field = "due_at"

    def public_rows(self):
        return ActionItem.objects.filter(meeting__status__in=PUBLIC_MEETING_STATUSES).order_by("due_at", "pk")


def register_endpoints() -> None:
    register("meetings", MeetingViewSet, "meeting")
    register("action-items", ActionItemViewSet, "action-item")
