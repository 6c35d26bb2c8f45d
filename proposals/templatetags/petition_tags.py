"""Small helpers for petition templates; each asks a selector, none builds a query."""

from django import template

from proposals.petitions import selectors

register = template.Library()


@register.filter
def days_left(petition) -> int | None:
    """Whole days until signature collection ends, or None when it is not collecting."""
    return selectors.petition_days_left(petition)


@register.filter
def answer_overdue(petition) -> bool:
    return selectors.petition_answer_overdue(petition)


@register.inclusion_tag("proposals/petitions/includes/progress.html")
def petition_progress(petition, id_prefix: str = "progress"):
    """The bar and the words "123 of 500 signatures": the bar for the eye, the words for
    everyone (screen readers read the label, the bar is tied to it)."""
    return {
        "petition": petition,
        "bar_value": selectors.petition_progress_bar(petition),
        "label_id": f"{id_prefix}-{petition.pk}",
    }


CHART_WIDTH = 320
CHART_BAR_MAX = 240
CHART_ROW = 36
CHART_ROWS_MAX = 12


def signatures_chart_context(petition, rows) -> dict:
    """Geometry of the signatures-by-mahalla bar chart (the largest ``CHART_ROWS_MAX``): each
    row a name on one line and a bar with its count below, so long names never squeeze the
    bars on a narrow phone. The template draws it; the table beside it has every row. A hidden
    count ("< 5", "hidden") draws no bar: the picture never shows more than the table."""
    bars = []
    for index, row in enumerate(rows[:CHART_ROWS_MAX]):
        top = index * CHART_ROW
        width = 0 if row.hidden else max(2, row.percent * CHART_BAR_MAX // 100)
        bars.append(
            {
                "name": row.name,
                "count": row.count,
                "label_y": top + 13,
                "bar_y": top + 18,
                "count_y": top + 29,
                "width": width,
                "count_x": width + 6,
            }
        )
    return {
        "petition": petition,
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(CHART_ROW, len(bars) * CHART_ROW),
        "more": max(0, len(rows) - CHART_ROWS_MAX),
    }
