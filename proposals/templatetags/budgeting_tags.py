"""Small helpers for the participatory-budgeting templates: money in soum, percentages, and
the geometry of the funded-by-mahalla chart. None of them builds a query."""

from django import template
from django.utils.translation import gettext, ngettext

register = template.Library()

# A narrow no-break space groups the digits: thin like a printed thousands separator, and a
# long budget never breaks across two lines on a narrow phone.
GROUP_SEPARATOR = "\u202f"


def group_digits(value) -> str:
    """12345678 -> "12 345 678" (narrow no-break spaces); anything not a number unchanged."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    return f"{number:,}".replace(",", GROUP_SEPARATOR)


@register.filter
def digits(value) -> str:
    return group_digits(value)


@register.filter
def soum(value) -> str:
    """An integer amount of money as people read it: "1 000 000 000 soum"."""
    if value is None or value == "":
        return ""
    return gettext("%(amount)s soum") % {"amount": group_digits(value)}


@register.filter
def percent_of(part, whole) -> int:
    """Whole percentage of ``part`` in ``whole`` (0 when there is no whole), for bars."""
    try:
        part, whole = int(part), int(whole)
    except (TypeError, ValueError):
        return 0
    if whole <= 0:
        return 0
    return max(0, min(100, part * 100 // whole))


CHART_WIDTH = 320
CHART_BAR_MAX = 220
CHART_ROW = 52
CHART_ROWS_MAX = 15


def mahalla_chart_context(cycle, rows) -> dict:
    """Geometry of the "funded projects by mahalla" bar chart, drawn by the template
    (``proposals/pb/includes/mahalla_chart.svg``) so every name is escaped by the engine.

    ``rows`` are the results' mahalla rows (``mahalla``, ``funded_count``, ``funded_cost``);
    bars are the funded money, each row a name, the bar, and its count and money on three lines,
    so long names and amounts never squeeze the bars on a narrow phone. Only mahallas with something
    funded are drawn (the largest ``CHART_ROWS_MAX``); the table beside it has every row.
    """
    funded = [row for row in rows if row.funded_count]
    funded.sort(key=lambda row: (-row.funded_cost, _mahalla_name(row)))
    largest = max((row.funded_cost for row in funded), default=0)
    bars = []
    for index, row in enumerate(funded[:CHART_ROWS_MAX]):
        top = index * CHART_ROW
        width = max(2, row.funded_cost * CHART_BAR_MAX // largest) if largest else 2
        words = ngettext("%(count)d project, %(cost)s", "%(count)d projects, %(cost)s", row.funded_count) % {
            "count": row.funded_count,
            "cost": soum(row.funded_cost),
        }
        bars.append(
            {
                "name": _mahalla_name(row),
                "words": words,
                "label_y": top + 13,
                "bar_y": top + 18,
                "words_y": top + 44,
                "width": width,
            }
        )
    more = max(0, len(funded) - CHART_ROWS_MAX)
    parts = [f"{bar['name']}, {bar['words']}" for bar in bars] or [gettext("nothing funded")]
    if more:
        parts.append(ngettext("and %(more)d more mahalla", "and %(more)d more mahallas", more) % {"more": more})
    return {
        "cycle": cycle,
        # The chart's text alternative: every bar in words, for screen readers and when the
        # image is not drawn.
        "summary": gettext("Funded projects by mahalla") + ": " + "; ".join(parts),
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(CHART_ROW, len(bars) * CHART_ROW),
        "more": more,
    }


def _mahalla_name(row) -> str:
    mahalla = getattr(row, "mahalla", None)
    if mahalla is None:
        return ""
    return getattr(mahalla, "name", None) or str(mahalla)
