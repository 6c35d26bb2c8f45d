"""The attacks on ballot secrecy tried against the stored data itself, as someone who reads the
database, its backups and its physical row order would (docs/ballot-secrecy.md).

Forty voters each cast a different ballot, so a pairing of a participation with a ballot is
either exactly right or wrong. Each attack lines the two tables up its own way and counts
the voters it matched to their own ballot. Before sealing, ordering both tables by physical
position matched every voter; a random pairing matches one on average, and more than eight
of forty happens about once in a million runs (the number of fixed points of a random
permutation is nearly Poisson(1)), so the bound separates "no better than chance" from any
real link without making the test flaky.

They commit (``transaction=True``) so that ``pg_dump`` sees the rows, as a backup would.
"""

import itertools
import os
import shutil
import subprocess
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from cryptography.exceptions import InvalidTag
from django.db import connection
from django.test import override_settings

from participation.exceptions import ServiceError
from proposals.budgeting import sealing
from proposals.budgeting.models import Ballot, BallotChoice, Participation, SealedBallot
from proposals.budgeting.services import ballot_box
from proposals.budgeting.services import voting as svc
from tests.fixtures.budgeting import after_voting, open_box
from tests.fixtures.clock import T0
from tests.fixtures.concurrency import postgres_only

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = 40
CHANCE_BOUND = 8  # matches out of 40 that a random pairing exceeds about once in a million


