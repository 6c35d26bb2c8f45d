"""The geometry of the participatory-budgeting results' funded-by-mahalla chart. It builds no
query. Money, digits and percentages are the core's filters (``participation_tags``)."""

from django import template
from django.utils.translation import gettext, ngettext

from participation.web.numbers import soum

register = template.Library()

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
