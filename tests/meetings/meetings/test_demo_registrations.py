"""The demo's registrations, seeded through the services into a meeting from the factory: the
women's action group registers three people, residents fill the hearing, two wait."""

import pytest
from django.utils import timezone

from meetings.meetings.demo_registrations import seed
from meetings.meetings.models import Registration, RegistrationStatus
from meetings.meetings.selectors.attendance import meeting_attendance

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_hearing_and_leaves_a_waiting_list(make_meeting, meeting_staff, wag, make_representative):
    leader = make_representative(wag)
    meeting = make_meeting(capacity=8)
    logins = seed(meeting, staff=meeting_staff, now=timezone.now())
    meeting.refresh_from_db()
    group = Registration.objects.get(meeting=meeting, organisation=wag)
    assert (group.user, group.people, group.status) == (leader, 3, RegistrationStatus.CONFIRMED)
    assert meeting.seats_taken == meeting.capacity == 8
    waiting = Registration.objects.filter(meeting=meeting, status=RegistrationStatus.WAITING)
    assert waiting.count() == 2
    assert {login.email for login in logins} >= {leader.email, *waiting.values_list("user__email", flat=True)}
    attendance = meeting_attendance(meeting)
    assert (attendance.needs_sign_language, attendance.needs_step_free, attendance.needs_elderly_help) == (1, 1, 1)
    # Seeding again changes nothing.
    assert seed(meeting, staff=meeting_staff, now=timezone.now()) == []
    assert Registration.objects.filter(meeting=meeting).count() == 8


def test_without_a_group_residents_still_fill_the_meeting(make_meeting, meeting_staff):
    meeting = make_meeting(capacity=4)
    seed(meeting, staff=meeting_staff, now=timezone.now())
    meeting.refresh_from_db()
    assert meeting.seats_taken == 4
    assert Registration.objects.filter(meeting=meeting, status=RegistrationStatus.WAITING).count() == 2
