"""A seat comes with its calendar entry: the e-mail of a registration (or of a promotion from
the waiting list) carries the meeting's ``.ics``, with the UID of the page's file, so that the
file a reschedule later sends moves that entry instead of adding a second one. A place in line
is not a seat and comes without one."""

from datetime import timedelta

import pytest
from django.core import mail

from meetings.meetings.services.meetings import meeting_edit
from meetings.meetings.services.registrations import registration_cancel, registration_create
from tests.fixtures.meetings import calendar_events

pytestmark = pytest.mark.django_db


def entries(message) -> list:
    """The VEVENTs of the calendar files attached to an e-mail."""
    return [
        event
        for name, content, _type in message.attachments
        if name.endswith(".ics")
        for event in calendar_events(content)
    ]


def mail_to(person):
    [message] = [message for message in mail.outbox if message.to == [person.email]]
    return message


def test_a_seat_comes_with_the_calendar_entry_that_a_reschedule_moves(
    client, make_meeting, meeting_staff, resident, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=10)
    person = resident()
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(meeting=meeting, user=person)
    [entry] = entries(mail_to(person))
    [from_page] = calendar_events(client.get(f"/uz/meetings/{meeting.pk}/meeting.ics").content)
    assert str(entry["UID"]) == str(from_page["UID"])
    assert int(entry["SEQUENCE"]) == int(from_page["SEQUENCE"])

    mail.outbox.clear()
    later = meeting.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_edit(meeting=meeting, staff=meeting_staff, starts_at=later, ends_at=later + timedelta(hours=2))
    [moved] = entries(mail_to(person))
    assert str(moved["UID"]) == str(entry["UID"])
    assert int(moved["SEQUENCE"]) > int(entry["SEQUENCE"])
    assert moved.decoded("DTSTART") == later.replace(microsecond=0)


def test_a_place_in_line_has_no_calendar_entry_until_it_becomes_a_seat(
    make_meeting, resident, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=1)
    seated, waiting = resident(), resident()
    with django_capture_on_commit_callbacks(execute=True):
        first = registration_create(meeting=meeting, user=seated)
        registration_create(meeting=meeting, user=waiting)
    assert entries(mail_to(waiting)) == []

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first, user=seated)
    [entry] = entries(mail_to(waiting))
    assert str(entry["STATUS"]) == "CONFIRMED"
