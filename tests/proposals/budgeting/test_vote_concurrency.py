"""Ballots under concurrency: one per person however many requests arrive at once, and one
cohort per suspicious context however many voters reach its threshold together.

These tests commit (``transactional_db``): every thread works on its own database connection
and must see the others' rows, as web processes do. They run on PostgreSQL, where the calls
really run at once (``run_together``); on SQLite they are skipped with the reason shown.
"""

from datetime import timedelta

import pytest
from django.test import override_settings

from participation.exceptions import ServiceError
from participation.models import User
from proposals.budgeting.models import Ballot, BallotChoice, BallotCohort, Cycle, Participation, SealedBallot
from proposals.budgeting.services import voting as svc
from tests.fixtures.budgeting import open_box
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
    assert Participation.objects.count() == 1 and SealedBallot.objects.count() == 1
    assert open_box(cycle) == 1
    assert BallotChoice.objects.count() == 2  # one ballot's choices, none left over from the losers
    assert Participation.objects.get().receipt_code == cast_ok[0].receipt_code


@override_settings(
    PB_FLAG_ADDRESS_PER_HOUR=5, PB_FLAG_DEVICE_PER_HOUR=100, PB_FLAG_NIGHT_PER_HOUR=1000, PB_SECRECY_K=20
)
def test_many_voters_of_one_address_at_once_make_one_cohort_at_the_count(make_cycle, make_project, resident):
    """Forty neighbours voting at once through one mahalla hotspot: every ballot counts, and at
    the count the cohort exists once and holds every ballot of that address and hour (so it
    stands for all forty people, not for the latecomers past the threshold)."""
    cycle = make_cycle("voting")
    project = make_project(cycle)
    voters = [resident() for _ in range(40)]
    calls = [cast(cycle.pk, voter.pk, {project.pk: 1}, ip="192.0.2.200") for voter in voters]

    outcomes = run_together(calls, workers=40)

    assert unexpected(outcomes) == []
    assert all(isinstance(o, Participation) for o in outcomes)
    assert Participation.objects.count() == SealedBallot.objects.count() == 40
    assert Ballot.objects.count() == 0 and BallotCohort.objects.count() == 0  # sealed until the count

    assert open_box(cycle) == 40
    cohort = BallotCohort.objects.get()
    assert cohort.kind == "address" and cohort.hour == T0
    assert cohort.ballots.count() == Ballot.objects.count() == 40
