"""Signatures counted later: the fast path queues each signature (``UncountedSignature``) and
counts the queue at most once a second per petition and worker, so a crowd of signers does not
queue for the petition's row. What must hold whatever the timing: the count plus the queue is
every valid signature; counting moves each queued signature once; anything that reads or
changes a count under the petition's lock (withdrawing, invalidating, closing, the threshold)
starts from every signature; and nobody's signature is lost.

PostgreSQL only: the fast path runs there (elsewhere every signature is counted at once).
"""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.db.models import F

from participation.exceptions import ServiceError
from participation.models import User
from proposals.petitions.models import (
    MahallaSignatureCount,
    Petition,
    PetitionEvent,
    Signature,
    UncountedSignature,
)
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from proposals.petitions.services import signing
from tests.fixtures.clock import T0
from tests.fixtures.concurrency import postgres_only, run_together, unexpected
from tests.fixtures.petitions import published_recently

pytestmark = postgres_only
NOW = T0 + timedelta(hours=1)


@pytest.fixture
def counted_later(settings, monkeypatch):
    """Counting as in production, with a long interval: only a petition's first fast-path
    signature in this process is counted by its own request."""
    settings.PETITION_COUNT_ROLL_UP_SECONDS = 3600
    monkeypatch.setattr(signing, "_counted_at", {})


def collecting(make_petition, *, needed: int = 1000, now=T0) -> Petition:
    petition = make_petition(S.COLLECTING, now=now)
    Petition.objects.filter(pk=petition.pk).update(signatures_needed=needed)
    petition.refresh_from_db()
    return petition


def sign_fast(petition_id: int, user_id: int, *, ip: str = "", now=NOW):
    """The sign view's first step, as a request does it (the person loaded with their home)."""
    person = User.objects.select_related("home_territory").get(pk=user_id)
    return signing.petition_sign_fast(petition_id=petition_id, user=person, ip=ip, now=now)


def shown(petition: Petition) -> tuple[int, list]:
    petition.refresh_from_db()
    by_mahalla = sorted(
        MahallaSignatureCount.objects.filter(petition=petition, count__gt=0).values_list("mahalla_id", "count")
    )
    return petition.signature_count, by_mahalla


def real(petition: Petition) -> tuple[int, list]:
    valid = Signature.objects.filter(petition=petition, withdrawn_at__isnull=True, invalidation__isnull=True)
    by_mahalla: dict = {}
    for mahalla_id in valid.values_list("mahalla_id", flat=True):
        by_mahalla[mahalla_id] = by_mahalla.get(mahalla_id, 0) + 1
    return valid.count(), sorted(by_mahalla.items())


@pytest.mark.django_db
def test_a_crowds_signatures_wait_in_the_queue_and_counting_adds_each_once(
    make_petition, resident, tree, counted_later
):
    petition = collecting(make_petition)
    before = petition.signature_count
    signers = [resident(mahalla=tree.navbahor) for _ in range(4)] + [resident(mahalla=tree.istiqlol)]
    for person in signers:
        assert isinstance(sign_fast(petition.pk, person.pk), Signature)
    # The first was counted by its own request; the others wait for the next count.
    assert shown(petition)[0] == before + 1
    assert UncountedSignature.objects.filter(petition=petition).count() == 4
    assert svc.petitions_count_signatures() == 1
    assert shown(petition) == real(petition)
    assert not UncountedSignature.objects.exists()
    assert svc.petitions_count_signatures() == 0  # nothing left: counting again changes nothing
    assert shown(petition) == real(petition)
    assert svc.petitions_reconcile_counts() == []


