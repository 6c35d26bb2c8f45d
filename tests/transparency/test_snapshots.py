"""Closed periods are frozen: the hash is reproducible, the snapshot never changes, a new method
adds a snapshot beside the old one, and the current period stays live."""

import hashlib
import json
from datetime import date, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.transparency import registry
from participation.transparency.models import ReportSnapshot
from participation.transparency.periods import TASHKENT, period_parse, periods_closed_since
from participation.transparency.selectors import (
    report_compute,
    report_content,
    report_hash,
    report_method_version,
    report_snapshots,
)
from participation.transparency.services import PERIOD_STILL_OPEN, report_freeze_start, report_snapshot_freeze
from participation.transparency.tasks import freeze_closed_reports
from proposals.petitions.models import PetitionStatus
from tests.factories.petitions import PetitionFactory
from tests.transparency.conftest import at, submitted

APRIL = datetime(2026, 4, 15, tzinfo=TASHKENT)
MARCH = period_parse("2026-03")


def figures_of(content, section="petitions"):
    (data,) = [item for item in content["sections"] if item["key"] == section]
    return {item["key"]: item["value"] for item in data["figures"]}


def test_the_hash_is_sha256_of_the_canonical_json_and_recomputing_gives_it_again(march, tree):
    snapshot = report_snapshot_freeze(territory=tree.yangiqorgon, period=MARCH, now=APRIL)
    canonical = json.dumps(snapshot.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert snapshot.sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    snapshot.refresh_from_db()  # read back from PostgreSQL's jsonb (keys reordered)
    assert report_hash(snapshot.content) == snapshot.sha256
    assert report_hash(report_compute(tree.yangiqorgon, MARCH)) == snapshot.sha256


def test_a_frozen_report_does_not_change_when_the_data_does(march, tree):
    snapshot = report_snapshot_freeze(territory=tree.yangiqorgon, period=MARCH, now=APRIL)
    submitted(PetitionFactory(territory=tree.yangiqorgon, status=PetitionStatus.MODERATION), at(3, 20))

    again = report_snapshot_freeze(territory=tree.yangiqorgon, period=MARCH, now=APRIL)

    assert again.pk == snapshot.pk and again.sha256 == snapshot.sha256
    shown = report_content(tree.yangiqorgon, MARCH, now=APRIL)
    assert not shown.live and shown.snapshot == snapshot
    assert figures_of(shown.content)["received"] == 2  # as frozen, not the 3 there are now
    assert figures_of(report_compute(tree.yangiqorgon, MARCH))["received"] == 3


def test_a_new_method_version_adds_a_snapshot_and_the_old_stays_readable(march, tree, monkeypatch):
    old = report_snapshot_freeze(territory=tree.yangiqorgon, period=MARCH, now=APRIL)
    section = registry.report_section("petitions")
    raised = section.version + 1
    monkeypatch.setitem(
        registry._SECTIONS, "petitions", registry.ReportSection(**{**section.__dict__, "version": raised})
    )

    new = report_snapshot_freeze(territory=tree.yangiqorgon, period=MARCH, now=APRIL)

    assert new.pk != old.pk and new.method_version == report_method_version() != old.method_version
    assert f"petitions.{raised}" in new.method_version
    assert report_content(tree.yangiqorgon, MARCH, now=APRIL).snapshot == new
    assert report_content(tree.yangiqorgon, MARCH, method_version=old.method_version, now=APRIL).snapshot == old
    assert set(report_snapshots(territory=tree.yangiqorgon, period=MARCH).values_list("pk", flat=True)) == {
        old.pk,
        new.pk,
    }


def test_the_current_period_is_computed_live_and_never_frozen(march, tree):
    during_march = datetime(2026, 3, 20, tzinfo=TASHKENT)
    with pytest.raises(ValueError, match=PERIOD_STILL_OPEN):
        report_snapshot_freeze(territory=tree.yangiqorgon, period=MARCH, now=during_march)
    shown = report_content(tree.yangiqorgon, MARCH, now=during_march)
    assert shown.live and shown.snapshot is None


def test_an_unknown_method_version_is_not_made_up(march, tree):
    assert report_content(tree.yangiqorgon, MARCH, method_version="petitions.0", now=APRIL) is None


def test_the_monthly_task_freezes_every_khokimiyat_territorys_closed_periods(march, tree, monkeypatch, settings):
    settings.REPORTS_START = date(2025, 11, 1)  # the platform opened in November 2025
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2026, 4, 1, 1, 30, tzinfo=TASHKENT))
    freeze_closed_reports()
    assert freeze_closed_reports() == 0  # a second run changes nothing

    frozen = {(s.territory_id, s.period_kind, s.period_start.isoformat()) for s in ReportSnapshot.objects.all()}
    districts = [tree.namangan, tree.jizzakh, tree.yangiqorgon, tree.zomin, tree.chortoq]
    periods = [
        *(("month", f"{month}-01") for month in ("2025-11", "2025-12", "2026-01", "2026-02", "2026-03")),
        ("quarter", "2025-10-01"),
        ("quarter", "2026-01-01"),
        ("year", "2025-01-01"),  # began before the platform, but its annual report is owed
    ]
    assert frozen == {(territory.pk, kind, start) for territory in districts for kind, start in periods}
    march_report = ReportSnapshot.objects.get(
        territory=tree.yangiqorgon, period_kind="month", period_start=date(2026, 3, 1)
    )
    assert figures_of(march_report.content)["received"] == 2


