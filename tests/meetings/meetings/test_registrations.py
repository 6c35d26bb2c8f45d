"""Registering for a meeting: for oneself or an organisation, seats as people, the waiting list
and its promotion when someone cancels, and every refusal in words, with nothing half-written."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from meetings.meetings.models import Meeting, MeetingStatus, Registration, RegistrationStatus
from meetings.meetings.registration_transitions import REGISTRATION_TRANSITIONS
from meetings.meetings.selectors.registrations import (
    CODE_ALPHABET,
    meeting_registrants,
    registrant_users,
    registrations_of_user,
)
from meetings.meetings.services import registrations as svc
from participation.exceptions import ServiceError
from participation.models import OrganisationStatus, VerificationLevel
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

S = RegistrationStatus


def register(meeting, user, **kwargs):
    return svc.registration_create(meeting=meeting, user=user, **kwargs)


def seats(meeting) -> int:
    return Meeting.objects.values_list("seats_taken", flat=True).get(pk=meeting.pk)


def refusal(call) -> str:
    with pytest.raises(ServiceError) as refused:
        call()
    return refused.value.message


def test_a_resident_registers_and_takes_one_seat(make_meeting, resident):
    meeting = make_meeting(capacity=10)
    registration = register(meeting, resident(), needs_sign_language=True)
    assert registration.status == S.CONFIRMED
    assert len(registration.code) == Registration.CODE_LENGTH and set(registration.code) <= set(CODE_ALPHABET)
    assert (registration.people, registration.needs_sign_language) == (1, True)
    assert seats(meeting) == 1


def test_a_representative_registers_their_organisation_with_its_people(make_meeting, wag, make_representative):
    meeting = make_meeting(capacity=10)
    leader = make_representative(wag)
    registration = register(meeting, leader, organisation=wag, people=3)
    assert (registration.status, registration.organisation, registration.people) == (S.CONFIRMED, wag, 3)
    assert seats(meeting) == 3
    # They may still register themselves: one seat more, a separate registration.
    register(meeting, leader)
    assert seats(meeting) == 4
    assert len(registrations_of_user(meeting, leader)) == 2


@pytest.mark.parametrize("people", [0, 11])
def test_an_organisation_registers_one_to_the_maximum_of_people(make_meeting, wag, make_representative, people):
    meeting = make_meeting()
    message = refusal(lambda: register(meeting, make_representative(wag), organisation=wag, people=people))
    assert message == svc.PEOPLE_OUT_OF_RANGE % {"max": 10}
    assert not Registration.objects.exists() and seats(meeting) == 0


@override_settings(MEETING_ORGANISATION_SEATS_MAX=20)
def test_the_maximum_of_people_is_a_setting(make_meeting, wag, make_representative):
    registration = register(make_meeting(), make_representative(wag), organisation=wag, people=20)
    assert registration.people == 20


def test_past_capacity_a_registration_goes_on_the_waiting_list_in_order(make_meeting, resident):
    meeting = make_meeting(capacity=2)
    first, second, third, fourth = (resident() for _ in range(4))
    now = timezone.now()
    for minute, person in enumerate((first, second, third, fourth)):
        register(meeting, person, now=now + timedelta(minutes=minute))
    assert seats(meeting) == 2
    waiting = registrations_of_user(meeting, fourth)[0]
    assert (waiting.status, waiting.waiting_position) == (S.WAITING, 2)
    assert registrations_of_user(meeting, third)[0].waiting_position == 1


def test_an_organisation_that_does_not_fit_waits_even_if_some_seats_are_free(
    make_meeting, resident, wag, make_representative
):
    meeting = make_meeting(capacity=3)
    register(meeting, resident())
    registration = register(meeting, make_representative(wag), organisation=wag, people=3)
    assert registration.status == S.WAITING and seats(meeting) == 1


def test_registering_twice_is_refused_in_words_and_by_the_database(make_meeting, resident):
    meeting = make_meeting()
    person = resident()
    first = register(meeting, person)
    assert refusal(lambda: register(meeting, person)) == svc.ALREADY_REGISTERED
    assert Registration.objects.filter(meeting=meeting).count() == 1 and seats(meeting) == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            meeting=meeting, user=person, status=S.WAITING, code="TTTTTTTT", created_at=first.created_at
        )


def test_an_organisation_is_registered_once_whoever_represents_it(make_meeting, wag, make_representative):
    meeting = make_meeting()
    register(meeting, make_representative(wag), organisation=wag, people=2)
    message = refusal(lambda: register(meeting, make_representative(wag), organisation=wag, people=2))
    assert message == svc.ORGANISATION_ALREADY_REGISTERED % {"organisation": wag.name}


def test_after_cancelling_one_may_register_again(make_meeting, resident):
    meeting = make_meeting()
    person = resident()
    svc.registration_cancel(registration=register(meeting, person), user=person)
    assert register(meeting, person).status == S.CONFIRMED
    assert seats(meeting) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": MeetingStatus.CANCELLED}, svc.MEETING_CANCELLED),
        ({"starts_in": timedelta(minutes=-10)}, svc.REGISTRATION_CLOSED),
        ({"starts_in": timedelta(days=-3)}, svc.REGISTRATION_CLOSED),
        ({"status": MeetingStatus.DRAFT}, svc.REGISTRATION_CLOSED),
    ],
)
def test_a_meeting_not_open_for_registration_refuses_it(make_meeting, resident, fields, message):
    meeting = make_meeting(**fields)
    assert refusal(lambda: register(meeting, resident())) == message
    assert not Registration.objects.exists()


def test_people_who_cannot_register_are_told_why(make_meeting, resident, people, wag, make_representative, tree):
    meeting = make_meeting()
    assert refusal(lambda: register(meeting, people["anonymous"])) == svc.SIGN_IN
    unconfirmed = resident(verification_level=VerificationLevel.NONE)
    assert refusal(lambda: register(meeting, unconfirmed)) == svc.EMAIL_NOT_CONFIRMED
    member = make_representative(wag, role="member")
    assert refusal(lambda: register(meeting, member, organisation=wag, people=2)) == svc.NOT_REPRESENTATIVE
    ended = make_representative(wag, ended=timezone.localdate())
    assert refusal(lambda: register(meeting, ended, organisation=wag, people=2)) == svc.NOT_REPRESENTATIVE
    suspended = OrganisationFactory(territory=tree.yangiqorgon, status=OrganisationStatus.SUSPENDED)
    leader = make_representative(suspended)
    assert refusal(lambda: register(meeting, leader, organisation=suspended, people=2)) == svc.NOT_REPRESENTATIVE
    assert not Registration.objects.exists() and seats(meeting) == 0


def test_cancelling_frees_the_seats_and_promotes_whoever_waits_in_order(
    make_meeting, resident, wag, make_representative, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=3)
    now = timezone.now()
    leader = make_representative(wag)
    group = register(meeting, leader, organisation=wag, people=3, now=now)
    waiting = [register(meeting, resident(), now=now + timedelta(minutes=n)) for n in range(1, 5)]
    assert {r.status for r in waiting} == {S.WAITING}

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = svc.registration_cancel(registration=group, user=leader, now=now + timedelta(minutes=9))
    assert [r.pk for r in promoted] == [r.pk for r in waiting[:3]]
    assert seats(meeting) == 3
    statuses = dict(Registration.objects.filter(meeting=meeting).values_list("pk", "status"))
    assert [statuses[r.pk] for r in waiting] == [S.CONFIRMED, S.CONFIRMED, S.CONFIRMED, S.WAITING]
    assert registrations_of_user(meeting, waiting[3].user)[0].waiting_position == 1
    # Each promoted person is told, with their code; nobody else is.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in waiting[:3])
    promoted_first = Registration.objects.get(pk=waiting[0].pk)
    assert any(promoted_first.code in m.body for m in mail.outbox)


def test_a_large_group_first_in_line_keeps_its_place_while_someone_after_it_fits(
    make_meeting, resident, wag, make_representative
):
    meeting = make_meeting(capacity=2)
    now = timezone.now()
    one, two = resident(), resident()
    first = register(meeting, one, now=now)
    register(meeting, two, now=now + timedelta(minutes=1))
    group = register(meeting, make_representative(wag), organisation=wag, people=2, now=now + timedelta(minutes=2))
    after = register(meeting, resident(), now=now + timedelta(minutes=3))
    assert (group.status, after.status) == (S.WAITING, S.WAITING)

    promoted = svc.registration_cancel(registration=first, user=one, now=now + timedelta(minutes=4))
    # One seat free: the group of two does not fit and stays first in line; the single after it fits.
    assert [r.pk for r in promoted] == [after.pk]
    group.refresh_from_db()
    assert group.status == S.WAITING
    assert registrations_of_user(meeting, group.user)[0].waiting_position == 1
    second = Registration.objects.get(meeting=meeting, user=two)
    promoted = svc.registration_cancel(registration=second, user=two, now=now + timedelta(minutes=5))
    # Still one seat: the group waits; once two are free it goes first.
    assert promoted == [] and seats(meeting) == 1
    svc.registration_cancel(registration=after, user=after.user, now=now + timedelta(minutes=6))
    group.refresh_from_db()
    assert group.status == S.CONFIRMED and group.promoted_at is not None and seats(meeting) == 2


def test_cancelling_a_waiting_registration_frees_no_seat(make_meeting, resident):
    meeting = make_meeting(capacity=1)
    register(meeting, resident())
    person = resident()
    waiting = register(meeting, person)
    assert svc.registration_cancel(registration=waiting, user=person) == []
    waiting.refresh_from_db()
    assert waiting.status == S.CANCELLED and waiting.cancelled_at is not None and seats(meeting) == 1


def test_only_the_registrant_or_the_meetings_staff_cancel(make_meeting, resident, people):
    meeting = make_meeting()
    person = resident()
    registration = register(meeting, person)
    assert refusal(lambda: svc.registration_cancel(registration=registration, user=resident())) == svc.NOT_YOURS
    assert refusal(lambda: svc.registration_cancel(registration=registration, user=people.zomin_manager)) == (
        svc.NOT_YOURS
    )
    svc.registration_cancel(registration=registration, user=people.responder)
    assert refusal(lambda: svc.registration_cancel(registration=registration, user=person)) == svc.ALREADY_CANCELLED
    assert seats(meeting) == 0


def test_a_registration_cannot_be_cancelled_once_the_meeting_started(make_meeting, resident):
    meeting = make_meeting()
    person = resident()
    registration = register(meeting, person)
    later = meeting.starts_at + timedelta(minutes=1)
    message = refusal(lambda: svc.registration_cancel(registration=registration, user=person, now=later))
    assert message == svc.MEETING_STARTED and seats(meeting) == 1


def test_the_registrant_is_emailed_their_code_in_the_language_they_registered_in(
    make_meeting, resident, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=1)
    person = resident(preferred_language="ru")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(meeting, person, language="uz")
    [message] = mail.outbox
    with translation.override("uz"):
        assert message.subject == gettext("You are registered: %(title)s") % {"title": meeting.title}
    assert registration.code in message.body and meeting.title in message.body
    assert "/uz/meetings/" in message.body

    waiting_person = resident(preferred_language="ru")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register(meeting, waiting_person, language="")
    [message] = mail.outbox
    with translation.override("ru"):
        assert message.subject == gettext("You are on the waiting list: %(title)s") % {"title": meeting.title}
    assert "/ru/meetings/" in message.body


def test_an_email_is_sent_once_even_if_the_task_runs_again(make_meeting, resident):
    from meetings.meetings.services.registration_mail import notify_registration

    registration = register(make_meeting(), resident())
    assert notify_registration(registration_id=registration.pk, occasion=S.CONFIRMED) == 1
    assert notify_registration(registration_id=registration.pk, occasion=S.CONFIRMED) == 0
    # A waiting-list notice for someone confirmed meanwhile is no longer true: not sent.
    assert notify_registration(registration_id=registration.pk, occasion=S.WAITING) == 0


def test_registrants_to_notify_come_with_their_language(make_meeting, resident, wag, make_representative):
    meeting = make_meeting(capacity=2)
    russian = resident(preferred_language="ru")
    leader = make_representative(wag, preferred_language="uz")
    register(meeting, russian, language="")
    register(meeting, leader, language="en")
    register(meeting, leader, organisation=wag, people=1, language="uz")
    waiting = resident(preferred_language="uz")
    register(meeting, waiting)
    rows = list(meeting_registrants(meeting))
    assert [(r.user, r.notice_language) for r in rows] == [(russian, "ru"), (leader, "en")]
    everyone = registrant_users(meeting, statuses=(S.CONFIRMED, S.WAITING))
    assert [(u, u.preferred_language) for u in everyone] == [(russian, "ru"), (leader, "en"), (waiting, "uz")]


@override_settings(RATE_LIMITS={"meeting_register": {"user": (2, 3600)}})
def test_registering_is_rate_limited(make_meeting, resident):
    person = resident()
    register(make_meeting(), person)
    register(make_meeting(), person)
    third = make_meeting()
    assert refusal(lambda: register(third, person)) == gettext(
        "You have done this too many times in a short while. Please try again later."
    )
    assert not Registration.objects.filter(meeting=third).exists()


def test_the_transition_table_lists_every_move_and_nothing_else(make_meeting, resident):
    assert set(REGISTRATION_TRANSITIONS) == {
        (S.WAITING, S.CONFIRMED),
        (S.CONFIRMED, S.CANCELLED),
        (S.WAITING, S.CANCELLED),
    }
    registration = register(make_meeting(), resident())
    for source, target in [(S.CONFIRMED, S.WAITING), (S.CANCELLED, S.CONFIRMED), (S.CANCELLED, S.WAITING)]:
        registration.status = source
        message = refusal(lambda t=target: svc.registration_transition(registration, target=t, user=None, now=None))
        assert message == svc.TRANSITION_REFUSED % {"source": S(source).label, "target": S(target).label}


def test_more_seats_go_to_whoever_waits_when_staff_raise_the_capacity(
    make_meeting, meeting_staff, resident, django_capture_on_commit_callbacks
):
    from meetings.meetings.services.meetings import meeting_edit

    meeting = make_meeting(capacity=1)
    now = timezone.now()
    first = register(meeting, resident(), now=now)
    waiting = [register(meeting, resident(), now=now + timedelta(minutes=n)) for n in range(1, 4)]
    assert first.status == S.CONFIRMED and {r.status for r in waiting} == {S.WAITING}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_edit(meeting=meeting, staff=meeting_staff, capacity=3, now=now + timedelta(minutes=9))
    statuses = dict(Registration.objects.filter(meeting=meeting).values_list("pk", "status"))
    assert [statuses[r.pk] for r in waiting] == [S.CONFIRMED, S.CONFIRMED, S.WAITING]
    assert seats(meeting) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in waiting[:2])