@pytest.mark.django_db
def test_withdrawing_or_invalidating_a_signature_not_yet_counted_counts_it_first(
    make_petition, resident, tree, people, counted_later
):
    petition = collecting(make_petition)
    first, second, third = (resident(mahalla=tree.navbahor) for _ in range(3))
    for person in (first, second, third):
        sign_fast(petition.pk, person.pk)
    assert UncountedSignature.objects.filter(petition=petition).count() == 2
    svc.petition_unsign(petition=petition, user=second, now=NOW)
    assert shown(petition) == real(petition)
    assert not UncountedSignature.objects.exists()

    fourth = resident(mahalla=tree.navbahor)
    sign_fast(petition.pk, fourth.pk, ip="10.9.9.9", now=NOW + timedelta(minutes=1))
    assert UncountedSignature.objects.filter(petition=petition).count() == 1
    svc.signatures_invalidate(
        petition=petition,
        staff=people.moderator,
        ip="10.9.9.9",
        start=NOW,
        end=NOW + timedelta(minutes=2),
        reason="one address",
        now=NOW + timedelta(minutes=3),
    )
    assert shown(petition) == real(petition)
    assert not UncountedSignature.objects.exists()


@pytest.mark.django_db
def test_signatures_counted_late_that_reach_the_threshold_reach_it_once(
    make_petition, resident, tree, settings, counted_later
):
    """The fast path stays PETITION_FAST_SIGNING_MARGIN short of the threshold by the count it
    sees; if counting fell that far behind, the count that reaches it changes the status."""
    settings.PETITION_FAST_SIGNING_MARGIN = 1
    petition = collecting(make_petition, needed=6)
    start = petition.signature_count
    people = [resident(mahalla=tree.navbahor) for _ in range(6 - start)]
    for person in people:
        assert isinstance(sign_fast(petition.pk, person.pk), Signature)
    petition.refresh_from_db()
    assert petition.status == S.COLLECTING
    svc.petitions_count_signatures()
    svc.petitions_count_signatures()
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == (S.THRESHOLD_REACHED, 6)
    assert petition.answer_due_at is not None
    assert PetitionEvent.objects.filter(petition=petition, to_status=S.THRESHOLD_REACHED).count() == 1


@pytest.mark.django_db
def test_closing_counts_first_so_signatures_made_in_time_are_not_left_out(
    make_petition, resident, tree, settings, counted_later
):
    settings.PETITION_FAST_SIGNING_MARGIN = 1
    petition = collecting(make_petition, needed=5)
    for _ in range(5 - petition.signature_count):
        sign_fast(petition.pk, resident(mahalla=tree.navbahor).pk)
    svc.petitions_close_expired(now=petition.closes_at + timedelta(seconds=1))
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == (S.THRESHOLD_REACHED, 5)


@pytest.mark.django_db
def test_a_petition_signed_now_and_then_is_counted_by_each_signers_own_request(make_petition, resident, tree, client):
    """The production interval: a signature that follows the last count by more than it is
    counted at once, so its signer sees it on the page they are sent to."""
    petition = collecting(make_petition, now=published_recently())  # the view signs on the real clock
    before = petition.signature_count
    client.force_login(resident(mahalla=tree.navbahor))
    client.post(f"/uz/petitions/{petition.pk}/sign/")
    assert shown(petition) == real(petition)
    assert shown(petition)[0] == before + 1
    assert not UncountedSignature.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_thirty_signers_and_counts_at_once_leave_every_signature_counted_once(
    make_petition, resident, tree, counted_later, settings
):
    settings.PETITION_COUNT_ROLL_UP_SECONDS = 0  # every signer counts too, racing the others
    petition = collecting(make_petition)
    people = [resident(mahalla=tree.navbahor if i % 3 else tree.istiqlol) for i in range(30)]
    calls = [lambda person=person: sign_fast(petition.pk, person.pk) for person in people]
    calls += [svc.petitions_count_signatures for _ in range(5)]
    outcomes = run_together(calls)
    assert unexpected(outcomes) == []
    assert sum(isinstance(outcome, Signature) for outcome in outcomes) == 30
    svc.petitions_count_signatures()
    assert shown(petition) == real(petition)
    assert shown(petition)[0] == Signature.objects.filter(petition=petition).count()
    assert svc.petitions_reconcile_counts() == []
    assert not UncountedSignature.objects.exists()


