"""``/api/v1/khokimiyats/``, ``decisions/``, ``services/``, ``centres/``: the khokimiyats' pages.

Live, public pages of the default language only (each page once, whatever languages it is
translated into; its id is the one Wagtail's ``/api/v2/pages/{id}/`` also answers). Drafts,
unpublished and privacy-restricted pages never appear. A decision or a service belongs to the
khokimiyat whose page it sits under, so ``?territory=`` finds the khokimiyat pages of that
territory and everything inside it, and lists what is under them.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from rest_framework import serializers

from cms.models import DecisionPage, KhokimiyatPage, ServiceCentrePage, ServicePage
from cms.models.decisions import DecisionStatus
from cms.models.services import CentreKind
from cms.selectors.pages import khokimiyat_pages_live
from participation.api.registry import register
from participation.api.serializers import TerritoryRefSerializer, blank_or
from participation.api.views import PublicReadOnlyViewSet
from participation.languages import default_locale


def _live_default(model):
    return model.objects.live().public().filter(locale_id=default_locale().pk)


class _UnderKhokimiyat(PublicReadOnlyViewSet):
    """Pages told apart by the khokimiyat page they sit under."""

    territory_field = "path"
    date_field = "last_published_at"

    def filter_territory(self, queryset, territory):
        paths = KhokimiyatPage.objects.filter(territory__path__startswith=territory.path).values_list("path", flat=True)
        under = [Q(path__startswith=path) for path in paths]
        return queryset.filter(reduce(or_, under)) if under else queryset.none()


class KhokimiyatSerializer(serializers.ModelSerializer):
    territory = TerritoryRefSerializer(read_only=True)
    email = blank_or("e-mail address")
    map_url = blank_or("URL")

    class Meta:
        model = KhokimiyatPage
        fields = ("id", "title", "slug", "territory", "address", "phone", "email", "map_url", "last_published_at")
        read_only_fields = fields


class KhokimiyatViewSet(PublicReadOnlyViewSet):
    """Khokimiyats (region, city and district administrations), in the page tree's order."""

    serializer_class = KhokimiyatSerializer
    date_field = "last_published_at"

    def public_rows(self):
        return khokimiyat_pages_live().select_related("territory").order_by("path")


class DecisionSerializer(serializers.ModelSerializer):
    changed_by = serializers.IntegerField(source="changed_by_id", read_only=True, allow_null=True)

    class Meta:
        model = DecisionPage
        fields = ("id", "title", "number", "date", "status", "changed_by", "last_published_at")
        read_only_fields = fields


class DecisionViewSet(_UnderKhokimiyat):
    """Official decisions, latest adopted first."""

    serializer_class = DecisionSerializer
    choice_filters = {"status": ("status", DecisionStatus.choices)}
    date_field = "date"
    date_is_day = True

    def public_rows(self):
        return _live_default(DecisionPage).order_by("-date", "-pk")


class ServiceSerializer(serializers.ModelSerializer):
    online_url = blank_or("URL")

    class Meta:
        model = ServicePage
        fields = (
            "id",
            "title",
            "description",
            "eligibility",
            "fee_soum",
            "fee_note",
            "time_limit_days",
            "legal_basis",
            "online_url",
            "last_published_at",
        )
        read_only_fields = fields


class ServiceViewSet(_UnderKhokimiyat):
    """Public services the khokimiyats describe, by title."""

    serializer_class = ServiceSerializer

    def public_rows(self):
        return _live_default(ServicePage).order_by("title", "pk")


class CentreSerializer(serializers.ModelSerializer):
    territory = TerritoryRefSerializer(read_only=True)

    class Meta:
        model = ServiceCentrePage
        fields = (
            "id",
            "title",
            "kind",
            "territory",
            "address",
            "phone",
            "directions",
            "step_free_entrance",
            "accessible_toilet",
            "sign_language",
            "large_print",
            "elderly_help",
            "accessibility_note",
            "last_published_at",
        )
        read_only_fields = fields


class CentreViewSet(PublicReadOnlyViewSet):
    """Public Service Centres and mahalla self-service zones, by title."""

    serializer_class = CentreSerializer
    choice_filters = {"kind": ("kind", CentreKind.choices)}
    date_field = "last_published_at"

    def public_rows(self):
        return _live_default(ServiceCentrePage).select_related("territory").order_by("title", "pk")


def register_endpoints() -> None:
    register("khokimiyats", KhokimiyatViewSet, "khokimiyat")
    register("decisions", DecisionViewSet, "decision")
    register("services", ServiceViewSet, "service")
    register("centres", CentreViewSet, "centre")
