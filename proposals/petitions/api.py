"""``/api/v1/petitions/``: published petitions, read from the public list's own selector.

Drafts, petitions gathering co-sponsors or in moderation, rejected and withdrawn ones never
appear (``PUBLIC_STATUSES``); the author, co-sponsors and signers are never named.
"""

from rest_framework import serializers

from participation.api.filters import choices_among
from participation.api.registry import register
from participation.api.serializers import TerritoryRefSerializer
from participation.api.views import PublicReadOnlyViewSet
from participation.selectors import territory_descendants
from proposals.petitions.models import Petition, PetitionStatus
from proposals.petitions.selectors import petitions_public
from proposals.petitions.transitions import PUBLIC_STATUSES

# What the list's selector reads (proposals.petitions.selectors.LIST_FIELDS): nothing more, so
# no row loads a deferred field on its own.
LIST_FIELDS = (
    "id",
    "title",
    "text",
    "status",
    "territory",
    "signature_count",
    "signatures_needed",
    "published_at",
    "closes_at",
    "answer_due_at",
    "answered_at",
)


class PetitionSerializer(serializers.ModelSerializer):
    territory = TerritoryRefSerializer(read_only=True)

    class Meta:
        model = Petition
        fields = LIST_FIELDS
        read_only_fields = fields


class PetitionDetailSerializer(PetitionSerializer):
    class Meta(PetitionSerializer.Meta):
        fields = (
            *LIST_FIELDS,
            "threshold_reached_at",
            "extended_at",
            "extension_reason",
            "answer",
            "answered_office",
            "overdue_since",
        )
        read_only_fields = fields


class PetitionViewSet(PublicReadOnlyViewSet):
    """Published petitions, newest first, as the public list shows them."""

    serializer_class = PetitionSerializer
    detail_serializer_class = PetitionDetailSerializer
    choice_filters = {"status": ("status", choices_among(PetitionStatus, PUBLIC_STATUSES))}
    date_field = "published_at"

    def public_rows(self):
        return petitions_public()

    def public_detail_rows(self):
        return Petition.objects.filter(status__in=PUBLIC_STATUSES).select_related("territory")

    def filter_territory(self, queryset, territory):
        # By ids read first, as the selector does: the planner then walks the sort's index.
        inside = territory_descendants(territory, include_self=True).values_list("pk", flat=True)
        return queryset.filter(territory_id__in=list(inside))


def register_endpoints() -> None:
    register("petitions", PetitionViewSet, "petition")
