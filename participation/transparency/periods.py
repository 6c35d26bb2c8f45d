"""Report periods: a month, a quarter or a year in Tashkent time.

A period is named by a slug that reads well in an address (``2026``, ``2026-q1``, ``2026-03``)
and closes once its last moment has passed: only then is its report frozen.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

TASHKENT = ZoneInfo("Asia/Tashkent")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
_SLUG = re.compile(r"^(?P<year>\d{4})(?:-(?:q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date  # the first day; always the first of a month

    @property
    def end(self) -> date:
        """The first day after the period (exclusive), so ranges never lose the last second."""
        return _add_months(self.start, _MONTHS[self.kind])

    @property
    def starts_at(self) -> datetime:
        return datetime(self.start.year, self.start.month, 1, tzinfo=TASHKENT)

    @property
    def ends_at(self) -> datetime:
        end = self.end
        return datetime(end.year, end.month, 1, tzinfo=TASHKENT)

    @property
    def slug(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return f"{self.start.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def previous(self) -> "Period":
        """The period of the same kind just before, the one the report compares with."""
        return Period(self.kind, _add_months(self.start, -_MONTHS[self.kind]))

    def is_closed(self, now: datetime) -> bool:
        return now >= self.ends_at

    def parts(self, kind: str) -> list["Period"]:
        """The periods of ``kind`` that make up this one: a year's quarters or months, a
        quarter's months; none for a kind as long or longer."""
        step = _MONTHS[kind]
        if step >= _MONTHS[self.kind]:
            return []
        return [Period(kind, _add_months(self.start, offset)) for offset in range(0, _MONTHS[self.kind], step)]

    def __str__(self) -> str:
        return self.slug


def period_parse(slug: str) -> Period | None:
    """The period a slug names, or None for anything else (so a typo is a 404, not an error)."""
    match = _SLUG.match(slug)
    if match is None:
        return None
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        return None
    if match["quarter"]:
        return Period(PeriodKind.QUARTER, date(year, (int(match["quarter"]) - 1) * 3 + 1, 1))
    if match["month"]:
        return Period(PeriodKind.MONTH, date(year, int(match["month"]), 1))
    return Period(PeriodKind.YEAR, date(year, 1, 1))


def period_containing(kind: str, moment: datetime) -> Period:
    local = moment.astimezone(TASHKENT)
    months = _MONTHS[kind]
    first_month = (local.month - 1) // months * months + 1
    return Period(kind, date(local.year, first_month, 1))


def periods_closed_since(first_day: date, now: datetime) -> list[Period]:
    """Every month, quarter and year closed at ``now`` that ends after ``first_day`` (one that
    began before it but reaches past it is included: a platform opened in June still owes its
    year's report), oldest first within each kind."""
    periods = []
    for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
        period = period_containing(kind, now).previous
        kind_periods = []
        while period.end > first_day:
            kind_periods.append(period)
            period = period.previous
        periods.extend(reversed(kind_periods))
    return periods


def periods_last_closed(now: datetime) -> list[Period]:
    """The latest closed month, quarter and year at ``now``: what the monthly task freezes."""
    return [period_containing(kind, now).previous for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)]
