"""Taking a published petition down, reinstating it on appeal, and invalidating fraud: each
leaves the petition where the rules say, with its clocks and its duty to answer intact."""

from datetime import timedelta

import pytest

from participation.models import ModerationItem, ReasonCode
from participation.models import ModerationOutcome as O
from participation.moderation.services import moderation_appeal, moderation_decide, moderation_flag
from proposals.petitions.models import PetitionRules
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.selectors import petition_timeline
from proposals.petitions.services import lifecycle as svc
from tests.fixtures.clock import T0

DAY = timedelta(days=1)


@pytest.fixture
def reached(make_petition, people):
    PetitionRules.objects.filter(level="district").update(signatures_needed=3)
    return make_petition(S.THRESHOLD_REACHED, moderator=people.moderator)


def take_down(petition, reporter, moderator, when):
    item = moderation_flag(user=reporter, obj=petition, reason=ReasonCode.objects.get(code="personal-data"), now=when)
    moderation_decide(
        item=item,
        moderator=moderator,
        outcome=O.REJECT,
        reason=ReasonCode.objects.get(code="personal-data"),
        explanation="Qoʻshnining telefon raqami yozilgan.",
        now=when,
    )
    petition.refresh_from_db()
    return item


def test_reinstated_on_appeal_it_returns_to_where_it_stood_with_its_clocks_moved(reached, people, resident):
    due, closes = reached.answer_due_at, reached.closes_at
    item = take_down(reached, resident(), people.moderator, T0 + DAY)
    assert reached.status == S.REJECTED
    moderation_appeal(
        item=item, author=reached.author, text="Raqamni olib tashladim, iltimos qayta koʻring.", now=T0 + 2 * DAY
    )
    appeal = ModerationItem.objects.get(kind="appeal", object_id=reached.pk)
    moderation_decide(item=appeal, moderator=people.moderator2, outcome=O.APPROVE, now=T0 + 4 * DAY)
    reached.refresh_from_db()
    assert reached.status == S.THRESHOLD_REACHED  # not back to collecting
    assert reached.answer_due_at == due + 3 * DAY and reached.closes_at == closes + 3 * DAY
    assert svc.petitions_close_expired(now=reached.closes_at + DAY) == 0  # never closed as unsuccessful
    reached.refresh_from_db()
    assert reached.status == S.THRESHOLD_REACHED


def test_the_appeal_text_and_moderators_notes_stay_off_the_public_timeline(reached, people, resident):
    item = take_down(reached, resident(), people.moderator, T0 + DAY)
    moderation_appeal(item=item, author=reached.author, text="MENING-SHAXSIY-TELEFONIM 90 123 45 67", now=T0 + DAY)
    notes = " ".join(event.note for event in petition_timeline(reached))
    assert "MENING-SHAXSIY" not in notes and "telefon raqami" not in notes


def test_an_answered_petition_can_be_taken_down(reached, people, resident):
    svc.petition_answer(petition=reached, responder=people.responder, answer="Javob.", now=T0 + DAY)
    take_down(reached, resident(), people.moderator, T0 + 2 * DAY)
    assert reached.status == S.REJECTED


def test_a_withdrawn_petition_leaves_the_moderation_queue(make_petition, people, resident):
    from participation.selectors import moderation_queue

    waiting = make_petition(S.MODERATION)
    reported = make_petition(S.COLLECTING, moderator=people.moderator)
    moderation_flag(user=resident(), obj=reported, reason=ReasonCode.objects.get(code="commercial-spam"), now=T0)
    assert len(moderation_queue(people.moderator)) == 2
    for petition in (waiting, reported):
        svc.petition_withdraw(petition=petition, author=petition.author, now=T0)
    assert list(moderation_queue(people.moderator)) == []


def test_a_decision_on_a_petition_withdrawn_meanwhile_is_recorded_and_changes_nothing(make_petition, people):
    petition = make_petition(S.MODERATION)
    item = ModerationItem.objects.get(object_id=petition.pk, decided_at__isnull=True)
    # The author withdraws while the moderator has the item open on screen.
    type(petition).objects.filter(pk=petition.pk).update(status=S.WITHDRAWN)
    moderation_decide(
        item=item,
        moderator=people.moderator,
        outcome=O.REJECT,
        reason=ReasonCode.objects.get(code="duplicate"),
        explanation="Takror",
        now=T0,
    )
    item.refresh_from_db()
    petition.refresh_from_db()
    assert item.decided_at is not None and petition.status == S.WITHDRAWN


def test_invalidating_the_signatures_that_made_the_threshold_reopens_collection(make_petition, people, resident):
    PetitionRules.objects.filter(level="district").update(signatures_needed=3)
    petition = make_petition(S.COLLECTING, moderator=people.moderator)
    for minute in range(3):
        svc.petition_sign(petition=petition, user=resident(), ip="10.9.9.9", now=T0 + minute * timedelta(minutes=1))
    petition.refresh_from_db()
    assert petition.status == S.THRESHOLD_REACHED
    svc.signatures_invalidate(
        petition=petition,
        staff=people.moderator,
        ip="10.9.9.9",
        start=T0,
        end=T0 + DAY,
        reason="Bir manzildan bot imzolari",
        now=T0 + DAY,
    )
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count, petition.answer_due_at) == (S.COLLECTING, 0, None)
    assert svc.petitions_reconcile_counts() == []


def test_one_address_cannot_carry_a_small_petition_unflagged(make_petition, settings):
    settings.PETITION_IP_BURST = (100, 3600)
    mahalla_petition = make_petition(S.DRAFT, territory=None)
    mahalla_petition.signatures_needed = 50
    assert svc.ip_burst_size(mahalla_petition) == 25
    mahalla_petition.signatures_needed = 2000
    assert svc.ip_burst_size(mahalla_petition) == 100