@pytest.fixture
def election(make_cycle, make_project, resident):
    """Forty voters over two days (twenty a day), each with a different ballot; returns the
    cycle and what each voter (user pk) chose."""
    cycle = make_cycle("voting", max_choices=3)
    projects = [make_project(cycle) for _ in range(8)]
    ballots = [frozenset(p.pk for p in combo) for size in (1, 2, 3) for combo in itertools.combinations(projects, size)]
    chosen = {}
    for index in range(VOTERS):
        voter = resident()
        at = T0 + timedelta(days=index // 20, minutes=7 * (index % 20))
        svc.ballot_cast(cycle, voter, dict.fromkeys(ballots[index], 1), ip=f"198.51.100.{index}", now=at)
        chosen[voter.pk] = ballots[index]
    return cycle, chosen


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _position() -> str:
    return "ctid" if connection.vendor == "postgresql" else "rowid"


def _key(value) -> str:
    """A UUID however the database hands it over (SQLite: 32 hex digits)."""
    return uuid.UUID(str(value)).hex


def _choices_by_ballot(cycle) -> dict:
    choices: dict = {}
    for ballot_id, project_id in BallotChoice.objects.filter(ballot__cycle=cycle).values_list(
        "ballot_id", "project_id"
    ):
        choices.setdefault(_key(ballot_id), set()).add(project_id)
    return {key: frozenset(value) for key, value in choices.items()}


def _voter_of(cycle) -> dict:
    return {_key(pk): user for pk, user in Participation.objects.filter(cycle=cycle).values_list("id", "user_id")}


def _matches(participation_ids, ballot_ids, cycle, chosen) -> int:
    voter_of, choices = _voter_of(cycle), _choices_by_ballot(cycle)
    return sum(
        1 for p, b in zip(participation_ids, ballot_ids, strict=True) if chosen[voter_of[_key(p)]] == choices[_key(b)]
    )


def _by_position(table: str, cycle) -> list:
    return [row[0] for row in _rows(f"SELECT id FROM {table} WHERE cycle_id = %s ORDER BY {_position()}", [cycle.pk])]


def test_physical_row_order_pairs_no_better_than_chance(election):
    cycle, chosen = election
    assert open_box(cycle) == VOTERS
    matched = _matches(
        _by_position("proposals_participation", cycle), _by_position("proposals_ballot", cycle), cycle, chosen
    )
    assert matched <= CHANCE_BOUND, f"{matched} of {VOTERS} voters paired with their ballot by {_position()}"


def test_ballot_keys_and_dates_pair_no_better_than_chance(election):
    """Ordering both sides by key, or pairing within a day (the finest time both share)."""
    cycle, chosen = election
    open_box(cycle)
    by_key = _matches(
        list(Participation.objects.filter(cycle=cycle).order_by("id").values_list("id", flat=True)),
        list(Ballot.objects.filter(cycle=cycle).order_by("id").values_list("id", flat=True)),
        cycle,
        chosen,
    )
    by_time = _matches(
        list(Participation.objects.filter(cycle=cycle).order_by("voted_hour", "id").values_list("id", flat=True)),
        list(Ballot.objects.filter(cycle=cycle).order_by("cast_on", "id").values_list("id", flat=True)),
        cycle,
        chosen,
    )
    assert by_key <= CHANCE_BOUND and by_time <= CHANCE_BOUND, (by_key, by_time)
    # Twenty a day: each date on a ballot is shared by twenty (k) ballots.
    assert sorted(Ballot.objects.values_list("cast_on", flat=True).distinct()) == [T0.date(), T0.date() + timedelta(1)]


@postgres_only
def test_transaction_ids_pair_no_better_than_chance(election):
    """PostgreSQL's xmin: a participation is stamped with its voter's transaction; every ballot,
    choice and cohort membership with the count's one transaction."""
    cycle, chosen = election
    open_box(cycle)
    ballot_xmins = {
        row[0]
        for row in _rows(
            "SELECT b.xmin::text FROM proposals_ballot b WHERE b.cycle_id = %s UNION "
            "SELECT c.xmin::text FROM proposals_ballotchoice c JOIN proposals_ballot b ON b.id = c.ballot_id "
            "WHERE b.cycle_id = %s",
            [cycle.pk, cycle.pk],
        )
    }
    participation_xmins = _rows(
        "SELECT id, xmin::text::bigint FROM proposals_participation WHERE cycle_id = %s", [cycle.pk]
    )
    assert len(ballot_xmins) == 1
    assert int(next(iter(ballot_xmins))) > max(xmin for _id, xmin in participation_xmins)
    by_xmin = _matches(
        [pid for pid, _ in sorted(participation_xmins, key=lambda row: row[1])],
        [
            row[0]
            for row in _rows(
                "SELECT id FROM proposals_ballot WHERE cycle_id = %s ORDER BY xmin::text, ctid", [cycle.pk]
            )
        ],
        cycle,
        chosen,
    )
    assert by_xmin <= CHANCE_BOUND


def _copy_blocks(dump: str) -> dict[str, list[dict]]:
    """The rows of each table in a plain-text pg_dump, in the dump's order."""
    blocks: dict[str, list[dict]] = {}
    lines = iter(dump.splitlines())
    for line in lines:
        if not line.startswith("COPY "):
            continue
        table = line.split()[1].split(".")[-1]
        columns = [c.strip() for c in line[line.index("(") + 1 : line.index(")")].split(",")]
        rows = blocks.setdefault(table, [])
        for row in lines:
            if row == "\\.":
                break
            rows.append(dict(zip(columns, row.split("\t"), strict=True)))
    return blocks


@postgres_only
def test_the_row_order_of_a_backup_pairs_no_better_than_chance(election):
    cycle, chosen = election
    open_box(cycle)
    settings = connection.settings_dict
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump (postgresql-client) is needed to test what a backup reveals"
    dump = subprocess.run(
        [
            pg_dump,
            "--data-only",
            "--host",
            settings.get("HOST") or "127.0.0.1",
            "--port",
            str(settings.get("PORT") or 5432),
            "--username",
            settings.get("USER") or "postgres",
            "--table",
            "proposals_participation",
            "--table",
            "proposals_ballot",
            settings["NAME"],
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""},
    ).stdout
    blocks = _copy_blocks(dump)
    participations = [row["id"] for row in blocks["proposals_participation"] if row["cycle_id"] == str(cycle.pk)]
    ballots = [row["id"] for row in blocks["proposals_ballot"] if row["cycle_id"] == str(cycle.pk)]
    assert len(participations) == len(ballots) == VOTERS
    assert _matches(participations, ballots, cycle, chosen) <= CHANCE_BOUND


def test_before_the_count_a_sealed_ballot_says_nothing(election):
    """During voting the sealed rows sit beside their voters, so they must be unreadable: all the
    same length whatever was chosen, no project key inside, and no opening without the key."""
    cycle, _chosen = election
    sealed = [bytes(row) for row in SealedBallot.objects.filter(cycle=cycle).values_list("sealed", flat=True)]
    assert len(sealed) == VOTERS and not Ballot.objects.filter(cycle=cycle).exists()
    assert len({len(item) for item in sealed}) == 1  # one choice or three: the same size
    assert len(set(sealed)) == VOTERS
    with override_settings(PB_BALLOT_SEAL_KEY="A" * 43), pytest.raises(InvalidTag):
        sealing.unseal(cycle.pk, sealed[0])
    with pytest.raises(InvalidTag):  # nor in another cycle
        sealing.unseal(cycle.pk + 1, sealed[0])
    assert sealing.unseal(cycle.pk, sealed[0])["choices"]


def test_the_box_stays_sealed_while_voting_is_open(election):
    cycle, _chosen = election
    with pytest.raises(ServiceError) as refused:
        ballot_box.ballots_unseal(cycle, now=T0 + timedelta(days=2))
    assert refused.value.message == ballot_box.STILL_VOTING
    assert SealedBallot.objects.filter(cycle=cycle).count() == VOTERS


def test_a_crash_while_casting_loses_no_counted_vote_and_allows_no_second(make_cycle, make_project, resident):
    """The participation and the sealed ballot are written together or not at all."""
    cycle = make_cycle("voting")
    project = make_project(cycle)
    voter = resident()
    with mock.patch.object(SealedBallot.objects, "create", side_effect=OSError("disk full")), pytest.raises(OSError):
        svc.ballot_cast(cycle, voter, {project.pk: 1}, now=T0)
    assert not Participation.objects.exists() and not SealedBallot.objects.exists()  # may try again
    svc.ballot_cast(cycle, voter, {project.pk: 1}, now=T0)
    with pytest.raises(ServiceError):
        svc.ballot_cast(cycle, voter, {project.pk: 1}, now=T0 + timedelta(minutes=1))
    assert Participation.objects.count() == SealedBallot.objects.count() == 1


def test_a_crash_during_the_count_loses_no_ballot(election):
    cycle, chosen = election
    with (
        mock.patch.object(BallotChoice.objects, "bulk_create", side_effect=OSError("disk full")),
        pytest.raises(OSError),
    ):
        open_box(cycle)
    assert SealedBallot.objects.filter(cycle=cycle).count() == VOTERS and not Ballot.objects.exists()
    assert open_box(cycle) == VOTERS
    assert sorted(_choices_by_ballot(cycle).values(), key=sorted) == sorted(chosen.values(), key=sorted)


def test_a_late_count_after_an_extension_reshuffles_everything(election, make_project, resident):
    """Voting reopened by an extension after a first count: the second count shuffles the new
    ballots in with all the others, so the latecomers are not a small group of their own."""
    cycle, _chosen = election
    open_box(cycle)
    first_ids = set(Ballot.objects.values_list("id", flat=True))
    voting = cycle.phases.get(kind="voting")
    voting.ends_at += timedelta(days=2)
    voting.save()
    late = resident()
    svc.ballot_cast(cycle, late, {cycle.projects.first().pk: 1}, now=after_voting(cycle) - timedelta(hours=1))
    assert open_box(cycle) == 1
    assert Ballot.objects.count() == VOTERS + 1
    assert not first_ids & set(Ballot.objects.values_list("id", flat=True))  # every row written afresh


def test_a_secret_key_rotated_during_voting_loses_no_ballot():
    """With the sealing key derived from SECRET_KEY, a rotation done as Django documents it
    (the old key kept in SECRET_KEY_FALLBACKS until the count) still opens every ballot."""
    with override_settings(SECRET_KEY="old-" + "k" * 50, PB_BALLOT_SEAL_KEY=""):
        sealed = sealing.seal(7, {"choices": [[1, 1]]})
    with override_settings(
        SECRET_KEY="new-" + "k" * 50, SECRET_KEY_FALLBACKS=["old-" + "k" * 50], PB_BALLOT_SEAL_KEY=""
    ):
        assert sealing.unseal(7, sealed) == {"choices": [[1, 1]]}
    rotated_without_fallback = override_settings(
        SECRET_KEY="new-" + "k" * 50, SECRET_KEY_FALLBACKS=[], PB_BALLOT_SEAL_KEY=""
    )
    with rotated_without_fallback, pytest.raises(InvalidTag):
        sealing.unseal(7, sealed)
