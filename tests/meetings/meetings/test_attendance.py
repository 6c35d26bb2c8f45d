"""Check-in at the door and attendance as counts: a code checked in once, another meeting's code
named as such, nobody without a seat let in, walk-ins and paper sheets as numbers, and gender
and age band only for people who consented."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from meetings.meetings.models import AttendanceCount, AttendanceSource, Meeting, MeetingStatus, Registration
from meetings.meetings.selectors.attendance import meeting_attendance
from meetings.meetings.services import attendance as svc
from meetings.meetings.services.registrations import registration_cancel, registration_create
from participation.exceptions import ServiceError

pytestmark = pytest.mark.django_db


def refusal(call) -> str:
    with pytest.raises(ServiceError) as refused:
        call()
    return refused.value.message


@pytest.fixture
def hearing(make_meeting):
    """A meeting starting in an hour: check-in is open, registration too."""
    return make_meeting(starts_in=timedelta(hours=1), capacity=10)


def registered(meeting, user, **kwargs):
    return registration_create(meeting=meeting, user=user, **kwargs)


def cells(meeting) -> dict:
    return {
        (row.source, row.gender, row.age_band): row.count
        for row in AttendanceCount.objects.filter(meeting=meeting, count__gt=0)
    }


def test_a_code_is_checked_in_once_and_the_second_time_says_so(hearing, resident, meeting_staff):
    registration = registered(hearing, resident())
    done = svc.check_in(meeting=hearing, staff=meeting_staff, code=registration.code.lower())
    assert (done.checked_in_people, done.checked_in_at is not None) == (1, True)
    message = refusal(lambda: svc.check_in(meeting=hearing, staff=meeting_staff, code=registration.code))
    time = timezone.localtime(Registration.objects.get(pk=registration.pk).checked_in_at).strftime("%H:%M")
    assert message == svc.ALREADY_CHECKED_IN % {"time": time}
    assert meeting_attendance(hearing).checked_in == 1


def test_a_code_of_another_meeting_is_refused_naming_that_meeting(make_meeting, hearing, resident, meeting_staff):
    other = make_meeting(title="Mahalla yigʻini: Navbahor", starts_in=timedelta(days=7))
    registration = registered(other, resident())
    message = refusal(lambda: svc.check_in(meeting=hearing, staff=meeting_staff, code=registration.code))
    assert "Mahalla yigʻini: Navbahor" in message
    assert message.startswith("This is a code of another meeting")
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None
    assert cells(hearing) == {}


def test_an_unknown_code_is_refused(hearing, meeting_staff):
    assert refusal(lambda: svc.check_in(meeting=hearing, staff=meeting_staff, code="ZZZZ-ZZZZ")) == svc.CODE_UNKNOWN


def test_waiting_and_cancelled_registrations_cannot_be_checked_in(make_meeting, resident, meeting_staff):
    meeting = make_meeting(starts_in=timedelta(hours=1), capacity=1)
    first = resident()
    seat = registered(meeting, first)
    waiting = registered(meeting, resident())
    assert refusal(lambda: svc.check_in(meeting=meeting, staff=meeting_staff, code=waiting.code)) == svc.CODE_WAITING
    registration_cancel(registration=waiting, user=waiting.user)
    assert refusal(lambda: svc.check_in(meeting=meeting, staff=meeting_staff, code=waiting.code)) == (
        svc.CODE_CANCELLED
    )
    registration_cancel(registration=seat, user=first)
    assert refusal(lambda: svc.check_in(meeting=meeting, staff=meeting_staff, code=seat.code)) == svc.CODE_CANCELLED
    assert meeting_attendance(meeting).checked_in == 0


def test_an_organisation_checks_in_fewer_people_than_it_registered(hearing, wag, make_representative, meeting_staff):
    registration = registered(hearing, make_representative(wag), organisation=wag, people=5)
    message = refusal(lambda: svc.check_in(meeting=hearing, staff=meeting_staff, code=registration.code, people=6))
    assert message == svc.PEOPLE_OUT_OF_RANGE % {"max": 5}
    svc.check_in(meeting=hearing, staff=meeting_staff, code=registration.code, people=3)
    attendance = meeting_attendance(hearing)
    assert (attendance.registered_people, attendance.checked_in) == (5, 3)
    # An organisation's people are not known: no gender or age band, even if its representative consented.
    assert cells(hearing) == {(AttendanceSource.CHECK_IN, "", ""): 3}


def test_gender_and_age_band_are_counted_only_for_people_who_consented(hearing, resident, meeting_staff):
    now = timezone.now()
    consented = resident(gender="female", birth_year=timezone.localtime(now).year - 35, demographics_consent_at=now)
    silent = resident()
    for person in (consented, silent):
        svc.check_in(meeting=hearing, staff=meeting_staff, code=registered(hearing, person).code)
    assert cells(hearing) == {
        (AttendanceSource.CHECK_IN, "female", "30-44"): 1,
        (AttendanceSource.CHECK_IN, "", ""): 1,
    }
    attendance = meeting_attendance(hearing)
    assert attendance.by_gender == {"female": 1, "": 1}
    assert attendance.by_age_band == {"30-44": 1, "": 1}


def test_walk_ins_and_paper_sheets_are_counts_never_rows_per_person(hearing, resident, meeting_staff):
    svc.walk_ins_add(meeting=hearing, staff=meeting_staff, count=4)
    total = svc.walk_ins_add(meeting=hearing, staff=meeting_staff, count=3)
    assert total == 7 and meeting_attendance(hearing).walk_ins == 7
    added = svc.paper_sheet_add(
        meeting=hearing,
        staff=meeting_staff,
        cells={("female", "60+"): 2, ("male", ""): 1, ("", ""): 5},
    )
    assert added == 8
    svc.paper_sheet_add(meeting=hearing, staff=meeting_staff, cells={("", ""): 2})
    assert cells(hearing) == {
        (AttendanceSource.WALK_IN, "", ""): 7,
        (AttendanceSource.PAPER, "female", "60+"): 2,
        (AttendanceSource.PAPER, "male", ""): 1,
        (AttendanceSource.PAPER, "", ""): 7,
    }
    # One row per cell, whatever the number of people.
    assert AttendanceCount.objects.filter(meeting=hearing).count() == 4
    svc.check_in(meeting=hearing, staff=meeting_staff, code=registered(hearing, resident()).code)
    attendance = meeting_attendance(hearing)
    assert (attendance.checked_in, attendance.walk_ins, attendance.paper, attendance.total) == (1, 7, 10, 18)
    assert AttendanceCount.objects.filter(meeting=hearing).aggregate(n=Sum("count"))["n"] == 18


@pytest.mark.parametrize(
    ("cells_given", "message"),
    [
        # Formatted in the test, in its language (not at import, in the collector's).
        ({}, lambda: svc.PAPER_EMPTY),
        ({("", ""): 0}, lambda: svc.PAPER_EMPTY),
        ({("other", ""): 2}, lambda: svc.PAPER_CELL_UNKNOWN),
        ({("", "25-30"): 2}, lambda: svc.PAPER_CELL_UNKNOWN),
        ({("", ""): -3}, lambda: svc.COUNT_OUT_OF_RANGE % {"max": svc.COUNT_MAX}),
    ],
    ids=["empty", "zero", "unknown gender", "unknown age band", "negative"],
)
def test_a_bad_paper_sheet_is_refused_and_nothing_is_counted(hearing, meeting_staff, cells_given, message):
    given = refusal(lambda: svc.paper_sheet_add(meeting=hearing, staff=meeting_staff, cells=cells_given))
    assert str(given) == str(message())
    assert cells(hearing) == {}


@pytest.mark.parametrize("count", [0, -2, svc.COUNT_MAX + 1])
def test_walk_ins_are_a_positive_number(hearing, meeting_staff, count):
    message = refusal(lambda: svc.walk_ins_add(meeting=hearing, staff=meeting_staff, count=count))
    assert message == svc.COUNT_OUT_OF_RANGE % {"max": svc.COUNT_MAX}
    assert meeting_attendance(hearing).walk_ins == 0


def test_check_in_is_for_the_meetings_staff_of_an_announced_meeting_on_the_day(
    make_meeting, hearing, resident, people, meeting_staff
):
    registration = registered(hearing, resident())
    for outsider in (people.zomin_manager, people.moderator, registration.user):
        message = refusal(lambda o=outsider: svc.check_in(meeting=hearing, staff=o, code=registration.code))
        assert message == svc.NOT_ALLOWED
    early = make_meeting(starts_in=timedelta(days=2))
    code = registered(early, resident()).code
    assert refusal(lambda: svc.check_in(meeting=early, staff=meeting_staff, code=code)) == svc.NOT_YET % {"hours": 3}
    Meeting.objects.filter(pk=hearing.pk).update(status=MeetingStatus.CANCELLED, cancelled_at=timezone.now())
    assert refusal(lambda: svc.check_in(meeting=hearing, staff=meeting_staff, code=registration.code)) == (
        svc.NOT_ANNOUNCED
    )
    assert refusal(lambda: svc.walk_ins_add(meeting=hearing, staff=meeting_staff, count=1)) == svc.NOT_ANNOUNCED


def test_staff_see_the_needs_in_aggregate(hearing, resident, wag, make_representative):
    registered(hearing, resident(), needs_sign_language=True)
    registered(hearing, resident(), needs_sign_language=True, needs_step_free=True)
    registered(hearing, make_representative(wag), organisation=wag, people=3, needs_sign_language=True)
    cancelled = registered(hearing, resident(), needs_elderly_help=True)
    registration_cancel(registration=cancelled, user=cancelled.user)
    attendance = meeting_attendance(hearing)
    assert dict(attendance.needs) == {"sign_language": 3, "step_free": 1, "elderly_help": 0}
    assert (attendance.registrations, attendance.registered_people) == (3, 5)
