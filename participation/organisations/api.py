"""``/api/v1/organisations/``: verified organisations, with the public fields of their page.

Only current verified organisations (``organisations_public``). Representatives appear on the
detail, and only those who agreed to be named, exactly as the organisation's page shows them
(full name only); members and everything about the verification staff stay private.

``contacts`` is left out, as in the open data: it is free text that may hold a representative's
own phone or e-mail, and machine-readable bulk outputs never carry it (the organisation's page,
read by a person, still shows it).
"""

from rest_framework import serializers

from participation.api.registry import register
from participation.api.serializers import TerritoryRefSerializer
from participation.api.views import PublicReadOnlyViewSet
from participation.organisations.models import Organisation, OrganisationKind
from participation.organisations.selectors import organisation_named_representatives, organisations_public

FIELDS = (
    "id",
    "slug",
    "name_uz",
    "name_ru",
    "name_other",
    "name_other_language",
    "kind",
    "territory",
    "description",
    "registry_number",
    "verified_at",
    "verified_office",
    "verification_expires_on",
)


class OrganisationSerializer(serializers.ModelSerializer):
    territory = TerritoryRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = FIELDS
        read_only_fields = fields


class OrganisationDetailSerializer(OrganisationSerializer):
    representatives = serializers.SerializerMethodField()

    class Meta(OrganisationSerializer.Meta):
        fields = (*FIELDS, "representatives")
        read_only_fields = fields

    def get_representatives(self, organisation) -> list[str]:
        """Full names of the representatives who agreed to be named on the organisation's page."""
        return [person.full_name for person in organisation_named_representatives(organisation)]


class OrganisationViewSet(PublicReadOnlyViewSet):
    """Current verified organisations, by name."""

    serializer_class = OrganisationSerializer
    detail_serializer_class = OrganisationDetailSerializer
    choice_filters = {"kind": ("kind", OrganisationKind.choices)}
    date_field = "verified_at"

    def public_rows(self):
        return organisations_public()


def register_endpoints() -> None:
    register("organisations", OrganisationViewSet, "organisation")
