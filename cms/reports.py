"""Transparency report pages of a khokimiyat: ``report/<period>/`` and its CSV and JSON.

Routes of ``KhokimiyatPage``; ``register()`` (from ``CmsConfig.ready()``) hands it these views,
so the page model imports no view. Page, CSV and JSON are drawn from the same content (a
snapshot's, or the live figures), so they never disagree and suppression applies to all three.
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from cms.models import khokimiyat as khokimiyat_models
from participation.models import TerritoryKind
from participation.opendata.formats import csv_text
from participation.opendata.responses import CSV, download_response, json_response
from participation.transparency.charts import bar_chart
from participation.transparency.periods import PeriodKind, period_parse
from participation.transparency.selectors import (
    report_content,
    report_flat_rows,
    report_sections_view,
)

CSV_HEADER = ["section", "table", "row", "label", "value", "previous_period"]


def _report(page, slug: str, method_version: str | None):
    period = period_parse(slug)
    now = timezone.now()
    if period is None or period.starts_at > now:
        raise Http404
    shown = report_content(page.territory, period, method_version=method_version or None, now=now)
    if shown is None:
        raise Http404
    previous = report_content(page.territory, period.previous, now=now)
    return period, shown, previous


def report_page(request, page, slug: str):
    period, shown, previous = _report(page, slug, request.GET.get("method"))
    sections = report_sections_view(shown.content, previous.content)
    charts = {
        (section.key, table.key): bar_chart(table.rows)
        for section in sections
        for table in section.tables
        if table.rows
    }
    for section in sections:
        for table in section.tables:
            table.chart = charts.get((section.key, table.key))
    year = period.start.year
    return TemplateResponse(
        request,
        "cms/reports/report_page.html",
        {
            "page": page,
            "period": period,
            "previous_period": period.previous,
            "report": shown,
            "sections": sections,
            "period_links": [
                period_parse(str(year)),
                *(period_parse(f"{year}-q{quarter}") for quarter in range(1, 5)),
            ],
            "month_links": [period_parse(f"{year}-{month:02d}") for month in range(1, 13)],
            "is_year": period.kind == PeriodKind.YEAR,
            "now": timezone.now(),
            # A region's report has no people counts (selectors.without_people_counts): its
            # districts' and cities' reports do, linked here.
            "district_reports": (
                list(khokimiyat_models.KhokimiyatPage.objects.child_of(page).live().order_by("title"))
                if page.territory.kind == TerritoryKind.REGION
                else None
            ),
        },
    )


def report_download(request, page, slug: str, fmt: str):
    if fmt not in ("csv", "json"):
        raise Http404
    period, shown, previous = _report(page, slug, request.GET.get("method"))
    filename = f"report-{page.territory.code or page.territory_id}-{period.slug}.{fmt}"
    if fmt == "csv":
        rows = report_flat_rows(report_sections_view(shown.content, previous.content))
        return download_response(csv_text(CSV_HEADER, rows), content_type=CSV, filename=filename)
    response = json_response(
        {
            "live": shown.live,
            "sha256": shown.snapshot.sha256 if shown.snapshot else None,
            "frozen_at": shown.snapshot.created_at.isoformat() if shown.snapshot else None,
            "report": shown.content,
            "previous_period": previous.content,
        }
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def register() -> None:
    khokimiyat_models.ROUTE_VIEWS.update(report=report_page, report_download=report_download)
