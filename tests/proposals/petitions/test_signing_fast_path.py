"""Signing's fast path (``proposals.petitions.services.signing``: no petition read, the rules in
the INSERT's own WHERE) treats every person exactly as the full path
(``lifecycle.petition_sign``) does: the same signatures, counts, messages and rate-limit
counters, whatever the petition's status, closing time and rules and the person's
verification, home and earlier signature. On PostgreSQL the fast path concludes every
ordinary first signature on its own and nothing else; elsewhere it always hands over, and the
hand-over is what is proven equal.
"""

import itertools
import time
import types
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from participation import ratelimit
from participation.exceptions import ServiceError
from participation.models import User, VerificationLevel
from participation.ratelimit import _checks, _windows, recent_total
from proposals.petitions.models import (
    MahallaSignatureCount,
    Petition,
    PetitionEvent,
    Signature,
    SignatureInvalidation,
)
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from proposals.petitions.services import signing
from proposals.petitions.services.lifecycle import _burst_key
from tests.fixtures.petitions import published_recently

IP = "10.20.30.40"
POSTGRES = connection.vendor == "postgresql"

# (status, when collection closes relative to the attempt): the open ones and every way of not being open.
COLLECTIONS = [
    (S.COLLECTING, timedelta(days=3)),
    (S.THRESHOLD_REACHED, timedelta(days=3)),
    (S.COLLECTING, -timedelta(seconds=1)),
    (S.COLLECTING, timedelta(0)),  # closes at the very moment of the attempt: closed
    (S.THRESHOLD_REACHED, -timedelta(days=1)),
    (S.ANSWERED, timedelta(days=3)),
    (S.CLOSED, timedelta(days=3)),
    (S.REJECTED, timedelta(days=3)),
    (S.MODERATION, timedelta(days=3)),
    (S.WITHDRAWN, timedelta(days=3)),
]
LEVELS = [VerificationLevel.NONE, VerificationLevel.EMAIL, VerificationLevel.PHONE]  # the petition asks EMAIL
HOMES = ["navbahor", "yangiqorgon", "bogʻishamol", None]  # a mahalla inside, the district itself, outside, none
EARLIER = ["none", "valid", "withdrawn", "invalidated"]  # made while they lived inside, before moving
# "near": within PETITION_FAST_SIGNING_MARGIN of it (counted at once, so the full path's).
THRESHOLDS = ["far", "near", "this one"]


@pytest.fixture
def fixed_clock(monkeypatch):
    """Both paths count the rate limits in the same window, even across the end of an hour."""
    at = time.time()
    clock = types.SimpleNamespace(time=lambda: at)
    monkeypatch.setattr("participation.ratelimit.time", clock)
    monkeypatch.setattr("proposals.petitions.services.signing.time", clock)
    return clock


