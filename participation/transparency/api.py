"""``/api/v1/reports/``: the frozen transparency report snapshots, as published.

A detail is the snapshot's ``content`` exactly as frozen (already suppressed: small counts of
people are the string ``"< 5"``, cells hidden to protect them ``"hidden"``), with the method version and the SHA-256 of that content, so a
client can recompute the hash from what it received (``docs/transparency.md``). Nothing is
recomputed here: a figure cited once stays what the API answers.

Only snapshots of territories whose khokimiyat publishes its reports on the site (a live,
public khokimiyat page in the default language) are listed: the site shows a report nowhere
else, and the API shows nothing the site does not.
"""

from django.db.models import Exists, OuterRef
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participation.api.registry import register
from participation.api.serializers import TerritoryRefSerializer
from participation.api.views import PublicReadOnlyViewSet
from participation.languages import default_locale
from participation.models import Territory
from participation.selectors import territories_current
from participation.transparency.models import ReportSnapshot
from participation.transparency.periods import Period, PeriodKind
from participation.transparency.selectors import REPORT_TERRITORY_KINDS, report_snapshots

FIELDS = ("id", "territory", "period", "method_version", "sha256", "created_at")


class PeriodSerializer(serializers.Serializer):
    """The period a snapshot covers, in Tashkent days; ``end`` is the first day after it."""

    kind = serializers.ChoiceField(source="period_kind", choices=PeriodKind.choices, read_only=True)
    start = serializers.DateField(source="period_start", read_only=True)
    end = serializers.SerializerMethodField()
    slug = serializers.SerializerMethodField()

    def get_end(self, snapshot) -> str:
        return Period(snapshot.period_kind, snapshot.period_start).end.isoformat()

    def get_slug(self, snapshot) -> str:
        """The period as the report page's address names it (``2026``, ``2026-q1``, ``2026-03``)."""
        return Period(snapshot.period_kind, snapshot.period_start).slug


# The content is the report as frozen; its sections are whatever each feature registered, so
# the schema promises an object and no more (a section added later must not break clients).
@extend_schema_field({"type": "object", "additionalProperties": True})
class ContentField(serializers.JSONField):
    pass


class ReportSnapshotSerializer(serializers.ModelSerializer):
    territory = TerritoryRefSerializer(read_only=True)
    period = PeriodSerializer(source="*", read_only=True)

    class Meta:
        model = ReportSnapshot
        fields = FIELDS
        read_only_fields = fields


class ReportSnapshotDetailSerializer(ReportSnapshotSerializer):
    content = ContentField(read_only=True)

    class Meta(ReportSnapshotSerializer.Meta):
        fields = (*FIELDS, "content")
        read_only_fields = fields


def _published_on_the_site():
    """Whether the snapshot's territory has a live, public khokimiyat page (default language).

    The khokimiyat page is the cms' model, which the core may not import: it is reached through
    the relation the page declares on ``Territory`` (``khokimiyat_pages``), and only Wagtail's
    own queryset methods are used on it. One subquery, so a page of the list costs the same
    queries however many snapshots there are.
    """
    pages = Territory._meta.get_field("khokimiyat_pages").related_model.objects
    return Exists(pages.live().public().filter(locale_id=default_locale().pk, territory_id=OuterRef("territory_id")))


def report_snapshots_published():
    """The snapshots the site publishes (the API and the open data list the same ones): of a
    region, city or district in force today whose khokimiyat page is live and public."""
    return (
        report_snapshots()
        .filter(territory__kind__in=REPORT_TERRITORY_KINDS, territory__in=territories_current())
        .filter(_published_on_the_site())
    )


class ReportSnapshotViewSet(PublicReadOnlyViewSet):
    """Frozen report snapshots of khokimiyats, newest period first."""

    serializer_class = ReportSnapshotSerializer
    detail_serializer_class = ReportSnapshotDetailSerializer
    choice_filters = {"period_kind": ("period_kind", PeriodKind.choices)}
    date_field = "period_start"
    date_is_day = True

    def public_rows(self):
        return report_snapshots_published().defer("content")

    def public_detail_rows(self):
        return self.public_rows().defer(None)


def register_endpoints() -> None:
    register("reports", ReportSnapshotViewSet, "report")
