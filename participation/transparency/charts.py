"""Bar charts drawn on the server as SVG geometry, so a report reads without JavaScript.

A chart is decoration beside its table (the table, with its caption, is what a screen reader
reads): a hidden count ("< 5", "hidden") draws no bar, so the picture never shows more than the
table.
"""

from dataclasses import dataclass

from participation.transparency.display import value_text

WIDTH = 320  # viewBox units; the SVG scales to the column, down to a 360 px phone
LABEL_WIDTH = 110
BAR_SPACE = WIDTH - LABEL_WIDTH - 40
ROW_HEIGHT = 28
BAR_HEIGHT = 10


@dataclass
class Bar:
    label: str
    lang: str  # the label's language when it is not the page's
    text: str
    y: int
    width: int
    previous_width: int


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    width: int = WIDTH


def _number(value) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


def bar_chart(rows) -> BarChart:
    """Rows with ``label``, ``value`` and ``previous`` (this period's bar over the previous
    period's thinner one), scaled to the largest figure of either period."""
    largest = max([_number(row.value) for row in rows] + [_number(row.previous) for row in rows] + [1])
    bars = [
        Bar(
            label=str(row.label)[:18],
            lang=getattr(row, "lang", ""),
            text=value_text(row.value),
            y=index * ROW_HEIGHT,
            width=round(BAR_SPACE * _number(row.value) / largest),
            previous_width=round(BAR_SPACE * _number(row.previous) / largest),
        )
        for index, row in enumerate(rows)
    ]
    return BarChart(bars=bars, height=max(len(bars), 1) * ROW_HEIGHT)
