"""Demo report snapshots: the demo khokimiyats' closed months of this year, the last closed
quarter and last year, frozen through the same service the monthly task calls."""

from datetime import datetime

from django.utils import timezone

from participation.transparency.periods import PeriodKind, period_containing
from participation.transparency.services import report_snapshot_freeze


def demo_reports_seed(territories, now: datetime | None = None) -> list[str]:
    now = now or timezone.now()
    periods = []
    month = period_containing(PeriodKind.MONTH, now).previous
    while month.start.year == now.year or month == period_containing(PeriodKind.MONTH, now).previous:
        periods.append(month)
        month = month.previous
    # Months before the quarter and the year, as the monthly task does: a report is protected
    # against the shorter periods it adds up as they were frozen (transparency.linked).
    periods += [period_containing(PeriodKind.QUARTER, now).previous, period_containing(PeriodKind.YEAR, now).previous]
    frozen = [
        report_snapshot_freeze(territory=territory, period=period, now=now)
        for period in periods
        for territory in territories
    ]
    return [f"Report snapshots frozen: {len(frozen)} (reports at …/report/{now.year - 1}/ of each khokimiyat page)"]
