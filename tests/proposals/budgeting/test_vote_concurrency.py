"""Ballots under concurrency: one per person however many requests arrive at once, and one
cohort per suspicious context however many voters reach its threshold together.

These tests commit (``transactional_db``): every thread works on its own database connection
and must see the others' rows, as web processes do. They run on PostgreSQL, where the calls
really run at once (``run_together``); on SQLite they are skipped with the reason shown.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from participation.exceptions import ServiceError
from participation.models import User
from proposals.budgeting.models import Ballot, BallotChoice, BallotCohort, Cycle, Participation
from proposals.budgeting.services import voting as svc
from proposals.budgeting.services.voting import ballot_cast, ballots_reseal
from tests.fixtures.clock import T0
from tests.fixtures.concurrency import postgres_only, run_together, unexpected

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]

NOW = T0 + timedelta(minutes=5)


def cast(cycle_id: int, user_id: int, choices: dict, *, ip: str = "", now=NOW):
    """What a web request does: load the cycle and the person afresh, then cast."""
    return lambda: svc.ballot_cast(
        Cycle.objects.select_related("territory").get(pk=cycle_id),
        User.objects.select_related("home_territory").get(pk=user_id),
        choices,
        ip=ip,
        now=now,
    )


def test_fifty_ballots_at_once_from_one_person_make_one(make_cycle, make_project, resident):
    cycle = make_cycle("voting")
    projects = [make_project(cycle) for _ in range(3)]
    voter = resident()
    # Each request ticks a different pair, so the stored ballot shows which one won.
    calls = [cast(cycle.pk, voter.pk, {projects[i % 3].pk: 1, projects[(i + 1) % 3].pk: 1}) for i in range(50)]

    outcomes = run_together(calls)

    assert unexpected(outcomes) == []
    cast_ok = [o for o in outcomes if isinstance(o, Participation)]
    refused = [o for o in outcomes if isinstance(o, ServiceError)]
    assert len(cast_ok) == 1
    assert len(refused) == 49 and {o.message for o in refused} == {svc.ALREADY_VOTED}
    assert Participation.objects.count() == 1 and Ballot.objects.count() == 1
    assert BallotChoice.objects.count() == 2  # one ballot's choices, none left over from the losers
    assert Participation.objects.get().receipt_code == cast_ok[0].receipt_code


@override_settings(PB_FLAG_ADDRESS_PER_HOUR=5, PB_FLAG_DEVICE_PER_HOUR=100, PB_FLAG_NIGHT_PER_HOUR=1000)
def test_many_voters_of_one_address_at_once_share_one_cohort(make_cycle, make_project, resident):
    """Forty neighbours voting at once through one mahalla hotspot: every ballot counts, the
    cohort exists once (no duplicate, no error from the race to create it), and it holds no
    ballot cast before the address reached the threshold."""
    cycle = make_cycle("voting")
    project = make_project(cycle)
    voters = [resident() for _ in range(40)]
    calls = [cast(cycle.pk, voter.pk, {project.pk: 1}, ip="192.0.2.200") for voter in voters]

    outcomes = run_together(calls, workers=40)

    assert unexpected(outcomes) == []
    assert all(isinstance(o, Participation) for o in outcomes)
    assert Participation.objects.count() == Ballot.objects.count() == 40
    assert BallotCohort.objects.count() <= 1
    # Each voter counted what was committed when they looked, so at most the 36 ballots cast
    # from the 5th participation on are in it; a concurrent voter may see fewer and stay out.
    assert sum(c.ballots.count() for c in BallotCohort.objects.all()) <= 40 - 5 + 1

    late = resident()
    run_together([cast(cycle.pk, late.pk, {project.pk: 1}, ip="192.0.2.200", now=NOW + timedelta(minutes=20))])
    cohort = BallotCohort.objects.get()  # now certain: the context holds 41 participations
    assert cohort.kind == "address" and cohort.hour == T0


@pytest.mark.django_db(transaction=True)
def test_after_resealing_no_ballot_row_carries_a_transaction_id_next_to_its_voter(
    tree, make_cycle, make_project, resident
):
    """PostgreSQL stamps rows with the writing transaction's id (xmin). A ballot written in its
    voter's transaction sits next to the participation's id; the reseal rewrites every ballot
    row of the cycle in one transaction, so they all share one id, unrelated to any voter."""
    cycle = make_cycle("voting", at=timezone.now())
    projects = [make_project(cycle, cost=100_000_000) for _ in range(3)]
    for index in range(4):
        ballot_cast(cycle, resident(), {projects[index % 3].pk: 1, projects[(index + 1) % 3].pk: 1})

    def xmins(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [cycle.pk])
            return {int(row[0]) for row in cursor.fetchall()}

    participation_ids = xmins("SELECT xmin::text FROM proposals_participation WHERE cycle_id = %s")
    ballot_sql = "SELECT xmin::text FROM proposals_ballot WHERE cycle_id = %s"
    choice_sql = (
        "SELECT c.xmin::text FROM proposals_ballotchoice c JOIN proposals_ballot b ON b.id = c.ballot_id"
        " WHERE b.cycle_id = %s"
    )
    assert len(xmins(ballot_sql)) == 4  # before: one per voter's transaction, each next to its voter's
    assert ballots_reseal(cycle) == 4
    after = xmins(ballot_sql) | xmins(choice_sql)
    assert len(after) == 1 and not after & participation_ids