@pytest.fixture
def generous_limits(settings):
    """Hundreds of attempts by one person in a test: the limits' counting is compared, not
    their refusal (``test_over_the_limit_...`` below is about that)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "petition_sign": {"user": (10**6, 3600), "ip": (10**6, 3600)}}


def _counters(person, petition_id, now) -> tuple[int, ...]:
    keys = _windows(_checks("petition_sign", person, IP), ratelimit.time.time())
    limits = tuple(int(cache.get(key) or 0) for key in keys)
    burst, _flags = recent_total(_burst_key(petition_id, IP), window=3600, at=now.timestamp())
    return (*limits, burst)


def _prepare(petition, person, tree, people, case, now):
    """Bring the petition and the person to the case, with the earlier signature made while
    the petition was open and the person lived inside."""
    (status, closes_in), level, residents_only, home, earlier, threshold = case
    before = now - timedelta(hours=1)
    if earlier != "none":
        svc.petition_sign(petition=petition, user=person, now=before)
    if earlier == "withdrawn":
        svc.petition_unsign(petition=petition, user=person, now=before)
    if earlier == "invalidated":
        invalidation = SignatureInvalidation.objects.create(
            petition=petition,
            signed_from=before,
            signed_until=now,
            reason="test",
            staff=people.moderator,
            created_at=before,
            count=1,
        )
        Signature.objects.filter(petition=petition, user=person).update(invalidation=invalidation)
    count = Petition.objects.get(pk=petition.pk).signature_count
    Petition.objects.filter(pk=petition.pk).update(
        status=status,
        closes_at=now + closes_in,
        verification_level=VerificationLevel.EMAIL,
        residents_only=residents_only,
        signatures_needed={"this one": count + 1, "near": count + 2}.get(threshold, 1000),
        answered_at=now - timedelta(days=1) if status == S.ANSWERED else None,
    )
    User.objects.filter(pk=person.pk).update(
        verification_level=level, home_territory=getattr(tree, home) if home else None
    )


def _as_a_request_loads(petition_id, person_id):
    person = User.objects.select_related("home_territory").get(pk=person_id)
    return Petition.objects.select_related("territory").get(pk=petition_id), person


def _full(petition_id, person_id, now):
    petition, person = _as_a_request_loads(petition_id, person_id)
    return svc.petition_sign(petition=petition, user=person, ip=IP, now=now), False


def _fast_then_full(petition_id, person_id, now):
    person = User.objects.select_related("home_territory").get(pk=person_id)
    attempt = signing.petition_sign_fast(petition_id=petition_id, user=person, ip=IP, now=now)
    if isinstance(attempt, Signature):
        return attempt, True
    petition, person = _as_a_request_loads(petition_id, person_id)
    return svc.petition_sign(petition=petition, user=person, ip=IP, now=now, attempt=attempt), False


def _outcome(path, petition, person, tree, people, case, now):
    """What the person and the public see after the attempt, and what the limits counted;
    then everything is rolled back for the next case (the counters are compared as changes)."""
    with transaction.atomic():
        _prepare(petition, person, tree, people, case, now)
        counters = _counters(person, petition.pk, now)
        try:
            signature, concluded_fast = path(petition.pk, person.pk, now)
            answer = "thanked" if signature.created_at == now else "already signed"
        except ServiceError as error:
            answer, concluded_fast = str(error.message), False
        after = Petition.objects.get(pk=petition.pk)
        row = Signature.objects.filter(petition=petition, user=person).values_list(
            "withdrawn_at", "invalidation_id", "created_at", "mahalla_id", "ip"
        )
        seen = {
            "answer": answer,
            "count": after.signature_count,
            "status": after.status,
            "signature": [(w is None, i is not None, c == now, m, str(a) if a else None) for w, i, c, m, a in row],
            "by mahalla": sorted(
                MahallaSignatureCount.objects.filter(petition=petition).values_list("mahalla_id", "count"),
                key=str,
            ),
            "events": PetitionEvent.objects.filter(petition=petition).count(),
            "counted": tuple(b - a for a, b in zip(counters, _counters(person, petition.pk, now), strict=True)),
        }
        transaction.set_rollback(True)
    return seen, concluded_fast


OPEN = COLLECTIONS[0]
ELIGIBLE = (VerificationLevel.EMAIL, "navbahor")

# The matrix: every axis against those it could interact with, the others held at an
# eligible person signing an open petition. (The whole product, 1,920 cases, proves no more
# than these and takes ten minutes on PostgreSQL.)
CASES = sorted(
    {
        # Who the person is, against the petition's rules and their earlier signature.
        *(
            (OPEN, level, residents_only, home, earlier, "far")
            for level, residents_only, home, earlier in itertools.product(LEVELS, [True, False], HOMES, EARLIER)
        ),
        # Whether the petition is open, against the earlier signature and the threshold.
        *(
            (collection, *ELIGIBLE[:1], True, ELIGIBLE[1], earlier, threshold)
            for collection, earlier, threshold in itertools.product(COLLECTIONS, EARLIER, THRESHOLDS)
        ),
        # Whether the petition is open, against who the person is.
        *(
            (collection, level, True, home, "none", "far")
            for collection, level, home in itertools.product(COLLECTIONS, LEVELS, HOMES)
        ),
    },
    key=str,
)


@pytest.mark.parametrize("part", [0, 1, 2])
def test_the_fast_path_accepts_and_refuses_exactly_the_people_the_full_path_does(
    part, make_petition, resident, tree, people, fixed_clock, generous_limits
):
    petition = make_petition(S.COLLECTING, now=published_recently())
    person = resident(mahalla=tree.navbahor)
    now = timezone.now()
    differences, fast, ordinary, answers = [], set(), set(), set()
    for case in CASES[part::3]:
        full, _ = _outcome(_full, petition, person, tree, people, case, now)
        both, concluded_fast = _outcome(_fast_then_full, petition, person, tree, people, case, now)
        if both != full:
            differences.append((case, full, both))
        if concluded_fast:
            fast.add(case)
        near = case[5] == "near" and case[0][0] == S.COLLECTING
        if full["answer"] == "thanked" and case[4] == "none" and full["status"] == case[0][0] and not near:
            ordinary.add(case)  # a first signature that changes no status, far from the threshold
        answers.add(full["answer"])
    assert differences == []
    assert ordinary, "the part has ordinary first signatures"
    # On PostgreSQL those, and only those, are the fast path's own; everything else hands over.
    assert fast == (ordinary if POSTGRES else set())
    # Every outcome a person can meet: thanked, already signed, and each refusal.
    assert len(answers) == 6, answers


@pytest.mark.parametrize("path", [_full, _fast_then_full], ids=["full path", "fast path first"])
def test_over_the_limit_people_are_told_so_and_refusals_never_count(
    path, make_petition, resident, tree, settings, fixed_clock
):
    """The limit counts attempts to sign that may succeed, once each, on either path: a person
    who may not sign is told why, however often they tried, and their tries cost them nothing."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "petition_sign": {"user": (2, 3600)}}
    first, second, third = (make_petition(S.COLLECTING, now=published_recently()) for _ in range(3))
    Petition.objects.filter(pk=third.pk).update(verification_level=VerificationLevel.PHONE)
    person = resident(mahalla=tree.navbahor)
    now = timezone.now()

    def attempt(petition):
        try:
            signature, _fast = path(petition.pk, person.pk, now)
        except ServiceError as error:
            return str(error.message)
        return "thanked" if signature.created_at == now else "already signed"

    answers = [attempt(first)] + [attempt(third) for _ in range(5)] + [attempt(second), attempt(first)]
    refusal = str(svc.VERIFICATION_NEEDED % {"level": VerificationLevel.PHONE.label})
    # Two signatures are the two allowed (the refusals in between cost nothing); the third
    # attempt, a double tap, is over the limit.
    assert answers == ["thanked", *[refusal] * 5, "thanked", str(ratelimit.TOO_MANY)]
    assert Signature.objects.filter(user=person).count() == 2


