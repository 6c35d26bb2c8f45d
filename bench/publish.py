"""Publishing a budget cycle of 100,000 ballots × 100 projects, as the background task runs it.

Seeded by bulk inserts (PostgreSQL ``COPY``) into the bench's test database: one cycle of
Yangiqoʻrgʻon in its results phase, 100 projects on the ballot (50 M to 1.5 bn soum, budget
10 bn), 100,000 approval ballots of one to five projects each, projects drawn with a Zipf-like
popularity (seed 13), about 300,000 choices. The ballots are **already opened**, as the
periodic unseal task leaves them once voting has ended (``tasks.unseal_ballots``); the count
then finds no sealed ballot to open. No participation rows (they would need 100,000 users): the
count reads their number, which costs the same for any number of rows.

Lines (value / baseline):

``publish_100k_ballots_s``
    ``results.publication_run``, the body of the task: take the request, read the ballots,
    count with MES + Add1 (the standard completion, ``exhaustive_stop=False``) and greedy,
    store the result, decide the 100 projects, write the ``.pb`` and the CSVs, publish; one
    run. Baseline: **reading the ballots** (``cycle_instance``: the one query every count and
    every old download started from), median of 3 in the same run.
``pb_tally_mes_add1_100k_s``
    The MES + Add1 tally alone on the same instance (median of 3). Baseline: one plain MES run
    on it (median of 3), so the ratio is how many MES runs' worth Add1 costs.
``pb_tally_mes_add1_100k_runs``
    MES runs the shortcut made; baseline: the steps the one-unit loop runs (each one MES run).
``pb_results_pb_100k_ms``
    Downloading ``results.pb`` once published (stored at publication; median of 5). Baseline:
    building it from the 300,000 choices as every download did before (one run).

Run alone with ``python -m bench.publish`` (set DATABASE_URL to your bench database).
"""

from __future__ import annotations

import io
import random
import statistics
import time
import uuid
from datetime import timedelta

from django.db import connection
from django.utils import timezone

BALLOTS = 100_000
PROJECTS = 100
BUDGET = 10_000_000_000
SEED = 13


def _median(function, repeat: int):
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def _copy(table: str, columns: str, rows) -> None:
    """Rows into ``table`` through PostgreSQL COPY (tab-separated text)."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(str(value) for value in row) + "\n")
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        copy.write(buffer.getvalue())


def seed_cycle():
    """The cycle, its manager, its projects and ballots (see the module docstring)."""
    from participation.models import StaffRoleKind, Territory, TerritoryKind, User
    from participation.services.roles import staff_role_grant
    from proposals.budgeting.models import PHASE_ORDER, PBCategory, Project, ProjectStatus
    from proposals.budgeting.services.cycles import PhaseDates, cycle_create

    district = Territory.objects.filter(kind=TerritoryKind.DISTRICT).order_by("pk").first()
    mahallas = list(district.get_children()[:20]) or [district]
    manager = User.objects.create(email="bench-pb-manager@example.uz", full_name="Bench manager")
    staff_role_grant(user=manager, territory=district, role=StaffRoleKind.MANAGER, granted_by=None)
    now = timezone.now()
    start = now - timedelta(days=5) - timedelta(days=20) * PHASE_ORDER.index("results")
    phases = [
        PhaseDates(kind, start + timedelta(days=20) * index, start + timedelta(days=20) * (index + 1))
        for index, kind in enumerate(PHASE_ORDER)
    ]
    cycle = cycle_create(
        territory=district,
        title="Bench: 100,000 ballots",
        budget=BUDGET,
        max_project_cost=1_500_000_000,
        categories=list(PBCategory.objects.all()),
        phases=phases,
        staff=None,
        max_choices=5,
        winner_rule="mes-add1",
        now=now - timedelta(days=100),
    )
    rng = random.Random(SEED)
    category = PBCategory.objects.order_by("pk").first()
    projects = Project.objects.bulk_create(
        Project(
            cycle=cycle,
            title=f"Loyiha {number}",
            description="Mahalladagi ichki yoʻlni asfaltlash.",
            category=category,
            mahalla=mahallas[number % len(mahallas)],
            estimated_cost=(cost := rng.randrange(50, 1500) * 1_000_000),
            staff_cost=cost,
            status=ProjectStatus.FEASIBLE,
            created_at=now - timedelta(days=90),
        )
        for number in range(1, PROJECTS + 1)
    )
    ids = [project.pk for project in projects]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(PROJECTS)]
    day = (now - timedelta(days=30)).date()
    ballots, choices = [], []
    for _ in range(BALLOTS):
        ballot = uuid.uuid4()
        ballots.append((ballot, cycle.pk, day))
        chosen = set()
        size = rng.randint(1, 5)
        while len(chosen) < size:
            chosen.add(rng.choices(ids, weights)[0])
        choices.extend((uuid.uuid4(), ballot, project, 1) for project in chosen)
    _copy("proposals_ballot", "id, cycle_id, cast_on", ballots)
    _copy("proposals_ballotchoice", "id, ballot_id, project_id, points", choices)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE proposals_ballot; ANALYZE proposals_ballotchoice")
    return cycle, manager, len(choices)


def publish_benchmarks(emit) -> None:
    from django.test import Client

    from proposals.budgeting.models import CyclePublication, PublicationStatus
    from proposals.budgeting.services import results
    from proposals.budgeting.services.publication import publication_transition
    from proposals.budgeting.tally import methods as tally
    from proposals.budgeting.transitions import Mover

    cycle, manager, _choices = seed_cycle()
    projects = results._ballot_projects(cycle)
    read_s, instance = _median(lambda: results._instance(cycle, projects), 3)

    add1_s, outcome = _median(lambda: tally.mes_add1(instance), 3)
    mes_s, _ = _median(lambda: tally.mes(instance), 3)
    emit("pb_tally_mes_add1_100k_s", add1_s, "s", mes_s)
    emit("pb_tally_mes_add1_100k_runs", outcome.info["runs"], "runs", outcome.info["steps"])

    # Queued as a manager's request queues it (without the eager run at commit), then the
    # task's own body, timed.
    publication = CyclePublication(cycle=cycle, requested_by=manager, requested_at=timezone.now())
    publication_transition(publication, PublicationStatus.QUEUED, mover=Mover.STAFF, actor=manager, source="")
    start = time.perf_counter()
    published = results.publication_run(publication_id=publication.pk)
    publish_s = time.perf_counter() - start
    publication.refresh_from_db()
    if not published or publication.status != PublicationStatus.PUBLISHED:
        raise AssertionError(f"the bench cycle was not published: {publication.status} {publication.error}")
    emit("publish_100k_ballots_s", publish_s, "s", read_s)

    client = Client()
    url = f"/uz/budget/{cycle.pk}/results.pb"
    download_s, _ = _median(lambda: client.get(url), 5)
    build_s, _ = _median(lambda: results.cycle_export_pb(cycle), 1)
    emit("pb_results_pb_100k_ms", download_s * 1000, "ms", build_s * 1000)


def main() -> None:
    from django.test.utils import setup_test_environment

    from bench.__main__ import emit

    if connection.vendor != "postgresql":
        raise SystemExit("the bench measures PostgreSQL: set DATABASE_URL=postgres://...")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from participation.services.territories import territories_load_reference

        territories_load_reference()
        publish_benchmarks(emit)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
