"""How long a district's yearly transparency report takes to build at the large data set.

The report is what the report page shows for a period not yet frozen, and what the snapshot
task freezes once it closes: ``participation.transparency.selectors.report_compute``, every
registered section (petitions, questions, budgeting, consultations, meetings, moderation and
"who took part"), then its people counts audited against the months and quarters it adds up
(``participation.transparency.linked``). It is timed here without freezing anything, on the
kept large database (``bench.large``), for Yangiqoʻrgʻon and the year that holds the seeded
data; the warm-up run computes those months and quarters and the live-report cache keeps them,
as the monthly task's snapshots or a page view before would, so the figure is the year's own
build and its audit.

Lines:

``report_district_year_ms``
    value = median ms of ``report_compute`` (5 runs after a warm-up), baseline = the same
    counts done the plainest way: one ``SELECT count(*)`` per section (the district's
    signatures, questions, budget votes, consultation inputs, meetings held and moderation
    decisions in the year), their times added up. Target: value under 2,000 ms.
``report_section_<key>_ms``
    value = median ms of that section's ``compute``; baseline = the plain count of its kind
    (the participants section: the sum of the counts of what it adds up).

The report page's queries are counted by the growth bench (``bench.pages``: ``report_year``,
so ``queries_report_year`` compares the large data set with the demo's).

Run alone with ``python -m bench.reports``: it makes the large database current (seeding it the
first time), then measures in a process of its own on that database.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta

RUNS = 5
DISTRICT = "Yangiqoʻrgʻon tumani"
# The seeded data spans the 330 days before the seeding; the year holding its middle holds most.
DATA_MIDDLE_DAYS_AGO = 165


def report_district_and_year(now=None):
    """(Yangiqoʻrgʻon, the year period holding most of the seeded data)."""
    from django.utils import timezone

    from participation.models import Territory, TerritoryKind
    from participation.transparency.periods import PeriodKind, period_containing

    now = now or timezone.now()
    district = Territory.objects.get(kind=TerritoryKind.DISTRICT, name_uz=DISTRICT)
    return district, period_containing(PeriodKind.YEAR, now - timedelta(days=DATA_MIDDLE_DAYS_AGO))


def report_year_slug(now=None) -> str:
    """The year's slug, without the database (``bench.pages`` uses it at both sizes)."""
    from django.utils import timezone

    from participation.transparency.periods import PeriodKind, period_containing

    now = now or timezone.now()
    return period_containing(PeriodKind.YEAR, now - timedelta(days=DATA_MIDDLE_DAYS_AGO)).slug


def plain_counts(district, period) -> dict[str, str]:
    """Section key -> one plain ``SELECT count(*)`` of what it counts, in the district's
    territories and the period (the floor any report of these rows stands on)."""
    from meetings.consultations.models import Consultation, Input
    from meetings.meetings.models import Meeting
    from participation.models import ModerationItem, Territory
    from proposals.budgeting.models import Cycle, Participation
    from proposals.petitions.models import Petition, Signature
    from proposals.questions.models import Question

    territories = f"SELECT id FROM {Territory._meta.db_table} WHERE path LIKE %(path)s"
    within = "{} >= %(start)s AND {} < %(end)s"
    return {
        "petitions": f"SELECT count(*) FROM {Signature._meta.db_table} s JOIN {Petition._meta.db_table} p "
        f"ON p.id = s.petition_id WHERE p.territory_id IN ({territories}) AND "
        + within.format("s.created_at", "s.created_at"),
        "questions": f"SELECT count(*) FROM {Question._meta.db_table} WHERE territory_id IN ({territories}) AND "
        + within.format("created_at", "created_at"),
        "budgeting": f"SELECT count(*) FROM {Participation._meta.db_table} v JOIN {Cycle._meta.db_table} c "
        f"ON c.id = v.cycle_id WHERE c.territory_id IN ({territories}) AND "
        + within.format("v.voted_hour", "v.voted_hour"),
        "consultations": f"SELECT count(*) FROM {Input._meta.db_table} i JOIN {Consultation._meta.db_table} c "
        f"ON c.id = i.consultation_id WHERE c.territory_id IN ({territories}) AND "
        + within.format("i.created_at", "i.created_at"),
        "meetings": f"SELECT count(*) FROM {Meeting._meta.db_table} WHERE territory_id IN ({territories}) AND "
        "status = 'announced' AND " + within.format("ends_at", "ends_at"),
        "moderation": f"SELECT count(*) FROM {ModerationItem._meta.db_table} WHERE territory_id IN ({territories}) "
        "AND " + within.format("decided_at", "decided_at"),
    }


def _median_ms(function, runs: int = RUNS) -> float:
    function()  # warm-up: plans, caches, the first read of the pages from disk
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure() -> dict:
    """In this process, on ``DATABASE_URL``: the build, each section and the plain counts."""
    import django

    django.setup()
    from django.db import connection

    from participation.transparency.registry import report_sections
    from participation.transparency.selectors import report_compute

    district, period = report_district_and_year()
    params = {"path": f"{district.path}%", "start": period.starts_at, "end": period.ends_at}
    queries = plain_counts(district, period)

    def count(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    counts = {key: count(sql) for key, sql in queries.items()}
    baselines = {key: _median_ms(lambda sql=sql: count(sql)) for key, sql in queries.items()}
    sections = {
        section.key: _median_ms(lambda section=section: section.compute(district, period), runs=3)
        for section in report_sections()
    }
    build = _median_ms(lambda: report_compute(district, period))
    return {
        "period": period.slug,
        "build_ms": build,
        "baseline_ms": sum(baselines.values()),
        "sections_ms": sections,
        "baselines_ms": baselines,
        "counts": counts,
    }


def report_benchmarks(emit) -> dict:
    """Make the large database current, measure there, and emit the lines."""
    from bench.growth import _subprocess_env, ensure_database
    from bench.server import ROOT

    url = ensure_database(demo=False)
    env = {**_subprocess_env(), "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "participation.config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.reports", "--measure"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    sys.stderr.write(f"[bench.reports] {DISTRICT} {figures['period']}: rows counted {json.dumps(figures['counts'])}\n")
    emit("report_district_year_ms", figures["build_ms"], "ms", figures["baseline_ms"])
    baselines = figures["baselines_ms"]
    for key, value in figures["sections_ms"].items():
        # "Who took part" adds up the acts of every feature: its floor is all their counts.
        baseline = baselines.get(key, sum(baselines.values()))
        emit(f"report_section_{key}_ms", value, "ms", baseline)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description="The district's yearly report at the large data set.")
    parser.add_argument("--measure", action="store_true", help="measure in this process on DATABASE_URL")
    args = parser.parse_args()
    if args.measure:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participation.config.settings.test")
        print(json.dumps(measure()), flush=True)
        return
    from bench.growth import _emit

    report_benchmarks(_emit)


if __name__ == "__main__":
    main()
