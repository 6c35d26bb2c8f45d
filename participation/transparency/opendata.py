"""Open data of transparency reports: one row per frozen snapshot, with its hash and the address
of its content on the API, so a reader can fetch a report and check it was not changed.

The figures themselves are not flattened into a table: each section has its own shape, and the
content a hash was taken of is the JSON the API serves (``/api/v1/reports/<id>/``).
"""

from django.conf import settings
from django.db.models import Case, CharField, DateField, F, Func, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from participation.opendata import columns as c
from participation.opendata.registry import Column, Dataset, Text, register
from participation.transparency.api import report_snapshots_published
from participation.transparency.periods import PeriodKind

MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


class AddMonths(Func):
    """``day`` plus ``months`` months, in the database, so the rows stay one ``values_list``
    query (the catalogue counts and streams them as a queryset)."""

    output_field = DateField()

    def __init__(self, day, months: int):
        super().__init__(day)
        self.months = int(months)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=f"(%(expressions)s + interval '{self.months} month')::date")

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=f"date(%(expressions)s, '+{self.months} months')")


def _period_end():
    return Case(
        *(When(period_kind=kind, then=AddMonths(F("period_start"), months)) for kind, months in MONTHS.items()),
        output_field=DateField(),
    )


def _detail_url():
    """The absolute address of the snapshot on the API (the site's address, from settings: the
    rows are also written without a request)."""
    prefix = reverse("report-list")
    return Concat(Value(f"{settings.SITE_URL}{prefix}"), Cast("pk", CharField()), Value("/"), output_field=CharField())


def _snapshot_rows():
    return (
        report_snapshots_published()
        .order_by("pk")
        .annotate(period_end=_period_end(), json_url=_detail_url())
        .values_list(
            "pk",
            "territory_id",
            "territory__name_uz",
            "period_kind",
            "period_start",
            "period_end",
            "method_version",
            "sha256",
            "created_at",
            "json_url",
        )
    )


REPORT_SNAPSHOTS = Dataset(
    name="report-snapshots",
    position=90,
    title=Text(en="Report snapshots", uz="Hisobot nusxalari", ru="Снимки отчётов"),
    description=Text(
        en="Transparency reports of khokimiyats frozen when their period closed: one row per snapshot, with the "
        "SHA-256 of its content and the address of that content on the API.",
        uz="Davr yopilganda muzlatilgan hokimliklarning ochiqlik hisobotlari: har bir nusxa uchun bitta qator, "
        "uning mazmuni SHA-256 xeshi va APIdagi manzili bilan.",
        ru="Отчёты хокимиятов о прозрачности, зафиксированные после закрытия периода: по строке на снимок, "
        "с SHA-256 его содержимого и адресом этого содержимого в API.",
    ),
    columns=(
        c.id_column(Text(en="Snapshot id.", uz="Nusxa identifikatori.", ru="Идентификатор снимка.")),
        c.territory_column(),
        c.text_column(
            "territory_name",
            Text(
                en="Name of the territory in Uzbek.",
                uz="Hududning oʻzbekcha nomi.",
                ru="Название территории на узбекском.",
            ),
            required=True,
        ),
        Column(
            "period_kind",
            "string",
            Text(en="Kind of period.", uz="Davr turi.", ru="Вид периода."),
            required=True,
            enum=tuple(PeriodKind.values),
        ),
        Column(
            "period_start",
            "date",
            Text(
                en="First day of the period (Tashkent).",
                uz="Davrning birinchi kuni (Toshkent).",
                ru="Первый день периода (Ташкент).",
            ),
            required=True,
        ),
        Column(
            "period_end",
            "date",
            Text(
                en="First day after the period (Tashkent), as in the report's content.",
                uz="Davrdan keyingi birinchi kun (Toshkent), hisobot mazmunidagidek.",
                ru="Первый день после периода (Ташкент), как в содержимом отчёта.",
            ),
            required=True,
        ),
        c.text_column(
            "method_version",
            Text(
                en="Version of the calculation method, section by section.",
                uz="Hisoblash usulining versiyasi, boʻlimlar boʻyicha.",
                ru="Версия метода расчёта, по разделам.",
            ),
            required=True,
        ),
        c.text_column(
            "sha256",
            Text(
                en="SHA-256 of the content as canonical JSON (sorted keys, no spaces, UTF-8).",
                uz="Mazmunning kanonik JSON koʻrinishidagi SHA-256 xeshi (kalitlar tartiblangan, boʻshliqsiz, UTF-8).",
                ru="SHA-256 содержимого в каноническом JSON (ключи по порядку, без пробелов, UTF-8).",
            ),
            required=True,
        ),
        c.datetime_column(
            "created_at",
            Text(en="When it was frozen (UTC).", uz="Muzlatilgan vaqt (UTC).", ru="Время фиксации (UTC)."),
            required=True,
        ),
        c.text_column(
            "json_url",
            Text(
                en="Address of the snapshot's content as JSON on the API.",
                uz="Nusxa mazmunining APIdagi JSON manzili.",
                ru="Адрес содержимого снимка в формате JSON в API.",
            ),
            required=True,
        ),
    ),
    rows=_snapshot_rows,
    modified="created_at",
    foreign_keys=(c.TERRITORY_KEY,),
)


def register_opendata() -> None:
    register(REPORT_SNAPSHOTS)