def test_a_petition_that_cannot_be_seen_is_not_found_and_costs_no_attempt(
    client, make_petition, resident, tree, fixed_clock
):
    draft = make_petition(S.DRAFT)
    person = resident(mahalla=tree.navbahor)
    client.force_login(person)
    before = _counters(person, draft.pk, timezone.now())[:1]
    for pk in (draft.pk, draft.pk + 1000):
        assert client.post(f"/uz/petitions/{pk}/sign/", REMOTE_ADDR=IP).status_code == 404
    assert _counters(person, draft.pk, timezone.now())[:1] == before
    assert not Signature.objects.exists()


def test_a_first_signature_costs_the_same_few_queries_however_many_signed_before(
    client, make_petition, resident, tree, django_assert_num_queries, settings, monkeypatch
):
    """Session, person (with their home) and, on PostgreSQL, one statement that checks and
    signs, plus one that counts, in a transaction of its own (here a savepoint and its
    release), when the petition was not counted in the last ``PETITION_COUNT_ROLL_UP_SECONDS``
    (a crowd's signers mostly skip it); elsewhere the full path (the petition, the
    transaction, a statement each)."""
    settings.PETITION_COUNT_ROLL_UP_SECONDS = 3600
    monkeypatch.setattr(signing, "_counted_at", {})
    petition = make_petition(S.COLLECTING, now=published_recently())
    for signers, queries in ((1, 6 if POSTGRES else 8), (20, 3 if POSTGRES else 8)):
        while Signature.objects.filter(petition=petition).count() < signers - 1:
            svc.petition_sign(petition=petition, user=resident(mahalla=tree.istiqlol))
        client.force_login(resident(mahalla=tree.navbahor))
        with django_assert_num_queries(queries):
            response = client.post(f"/uz/petitions/{petition.pk}/sign/", REMOTE_ADDR=IP)
        assert response["Location"] == f"/uz/petitions/{petition.pk}/"
    petition.refresh_from_db()
    assert petition.signature_count == (19 if POSTGRES else 20)  # the last is counted later
    svc.petitions_count_signatures()
    petition.refresh_from_db()
    assert petition.signature_count == 20


def _deadlock_once(monkeypatch):
    """``_fetchone`` whose first call is aborted as PostgreSQL aborts a statement that closed a
    lock cycle; returns the list of the calls' SQL."""
    import psycopg

    from proposals.petitions.services import signature_rows

    real, calls = signature_rows._fetchone, []

    def fetchone(sql, params):
        calls.append(sql)
        if len(calls) == 1:
            error = OperationalError("deadlock detected")
            error.__cause__ = psycopg.errors.DeadlockDetected("deadlock detected")
            raise error
        return real(sql, params)

    monkeypatch.setattr(signature_rows, "_fetchone", fetchone)
    return calls


@pytest.mark.django_db(transaction=True)
def test_a_statement_aborted_to_break_a_deadlock_runs_again_when_it_was_its_own_transaction(monkeypatch):
    """The fast path's statement is its own transaction: aborted, it wrote nothing, and the
    signer gets their signature instead of an error page."""
    from proposals.petitions.services.signature_rows import _fetchone_retrying_deadlock

    calls = _deadlock_once(monkeypatch)
    assert _fetchone_retrying_deadlock("SELECT 1", []) == (1,)
    assert len(calls) == 2


@pytest.mark.django_db
def test_inside_a_callers_transaction_a_deadlock_is_not_retried(monkeypatch):
    """There the whole transaction is aborted: running the statement again would be wrong."""
    from proposals.petitions.services.signature_rows import _fetchone_retrying_deadlock

    calls = _deadlock_once(monkeypatch)
    with pytest.raises(OperationalError), transaction.atomic():
        _fetchone_retrying_deadlock("SELECT 1", [])
    assert len(calls) == 1
