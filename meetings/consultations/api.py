"""``/api/v1/consultations/`` and ``/api/v1/inputs/``: public consultations and their inputs.

Only published and concluded consultations, and only published inputs of those, as the site
shows them. An input names its organisation (a public body) but never the resident who gave it,
nor the gender and age band recorded for the participation figures.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.consultations.models import (
    PUBLIC_INPUT_CHANNELS,
    Audience,
    Consultation,
    ConsultationStatus,
    Disposition,
    Input,
    InputStatus,
    input_public_channel,
)
from meetings.consultations.selectors import consultations_public
from meetings.consultations.transitions import PUBLIC_CONSULTATION_STATUSES
from participation.api.filters import choices_among
from participation.api.registry import register
from participation.api.serializers import TerritoryRefSerializer
from participation.api.views import PublicReadOnlyViewSet
from participation.organisations.models import Organisation


class ConsultationSerializer(serializers.ModelSerializer):
    territory = TerritoryRefSerializer(read_only=True)
    published_inputs = serializers.IntegerField(read_only=True)

    class Meta:
        model = Consultation
        fields = (
            "id",
            "territory",
            "title",
            "summary",
            "audience",
            "status",
            "published_at",
            "concluded_at",
            "outcome_due_at",
            "outcome_summary",
            "published_inputs",
        )
        read_only_fields = fields


class ConsultationViewSet(PublicReadOnlyViewSet):
    """Published and concluded consultations, newest first."""

    serializer_class = ConsultationSerializer
    choice_filters = {
        "status": ("status", choices_among(ConsultationStatus, PUBLIC_CONSULTATION_STATUSES)),
        "audience": ("audience", Audience.choices),
    }
    date_field = "published_at"

    def public_rows(self):
        # The selector's phases and tags are for the page's timeline and topic links.
        return consultations_public().prefetch_related(None)


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ("id", "name_uz", "name_ru")
        read_only_fields = fields


class InputSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    version = serializers.IntegerField(source="version.number", read_only=True, help_text="Document version number.")
    # Empty until the khokimiyat answers the input.
    disposition = serializers.ChoiceField(choices=Disposition.choices, allow_blank=True, read_only=True)
    channel = serializers.SerializerMethodField(help_text="How the input reached the khokimiyat.")

    class Meta:
        model = Input
        fields = (
            "id",
            "consultation",
            "version",
            "target",
            "section_anchor",
            "paragraph_anchor",
            "question",
            "text",
            "organisation",
            "channel",
            "published_at",
            "disposition",
            "disposition_reason",
            "disposition_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=PUBLIC_INPUT_CHANNELS))
    def get_channel(self, item: Input) -> str:
        return input_public_channel(item.channel)


class InputViewSet(PublicReadOnlyViewSet):
    """Published inputs of public consultations, oldest first as each consultation lists them."""

    serializer_class = InputSerializer
    territory_field = "consultation__territory"
    choice_filters = {"disposition": ("disposition", Disposition.choices)}
    id_filters = {"consultation": "consultation_id"}
    date_field = "published_at"

    def public_rows(self):
        return (
            Input.objects.filter(status=InputStatus.PUBLISHED, consultation__status__in=PUBLIC_CONSULTATION_STATUSES)
            .select_related("organisation", "version")
            .order_by("consultation_id", "created_at", "pk")
        )


def register_endpoints() -> None:
    register("consultations", ConsultationViewSet, "consultation")
    register("inputs", InputViewSet, "input")
