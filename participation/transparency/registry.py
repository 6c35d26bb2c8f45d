"""The report sections features register, and the helpers they build their figures with.

A section is ``compute(territory, period) -> {"figures": [...], "tables": [...]}``; a feature
registers it in its ``AppConfig.ready()``. Its ``version`` names its calculation method: change
how a figure is computed, raise the version, and the next snapshot is a new one beside the old.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from participation.transparency.periods import Period
from participation.transparency.suppression import suppress_cells, suppress_count


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: object  # lazy translated
    version: int
    compute: Callable
    labels: dict = field(default_factory=dict)  # figure and table key → lazy translated label
    order: int = 100
    # table key → what names its rows from their keys in the reader's language (``names``:
    # ``reason_names``, ``territory_names``); other rows named by the data keep their Uzbek name.
    row_names: dict = field(default_factory=dict)


_SECTIONS: dict[str, ReportSection] = {}


def register_section(
    key: str,
    *,
    title,
    version: int,
    compute: Callable,
    labels: dict | None = None,
    order: int = 100,
    row_names: dict | None = None,
) -> None:
    _SECTIONS[key] = ReportSection(
        key=key,
        title=title,
        version=version,
        compute=compute,
        labels=labels or {},
        order=order,
        row_names=row_names or {},
    )


def report_sections() -> list[ReportSection]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def report_section(key: str) -> ReportSection | None:
    return _SECTIONS.get(key)


def report_moment(period: Period, now: datetime | None = None) -> datetime:
    """The moment "now" means in a period's report: its end once closed, so that a closed
    period's figures (e.g. "overdue now") never change when recomputed later."""
    now = now or timezone.now()
    return min(now, period.ends_at)


def figure(key: str, value, *, people: bool = False, whole: str = "") -> dict:
    """A lone figure. ``whole`` names what it counts when tables of the same section split the
    same count (the acts, the inputs): the figure and their totals are then one number, and
    the suppression across tables (``linked``) treats them so."""
    item = {"key": key, "value": suppress_count(value) if people else value, "people": people}
    return {**item, "whole": whole} if whole else item


def table(key: str, rows: list[tuple[str, str, int]], *, people: bool, whole: str = "") -> dict:
    """A table of (row key, row label, count) with its total; people counts are suppressed,
    counts of things (petitions, projects, soum) are not. ``whole``: as for ``figure``."""
    values = [count for _key, _label, count in rows]
    cells, total = suppress_cells(values) if people else (values, sum(values))
    extra = {"whole": whole} if whole else {}
    return {
        **extra,
        "key": key,
        "people": people,
        "rows": [
            {"key": row_key, "label": label, "value": cell}
            for (row_key, label, _), cell in zip(rows, cells, strict=True)
        ],
        "total": total,
    }
