"""Writes of reports: freezing closed periods into snapshots."""

from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from participation.models import Territory
from participation.transparency.models import ReportSnapshot
from participation.transparency.periods import TASHKENT, Period, periods_closed_since
from participation.transparency.selectors import (
    REPORT_TERRITORY_KINDS,
    report_compute,
    report_hash,
    report_method_version,
)

PERIOD_STILL_OPEN = "Only a closed period is frozen: the current one is still changing."

# How far back the monthly task looks for closed periods without a snapshot of today's method:
# this year and the two before (the annual report of last year is due by 1 March, and a new
# method is frozen for the periods people still cite). ``REPORTS_START`` (a date, optional in
# the settings: when the platform opened) moves the start later, never earlier.
FREEZE_YEARS_BACK = 2


def report_snapshot_freeze(*, territory: Territory, period: Period, now: datetime | None = None) -> ReportSnapshot:
    """The snapshot of a closed period under today's method, made if missing.

    A snapshot is never rewritten: a second run (the task retried, or run twice) finds the one
    already frozen and returns it, so a figure once published stays what it was.
    """
    now = now or timezone.now()
    if not period.is_closed(now):
        raise ValueError(PERIOD_STILL_OPEN)
    method_version = report_method_version()
    existing = ReportSnapshot.objects.filter(
        territory=territory, period_kind=period.kind, period_start=period.start, method_version=method_version
    ).first()
    if existing is not None:
        return existing
    content = report_compute(territory, period)
    try:
        with transaction.atomic():
            return ReportSnapshot.objects.create(
                territory=territory,
                period_kind=period.kind,
                period_start=period.start,
                method_version=method_version,
                content=content,
                sha256=report_hash(content),
                created_at=now,
            )
    except IntegrityError:  # frozen meanwhile by a concurrent run: that one stands
        return ReportSnapshot.objects.get(
            territory=territory, period_kind=period.kind, period_start=period.start, method_version=method_version
        )


def report_freeze_start(now: datetime) -> date:
    """The first day whose periods the monthly task freezes: 1 January ``FREEZE_YEARS_BACK``
    years before this one, or ``settings.REPORTS_START`` when that is later."""
    first_day = date(now.astimezone(TASHKENT).year - FREEZE_YEARS_BACK, 1, 1)
    opened = getattr(settings, "REPORTS_START", None)
    return max(first_day, opened) if opened else first_day


def report_snapshots_freeze_closed(*, now: datetime | None = None) -> int:
    """Freezes every closed month, quarter and year since ``report_freeze_start`` of every
    khokimiyat territory that has no snapshot of today's method version yet: the periods that
    just closed, those a missed run left behind, and all of them again after a method change.
    Returns how many were frozen. When everything is frozen it costs two queries (the
    territories, and the snapshots already made), however many periods and territories."""
    now = now or timezone.now()
    first_day = report_freeze_start(now)
    periods = periods_closed_since(first_day, now)
    if not periods:
        return 0
    method_version = report_method_version()
    territories = list(Territory.objects.filter(kind__in=REPORT_TERRITORY_KINDS).order_by("path"))
    frozen = set(
        ReportSnapshot.objects.filter(
            method_version=method_version, period_start__gte=min(period.start for period in periods)
        ).values_list("territory_id", "period_kind", "period_start")
    )
    made = 0
    # Months before quarters before years: a report is protected against the shorter periods it
    # adds up as they were published (``linked``), so those are frozen first.
    for period in periods:
        for territory in territories:
            if (territory.pk, period.kind, period.start) not in frozen:
                report_snapshot_freeze(territory=territory, period=period, now=now)
                made += 1
    return made
