"""Registration and check-in under concurrency, on PostgreSQL: thirty people racing for the last
seat leave exactly the capacity taken and everyone else waiting; one person pressing "register"
thirty times is registered once; one code checked in on thirty phones is checked in once;
cancellations racing each other promote exactly as many as they free; check-ins at the door and
registrations for the last seat at once leave exactly the capacity and count everyone once; a
cancellation racing its own check-in is one or the other, never both.

These tests commit (``transactional_db``): every thread works on its own connection and must see
the others' rows, as web processes do. Skipped, with the reason, on SQLite."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import Sum
from django.utils import translation

from meetings.meetings.models import AttendanceCount, Meeting, Registration, RegistrationStatus
from meetings.meetings.services import attendance as attendance_svc
from meetings.meetings.services import registrations as svc
from participation.models import User
from tests.fixtures.concurrency import postgres_only, run_together, unexpected

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]


def register(meeting_id: int, user_id: int):
    """What a web request does: load the meeting and the person afresh, then register."""
    return lambda: svc.registration_create(
        meeting=Meeting.objects.select_related("territory").get(pk=meeting_id), user=User.objects.get(pk=user_id)
    )


def statuses(meeting) -> list[str]:
    return list(Registration.objects.filter(meeting=meeting).values_list("status", flat=True))


def test_thirty_people_racing_for_the_last_seat_leave_exactly_the_capacity_taken(make_meeting, resident):
    meeting = make_meeting(capacity=5)
    for _ in range(4):
        svc.registration_create(meeting=meeting, user=resident())
    racers = [resident() for _ in range(30)]
    outcomes = run_together([register(meeting.pk, person.pk) for person in racers])
    assert unexpected(outcomes) == []
    meeting.refresh_from_db()
    assert meeting.seats_taken == 5
    won = [o for o in outcomes if o.status == RegistrationStatus.CONFIRMED]
    assert len(won) == 1 and sum(o.status == RegistrationStatus.WAITING for o in outcomes) == 29
    assert statuses(meeting).count(RegistrationStatus.CONFIRMED) == 5
    assert statuses(meeting).count(RegistrationStatus.WAITING) == 29


def test_one_person_registering_thirty_times_at_once_is_registered_once(make_meeting, resident):
    meeting = make_meeting(capacity=10)
    person = resident()
    outcomes = run_together([register(meeting.pk, person.pk) for _ in range(30)])
    assert unexpected(outcomes) == []
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 29 and {e.message for e in refused} == {svc.ALREADY_REGISTERED}
    meeting.refresh_from_db()
    assert Registration.objects.filter(meeting=meeting).count() == 1 and meeting.seats_taken == 1


def test_one_code_checked_in_on_thirty_phones_is_checked_in_once(make_meeting, resident, meeting_staff):
    meeting = make_meeting(starts_in=timedelta(hours=1), capacity=10)
    registration = svc.registration_create(meeting=meeting, user=resident())

    def tap():
        return attendance_svc.check_in(
            meeting=Meeting.objects.get(pk=meeting.pk),
            staff=User.objects.get(pk=meeting_staff.pk),
            code=registration.code,
        )

    outcomes = run_together([tap for _ in range(30)])
    assert unexpected(outcomes) == []
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1
    with translation.override(settings.LANGUAGE_CODE):  # the threads' language: no request chose one
        already = str(attendance_svc.ALREADY_CHECKED_IN).split("%(")[0]
    assert all(str(o.message).startswith(already) for o in outcomes if isinstance(o, Exception))
    assert AttendanceCount.objects.filter(meeting=meeting).aggregate(n=Sum("count"))["n"] == 1


def test_cancellations_racing_each_other_promote_exactly_the_seats_they_free(make_meeting, resident):
    meeting = make_meeting(capacity=5)
    holders = [svc.registration_create(meeting=meeting, user=resident()) for _ in range(5)]
    for _ in range(8):
        svc.registration_create(meeting=meeting, user=resident())

    def cancel(registration):
        return lambda: svc.registration_cancel(
            registration=Registration.objects.get(pk=registration.pk), user=User.objects.get(pk=registration.user_id)
        )

    outcomes = run_together([cancel(r) for r in holders])
    assert unexpected(outcomes) == []
    meeting.refresh_from_db()
    assert meeting.seats_taken == 5
    assert statuses(meeting).count(RegistrationStatus.CONFIRMED) == 5
    assert statuses(meeting).count(RegistrationStatus.WAITING) == 3
    assert sum(len(promoted) for promoted in outcomes) == 5


def test_the_door_and_the_last_seat_at_once_leave_exactly_the_capacity_and_count_everyone_once(
    make_meeting, resident, meeting_staff
):
    """On the day, staff check people in while others still register online for the last seat:
    nineteen check-ins and eleven registrations at once. Exactly one registration takes the
    seat, the others wait, and every check-in is counted once."""
    meeting = make_meeting(starts_in=timedelta(hours=1), capacity=20)
    holders = [svc.registration_create(meeting=meeting, user=resident()) for _ in range(19)]
    racers = [resident() for _ in range(11)]

    def tap(code):
        return lambda: attendance_svc.check_in(
            meeting=Meeting.objects.get(pk=meeting.pk), staff=User.objects.get(pk=meeting_staff.pk), code=code
        )

    calls = [tap(r.code) for r in holders] + [register(meeting.pk, person.pk) for person in racers]
    outcomes = run_together(calls)
    assert unexpected(outcomes) == [] and not any(isinstance(o, Exception) for o in outcomes)
    meeting.refresh_from_db()
    assert meeting.seats_taken == 20
    assert statuses(meeting).count(RegistrationStatus.CONFIRMED) == 20
    assert statuses(meeting).count(RegistrationStatus.WAITING) == 10
    assert Registration.objects.filter(meeting=meeting, checked_in_at__isnull=False).count() == 19
    assert AttendanceCount.objects.filter(meeting=meeting).aggregate(n=Sum("count"))["n"] == 19


def test_a_cancellation_racing_its_own_check_in_either_frees_the_seat_or_keeps_it(
    make_meeting, resident, meeting_staff
):
    """A person cancels online as staff check them in at the door, thirty times over: one of the
    two wins each time, never both. A seat freed goes to whoever waits; a seat of someone in the
    hall is never given away."""
    meeting = make_meeting(starts_in=timedelta(hours=1), capacity=15)
    holders = [svc.registration_create(meeting=meeting, user=resident()) for _ in range(15)]
    waiting = [svc.registration_create(meeting=meeting, user=resident()) for _ in range(15)]
    assert all(r.status == RegistrationStatus.WAITING for r in waiting)

    def cancel(registration):
        return lambda: svc.registration_cancel(
            registration=Registration.objects.get(pk=registration.pk), user=User.objects.get(pk=registration.user_id)
        )

    def tap(registration):
        return lambda: attendance_svc.check_in(
            meeting=Meeting.objects.get(pk=meeting.pk),
            staff=User.objects.get(pk=meeting_staff.pk),
            code=registration.code,
        )

    calls = [call for r in holders for call in (cancel(r), tap(r))]
    outcomes = run_together(calls)
    assert unexpected(outcomes) == []
    for registration, cancelled, checked in zip(holders, outcomes[::2], outcomes[1::2], strict=True):
        registration.refresh_from_db()
        assert isinstance(cancelled, Exception) != isinstance(checked, Exception)
        if registration.status == RegistrationStatus.CANCELLED:
            assert registration.checked_in_at is None
        else:
            assert registration.checked_in_at is not None
    meeting.refresh_from_db()
    in_hall = Registration.objects.filter(meeting=meeting, checked_in_at__isnull=False).count()
    freed = sum(1 for r in holders if r.status == RegistrationStatus.CANCELLED)
    assert meeting.seats_taken == 15
    assert statuses(meeting).count(RegistrationStatus.CONFIRMED) == 15
    assert statuses(meeting).count(RegistrationStatus.WAITING) == 15 - freed
    assert AttendanceCount.objects.filter(meeting=meeting).aggregate(n=Sum("count"))["n"] == in_hall
