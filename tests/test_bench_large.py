"""The bench's large data set (``bench/large.py``) keeps the platform's invariants, seeded here
at 1/1000 of its size on the test database: what the growth bench measures is data the
platform itself could have written, and a kept data set is not seeded twice."""

import pytest
from django.db import connection
from django.db.models import Count, F, Q

from bench import large
from participation.models import User
from proposals.budgeting.models import Ballot, BallotChoice, Cycle, Participation, ProjectStatus
from proposals.petitions.models import MahallaSignatureCount, Petition, Signature
from proposals.questions.models import Question
from tests.fixtures.concurrency import postgres_only

# Bulk SQL (generate_series, gen_random_uuid, COPY, temporary tables) is PostgreSQL's.
pytestmark = postgres_only


@pytest.fixture(scope="module")
def grown_once(seeded_once, django_db_blocker):
    """Seeded once for the module, inside the demo's module transaction (rolled back after)."""
    with django_db_blocker.unblock():
        return large.seed_large(0.001)


@pytest.fixture
def grown(grown_once, seeded):
    return grown_once


def test_every_petition_counts_exactly_its_valid_signatures(grown):
    petitions = Petition.objects.annotate(
        rows=Count("signatures", filter=Q(signatures__withdrawn_at=None, signatures__invalidation=None))
    )
    assert [p.pk for p in petitions if p.signature_count != p.rows] == []
    seeded = Signature.objects.filter(user__email__endswith=large.RESIDENT_EMAIL)
    assert seeded.count() == 1000
    assert Petition.objects.get(pk=grown["big_petition"]).signature_count == 200
    # Each signature carries its signer's mahalla, as signing writes it.
    assert not seeded.exclude(mahalla=F("user__home_territory")).exists()
    # The per-mahalla counts the petition page reads agree with the rows, as signing keeps them.
    kept = {(c.petition_id, c.mahalla_id): c.count for c in MahallaSignatureCount.objects.all()}
    counted = {
        (row["petition_id"], row["mahalla_id"]): row["n"]
        for row in Signature.objects.filter(withdrawn_at=None, invalidation=None)
        .values("petition_id", "mahalla_id")
        .annotate(n=Count("pk"))
    }
    assert kept == counted


def test_the_grown_district_has_its_residents_and_questions(grown):
    assert User.objects.filter(email__endswith=large.RESIDENT_EMAIL, home_territory__kind="mahalla").count() == 200
    assert Question.objects.filter(author__email__endswith=large.RESIDENT_EMAIL, status="published").count() == 5


def test_the_large_cycle_is_published_by_the_service_from_its_ballots(grown):
    cycle = Cycle.objects.get(pk=grown["cycle"])
    assert cycle.results_published_at is not None
    result = cycle.result
    assert result.ballots_counted == Ballot.objects.filter(cycle=cycle).count() == 100
    assert result.participants == Participation.objects.filter(cycle=cycle).count() == 100
    assert result.eligible >= 200  # stored turnout: the district's verified residents
    choices = BallotChoice.objects.filter(ballot__cycle=cycle).values("ballot").annotate(n=Count("id"))
    assert {row["n"] for row in choices} <= {1, 2, 3, 4, 5}
    assert sum(result.votes.values()) == BallotChoice.objects.filter(ballot__cycle=cycle).count()
    winners = set(cycle.projects.filter(status=ProjectStatus.SELECTED).values_list("pk", flat=True))
    assert winners == set(result.selected)


def test_a_finished_seeding_is_kept_and_a_stale_one_is_not(db, monkeypatch):
    monkeypatch.delenv("BENCH_RESEED", raising=False)
    with connection.cursor() as cursor:
        assert large.read_marker(cursor) is None
        assert large.needs_seeding(None, 1.0)
        large.mark(scale=1.0, seconds=60)
        marker = large.read_marker(cursor)
    assert not large.needs_seeding(marker, 1.0)
    assert large.needs_seeding(marker, 0.5)  # another size
    assert large.needs_seeding((large.SEED_FORMAT - 1, 1.0), 1.0)  # an older shape
    monkeypatch.setenv("BENCH_RESEED", "1")
    assert large.needs_seeding(marker, 1.0)