@pytest.mark.django_db
def test_withdrawing_a_signature_counts_the_queue_and_reaches_a_threshold_it_reached(
    make_petition, resident, tree, settings, counted_later
):
    """Nine signatures against a goal of eight, seven of them still queued: the one who
    withdraws leaves eight, and the petition has reached its goal; closing then keeps it."""
    settings.PETITION_FAST_SIGNING_MARGIN = 1
    petition = collecting(make_petition, needed=8)
    people = [resident(mahalla=tree.navbahor) for _ in range(9 - petition.signature_count)]
    for person in people:
        assert isinstance(sign_fast(petition.pk, person.pk), Signature)
    svc.petition_unsign(petition=petition, user=people[-1], now=NOW)
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == (S.THRESHOLD_REACHED, 8)
    svc.petitions_close_expired(now=petition.closes_at + timedelta(seconds=1))
    petition.refresh_from_db()
    assert petition.status == S.THRESHOLD_REACHED


@pytest.mark.django_db
def test_an_author_cannot_withdraw_a_petition_whose_queued_signatures_reached_its_goal(
    make_petition, resident, tree, settings, counted_later
):
    settings.PETITION_FAST_SIGNING_MARGIN = 1
    petition = collecting(make_petition, needed=6)
    for _ in range(7 - petition.signature_count):
        sign_fast(petition.pk, resident(mahalla=tree.navbahor).pk)
    with pytest.raises(ServiceError):
        svc.petition_withdraw(petition=petition, author=petition.author, now=NOW)
    svc.petitions_count_signatures(now=NOW)
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == (S.THRESHOLD_REACHED, 7)


@pytest.mark.django_db
def test_a_collecting_petition_already_at_its_goal_reaches_it_at_the_next_count(make_petition):
    """As after a reinstatement of a petition whose signatures were counted while it was hidden."""
    petition = collecting(make_petition, needed=3)
    Petition.objects.filter(pk=petition.pk).update(signature_count=3)
    svc.petitions_count_signatures(now=NOW)
    petition.refresh_from_db()
    assert petition.status == S.THRESHOLD_REACHED
    assert PetitionEvent.objects.filter(petition=petition, to_status=S.THRESHOLD_REACHED).count() == 1


@pytest.mark.django_db
def test_the_nightly_check_sees_no_drift_in_a_signature_queued_after_its_count(
    make_petition, resident, tree, counted_later, monkeypatch
):
    petition = collecting(make_petition)
    sign_fast(petition.pk, resident(mahalla=tree.navbahor).pk)  # counted by its own request
    monkeypatch.setattr(svc, "petitions_count_signatures", lambda **kwargs: 0)  # as if signed after the count
    sign_fast(petition.pk, resident(mahalla=tree.navbahor).pk)
    assert UncountedSignature.objects.filter(petition=petition).count() == 1
    assert svc.petitions_reconcile_counts() == []
    Petition.objects.filter(pk=petition.pk).update(signature_count=F("signature_count") + 1)  # a real drift
    assert [pk for pk, _shown, _real in svc.petitions_reconcile_counts()] == [petition.pk]


@pytest.mark.django_db
def test_a_signer_is_thanked_when_counting_fails_and_the_task_counts_them(
    make_petition, resident, tree, client, monkeypatch
):
    petition = collecting(make_petition, now=published_recently())  # the view signs on the real clock

    def failing(*args, **kwargs):
        raise OperationalError("canceling statement due to lock timeout")

    monkeypatch.setattr(signing, "petition_counts_settle", failing)
    client.force_login(resident(mahalla=tree.navbahor))
    response = client.post(f"/uz/petitions/{petition.pk}/sign/", follow=True)
    assert response.redirect_chain[-1][0] == f"/uz/petitions/{petition.pk}/"
    assert UncountedSignature.objects.filter(petition=petition).count() == 1
    monkeypatch.undo()
    svc.petitions_count_signatures()
    assert shown(petition) == real(petition)
