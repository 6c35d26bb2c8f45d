"""A cancellation tells every active registrant (confirmed and waiting, not those who cancelled),
each in their own language (the registration's, else their preference), with the calendar entry
they already have struck: the same UID, a higher SEQUENCE, STATUS:CANCELLED."""

import pytest
from django.core import mail
from django.utils import translation
from icalendar import Calendar

from meetings.meetings.calendar import meeting_uid
from meetings.meetings.services.meetings import meeting_cancel
from meetings.meetings.services.notifications import CANCELLED_SUBJECT
from tests.factories.meetings import registration_made

pytestmark = pytest.mark.django_db


def test_every_registrant_is_told_in_their_language_and_their_entry_is_struck(
    make_meeting, resident, meeting_staff, django_capture_on_commit_callbacks
):
    meeting = make_meeting()
    sequence = meeting.sequence
    russian, karakalpak, uzbek, gone = (
        resident(preferred_language="uz"),
        resident(preferred_language="kaa"),
        resident(preferred_language="uz"),
        resident(preferred_language="ru"),
    )
    registration_made(meeting, russian, language="ru")  # registered from the Russian page
    registration_made(meeting, karakalpak, status="waiting")
    registration_made(meeting, uzbek)
    registration_made(meeting, gone, status="cancelled")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, staff=meeting_staff, reason="Zal taʼmirda.")
    meeting.refresh_from_db()
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {russian.email, karakalpak.email, uzbek.email}
    for person, language in ((russian, "ru"), (karakalpak, "kaa"), (uzbek, "uz")):
        with translation.override(language):
            assert sent[person.email].subject == str(CANCELLED_SUBJECT % {"title": meeting.title}), language
        _name, content, mimetype = sent[person.email].attachments[0]
        event = Calendar.from_ical(content).walk("VEVENT")[0]
        assert mimetype == "text/calendar" and str(event["STATUS"]) == "CANCELLED"
        assert str(event["UID"]) == meeting_uid(meeting) and int(event["SEQUENCE"]) == sequence + 1
    assert len({message.subject for message in mail.outbox}) == 3  # three languages, three sentences
