"""Deadlines at the exact moment: closing, the answer date, overdue, extension, reminders,
the moderation due date. Time is frozen by passing ``now`` to the services; nothing sleeps."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from participation.calendar import add_working_days, end_of_day
from participation.config.celery import app
from participation.exceptions import ServiceError
from participation.models import ModerationItem, ModerationKind
from proposals.petitions.models import Petition, PetitionEvent, PetitionRules, Signature
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.selectors import petition_timeline
from proposals.petitions.services import lifecycle as svc
from proposals.petitions.services import notifications
from tests.fixtures.clock import T0, TASHKENT

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def three_signatures_reach_the_threshold():
    PetitionRules.objects.update_or_create(level="district", defaults={"signatures_needed": 3})


@pytest.fixture
def awaiting_answer(make_petition, resident, people):
    """A petition whose third signature, at ``at``, reached the threshold; Yangiqoʻrgʻon's
    responder and manager, who answer it and are reminded, are on staff."""
    people.now("responder", "manager")

    def make(at=T0 + 3 * DAY + timedelta(hours=5, minutes=7)) -> Petition:
        petition = make_petition(S.COLLECTING)
        for _ in range(3):
            svc.petition_sign(petition=petition, user=resident(), now=at)
        petition.refresh_from_db()
        return petition

    return make


def responders_emails(people) -> set[str]:
    return {people.responder.email, people.manager.email}


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def refused(call, message) -> None:
    with pytest.raises(ServiceError) as error:
        call()
    assert error.value.message == message


# --- closing the collection -----------------------------------------------------------------------


def test_a_petition_below_threshold_closes_at_its_closing_moment_once(
    make_petition, resident, awaiting_answer, django_capture_on_commit_callbacks
):
    below = make_petition(S.COLLECTING)
    svc.petition_sign(petition=below, user=resident(), now=T0 + DAY)
    reached = awaiting_answer()
    closes_at = below.closes_at
    assert closes_at == T0 + timedelta(days=below.collection_days) == reached.closes_at
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert svc.petitions_close_expired(now=closes_at - SECOND) == 0
    below.refresh_from_db()
    assert below.status == S.COLLECTING

    runs = []
    for _ in range(2):  # beat may run the task twice
        with django_capture_on_commit_callbacks(execute=True):
            runs.append(svc.petitions_close_expired(now=closes_at))
    assert runs == [1, 0]
    below.refresh_from_db()
    reached.refresh_from_db()
    assert below.status == S.CLOSED
    assert reached.status == S.THRESHOLD_REACHED
    closing = PetitionEvent.objects.get(petition=below, to_status=S.CLOSED)
    assert (closing.from_status, closing.actor, closing.created_at) == (S.COLLECTING, None, closes_at)
    assert not PetitionEvent.objects.filter(petition=reached, to_status=S.CLOSED).exists()
    assert [message.to for message in mail.outbox] == [[below.author.email]]

    with django_capture_on_commit_callbacks(execute=True):
        assert svc.petitions_close_expired(now=closes_at + 30 * DAY) == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("status", [S.COLLECTING, S.THRESHOLD_REACHED])
def test_signing_and_withdrawing_end_at_the_closing_moment(make_petition, awaiting_answer, resident, status):
    petition = make_petition(S.COLLECTING) if status == S.COLLECTING else awaiting_answer()
    closes_at = petition.closes_at
    early = resident()
    svc.petition_sign(petition=petition, user=early, now=closes_at - SECOND)
    petition.refresh_from_db()
    count = petition.signature_count
    rows = list(Signature.objects.filter(petition=petition).values_list("pk", "withdrawn_at"))

    late = resident()
    refused(lambda: svc.petition_sign(petition=petition, user=late, now=closes_at), svc.COLLECTION_ENDED)
    refused(lambda: svc.petition_unsign(petition=petition, user=early, now=closes_at), svc.COLLECTION_ENDED)
    assert str(svc.COLLECTION_ENDED) == "Signature collection has ended for this petition."

    svc.petitions_close_expired(now=closes_at)
    petition.refresh_from_db()
    assert petition.status == {S.COLLECTING: S.CLOSED, S.THRESHOLD_REACHED: S.THRESHOLD_REACHED}[status]
    # A request whose clock still says "before the end" is refused too, once it is closed.
    if status == S.COLLECTING:
        stale_clock = closes_at - SECOND
        refused(lambda: svc.petition_sign(petition=petition, user=late, now=stale_clock), svc.COLLECTION_ENDED)
        refused(lambda: svc.petition_unsign(petition=petition, user=early, now=stale_clock), svc.COLLECTION_ENDED)
    petition.refresh_from_db()
    assert petition.signature_count == count
    assert list(Signature.objects.filter(petition=petition).values_list("pk", "withdrawn_at")) == rows


# --- the answer date ------------------------------------------------------------------------------


def test_the_answer_is_due_fifteen_days_after_the_threshold(awaiting_answer):
    reached_at = datetime(2026, 11, 13, 23, 59, 59, tzinfo=TASHKENT)
    petition = awaiting_answer(at=reached_at)
    assert settings.PETITION_ANSWER_DAYS == 15
    assert petition.status == S.THRESHOLD_REACHED
    assert petition.threshold_reached_at == reached_at
    # Due at the end of the fifteenth day in Tashkent, not to the minute.
    assert petition.answer_due_at == end_of_day(reached_at + timedelta(days=15))
    assert timezone.localtime(petition.answer_due_at).strftime("%H:%M:%S") == "23:59:59"


def test_overdue_is_marked_after_the_due_moment_once(awaiting_answer, people, django_capture_on_commit_callbacks):
    petition = awaiting_answer()
    due = petition.answer_due_at
    mail.outbox.clear()
    marked = []
    for moment in [due - SECOND, due, due + SECOND, due + 2 * SECOND, due + 10 * DAY]:
        with django_capture_on_commit_callbacks(execute=True):
            marked.append(svc.petitions_mark_overdue(now=moment))
    assert marked == [0, 0, 1, 0, 0]
    petition.refresh_from_db()
    assert petition.overdue_since == due + SECOND
    event = PetitionEvent.objects.get(petition=petition, kind=PetitionEvent.Kind.OVERDUE)
    assert (event.created_at, event.data) == (due + SECOND, {"due": due.isoformat()})
    assert recipients() == responders_emails(people)
    assert len(mail.outbox) == 2  # each responder once


def test_extension_is_once_1_to_30_days_before_the_date_by_a_responder_here(awaiting_answer, people):
    petition = awaiting_answer()
    due = petition.answer_due_at

    reason = "Yoʻl loyihasi viloyatda koʻrib chiqilmoqda"

    def extend(staff=people.responder, days=10, reason=reason, now=due - SECOND):
        return svc.petition_extend(petition=petition, staff=staff, days=days, reason=reason, now=now)

    refused(lambda: extend(staff=people.zomin_responder), svc.NOT_RESPONDER)
    refused(lambda: extend(staff=people.moderator), svc.NOT_RESPONDER)
    for days in [0, 31, -1, True, "10", 2.5]:
        refused(lambda days=days: extend(days=days), svc.EXTENSION_DAYS_RANGE % {"limit": 30})
    refused(lambda: extend(reason="   "), svc.EXTENSION_REASON_REQUIRED)
    refused(lambda: extend(reason="x" * 2001), "The reason is too long: at most 2000 characters.")
    refused(lambda: extend(now=due + SECOND), svc.EXTENSION_TOO_LATE)
    petition.refresh_from_db()
    assert (petition.answer_due_at, petition.extended_at) == (due, None)
    assert not petition.events.filter(kind=PetitionEvent.Kind.EXTENDED).exists()

    extend(days=30, reason=f"  {reason}  ")
    petition.refresh_from_db()
    assert petition.answer_due_at == due + 30 * DAY
    assert (petition.extended_at, petition.extended_by) == (due - SECOND, people.responder)
    event = petition.events.get(kind=PetitionEvent.Kind.EXTENDED)
    assert (event.note, event.actor, event.created_at) == (reason, people.responder, due - SECOND)
    assert event.data == {"days": 30, "due_before": due.isoformat(), "due_after": (due + 30 * DAY).isoformat()}
    assert event in petition_timeline(petition)  # the reason is public

    refused(lambda: extend(days=1, now=due - 2 * SECOND), svc.ALREADY_EXTENDED)
    petition.refresh_from_db()
    assert petition.answer_due_at == due + 30 * DAY


def test_after_an_extension_the_overdue_mark_follows_the_new_date(awaiting_answer, people):
    petition = awaiting_answer()
    due = petition.answer_due_at
    svc.petition_extend(petition=petition, staff=people.responder, days=7, reason="Smeta kutilmoqda", now=due - DAY)
    new_due = due + 7 * DAY
    assert [svc.petitions_mark_overdue(now=moment) for moment in [due + SECOND, new_due, new_due + SECOND]] == [0, 0, 1]
    assert petition.events.filter(kind=PetitionEvent.Kind.OVERDUE).count() == 1


def test_responders_are_reminded_three_days_before_the_date_once_per_date(awaiting_answer, people):
    petition = awaiting_answer()
    due = petition.answer_due_at
    before = settings.PETITION_REMIND_DAYS_BEFORE_DUE * DAY
    assert before == 3 * DAY
    mail.outbox.clear()

    assert notifications.remind_responders(now=due - before - SECOND) == 0
    assert notifications.remind_responders(now=due - before) == 2
    assert recipients() == responders_emails(people)
    assert notifications.remind_responders(now=due - 2 * DAY) == 0
    assert notifications.remind_responders(now=due - SECOND) == 0

    svc.petition_extend(petition=petition, staff=people.responder, days=10, reason="Smeta kutilmoqda", now=due - DAY)
    new_due = due + 10 * DAY
    assert notifications.remind_responders(now=new_due - before - SECOND) == 0
    assert notifications.remind_responders(now=new_due - DAY) == 2  # a late beat run still reminds
    assert notifications.remind_responders(now=new_due - DAY + SECOND) == 0
    assert len(mail.outbox) == 4


# --- the moderation due date: five working days -------------------------------------------------


@pytest.mark.parametrize(
    "submitted,due",
    [
        # Monday → next Monday.
        (datetime(2026, 11, 2, 10, 0, tzinfo=TASHKENT), datetime(2026, 11, 9, 10, 0, tzinfo=TASHKENT)),
        # Friday afternoon → next Friday: the weekend does not count.
        (datetime(2026, 11, 6, 16, 30, tzinfo=TASHKENT), datetime(2026, 11, 13, 16, 30, tzinfo=TASHKENT)),
        # Saturday → the next Friday: counting starts on Monday.
        (datetime(2026, 11, 7, 11, 0, tzinfo=TASHKENT), datetime(2026, 11, 13, 11, 0, tzinfo=TASHKENT)),
        # Monday 20 March 2028, the day before Navroʻz (Tuesday 21 March) → Tuesday 28 March.
        (datetime(2028, 3, 20, 9, 0, tzinfo=TASHKENT), datetime(2028, 3, 28, 9, 0, tzinfo=TASHKENT)),
        # New Year's Eve, Thursday → Friday 8 January: 1 January is a holiday, then a weekend.
        (datetime(2026, 12, 31, 15, 0, tzinfo=TASHKENT), datetime(2027, 1, 8, 15, 0, tzinfo=TASHKENT)),
        # 02:00 on a Monday in Tashkent is still Sunday in UTC: the working days are Tashkent's.
        (datetime(2026, 11, 8, 21, 0, tzinfo=UTC), datetime(2026, 11, 16, 2, 0, tzinfo=TASHKENT)),
    ],
)
def test_moderation_is_due_in_five_working_days(make_petition, submitted, due):
    assert settings.MODERATION_DUE_WORKING_DAYS == 5
    assert add_working_days(submitted, 5) == due
    petition = make_petition(S.MODERATION, now=submitted)
    item = ModerationItem.objects.get(object_id=petition.pk, kind=ModerationKind.REVIEW, decided_at__isnull=True)
    assert (item.created_at, item.due_at) == (submitted, due)


def test_holidays_announced_by_decree_are_skipped_too(settings):
    settings.PUBLIC_HOLIDAYS_EXTRA = ["2026-11-04"]
    monday = datetime(2026, 11, 2, 10, 0, tzinfo=TASHKENT)
    assert add_working_days(monday, 5) == datetime(2026, 11, 10, 10, 0, tzinfo=TASHKENT)


# --- the scheduled tasks ------------------------------------------------------------------------

PETITION_TASKS = {
    "petitions-close-expired": "proposals.petitions.tasks.close_expired_petitions",
    "petitions-mark-overdue": "proposals.petitions.tasks.mark_overdue_answers",
    "petitions-remind-responders": "proposals.petitions.tasks.remind_responders",
    "petitions-reconcile-counts": "proposals.petitions.tasks.reconcile_signature_counts",
}


def test_beat_runs_the_petition_tasks(make_petition, awaiting_answer, people):
    app.loader.import_default_modules()
    for entry, name in PETITION_TASKS.items():
        assert settings.CELERY_BEAT_SCHEDULE[entry]["task"] == name
        assert name in app.tasks
    # The tasks read the real clock: put one petition at each deadline, relative to now.
    now = timezone.now()
    expired, overdue, due_soon = make_petition(S.COLLECTING), awaiting_answer(), awaiting_answer()
    Petition.objects.filter(pk=expired.pk).update(closes_at=now - SECOND)
    Petition.objects.filter(pk=overdue.pk).update(answer_due_at=now - SECOND)
    Petition.objects.filter(pk=due_soon.pk).update(answer_due_at=now + 2 * DAY)
    mail.outbox.clear()
    results = {name: app.tasks[name].delay().get() for name in PETITION_TASKS.values()}
    assert results == {
        "proposals.petitions.tasks.close_expired_petitions": 1,
        "proposals.petitions.tasks.mark_overdue_answers": 1,
        "proposals.petitions.tasks.remind_responders": 2,
        "proposals.petitions.tasks.reconcile_signature_counts": 0,
    }
    assert Petition.objects.get(pk=expired.pk).status == S.CLOSED
    assert Petition.objects.get(pk=overdue.pk).overdue_since is not None
    # Every petition task in the schedule (others may join these four) is registered.
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        if entry["task"].startswith("proposals."):
            assert entry["task"] in app.tasks
