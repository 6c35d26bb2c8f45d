"""Writes of reports: freezing closed periods into snapshots."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from participation.models import Territory
from participation.transparency.models import ReportSnapshot
from participation.transparency.periods import Period, periods_last_closed
from participation.transparency.selectors import (
    REPORT_TERRITORY_KINDS,
    report_compute,
    report_hash,
    report_method_version,
)

PERIOD_STILL_OPEN = "Only a closed period is frozen: the current one is still changing."


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


def report_snapshots_freeze_closed(*, now: datetime | None = None) -> int:
    """Freezes the latest closed month, quarter and year of every khokimiyat territory; returns
    how many snapshots exist for them afterwards (new or already frozen)."""
    now = now or timezone.now()
    count = 0
    for territory in Territory.objects.filter(kind__in=REPORT_TERRITORY_KINDS).order_by("path"):
        for period in periods_last_closed(now):
            report_snapshot_freeze(territory=territory, period=period, now=now)
            count += 1
    return count