def test_a_missed_run_and_a_new_method_are_caught_up_by_the_next_run(march, tree, monkeypatch, settings):
    settings.REPORTS_START = date(2026, 1, 1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2026, 3, 1, 1, 30, tzinfo=TASHKENT))
    assert freeze_closed_reports() == 5 * 2  # January and February
    # The run of 1 April never happened; on 1 May March, April and the first quarter are frozen.
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2026, 5, 1, 1, 30, tzinfo=TASHKENT))
    assert freeze_closed_reports() == 5 * 3
    assert ReportSnapshot.objects.filter(territory=tree.yangiqorgon, period_kind="month").count() == 4
    # A new method: every closed period gets a snapshot of it beside the old one.
    section = registry.report_section("petitions")
    raised = registry.ReportSection(**{**section.__dict__, "version": section.version + 1})
    monkeypatch.setitem(registry._SECTIONS, "petitions", raised)
    assert freeze_closed_reports() == 5 * 5
    assert ReportSnapshot.objects.filter(method_version=report_method_version()).count() == 5 * 5
    assert ReportSnapshot.objects.count() == 5 * 5 * 2


def test_a_run_that_finds_everything_frozen_costs_two_queries_however_many(march, tree, monkeypatch, settings):
    settings.REPORTS_START = date(2026, 1, 1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2026, 4, 1, 1, 30, tzinfo=TASHKENT))
    assert freeze_closed_reports() > 0
    with CaptureQueriesContext(connection) as queries:
        assert freeze_closed_reports() == 0
    assert len(queries) == 2


def test_without_a_start_the_task_looks_back_to_january_two_years_ago():
    now = datetime(2026, 12, 7, tzinfo=TASHKENT)
    assert report_freeze_start(now) == date(2024, 1, 1)
    periods = periods_closed_since(report_freeze_start(now), now)
    assert min(p.start for p in periods) == date(2024, 1, 1)
    assert sum(p.kind == "month" for p in periods) == 35  # January 2024 to November 2026
    assert sum(p.kind == "quarter" for p in periods) == 11 and sum(p.kind == "year" for p in periods) == 2


def test_the_freezing_task_runs_every_month():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("freeze_closed_reports"))
    assert entry["task"] == freeze_closed_reports.name
    assert entry["schedule"].day_of_month == {1}
