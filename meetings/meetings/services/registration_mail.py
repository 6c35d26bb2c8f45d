"""The e-mails of registration: the code on registering, the place in line on the waiting
list, the code again on promotion; a seat (registered or promoted) comes with the meeting's
calendar file. In the language the person registered in (else their own),
after commit, once per registration and occasion (``participation.mail.email_users_once``)."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meetings.meetings.calendar import meeting_ics_attachments
from meetings.meetings.models import Registration, RegistrationStatus
from meetings.meetings.selectors.registrations import with_waiting_position
from participation.mail import email_users_once

SUBJECTS = {
    RegistrationStatus.CONFIRMED: _("You are registered: %(title)s"),
    RegistrationStatus.WAITING: _("You are on the waiting list: %(title)s"),
    "promoted": _("A seat is free for you: %(title)s"),
}
# A promotion is announced with the same words as a registration: the code is what matters.
TEMPLATES = {
    RegistrationStatus.CONFIRMED: "meetings/meetings/email/registration_confirmed.txt",
    RegistrationStatus.WAITING: "meetings/meetings/email/registration_waiting.txt",
    "promoted": "meetings/meetings/email/registration_promoted.txt",
}


def notify_registration(*, registration_id: int, occasion: str, now: datetime | None = None) -> int:
    """Tell the registrant; nothing when the registration has moved on since (a waiting-list
    notice for someone promoted or cancelled meanwhile is no longer true)."""
    rows = Registration.objects.select_related("meeting__territory", "organisation", "user")
    registration = with_waiting_position(rows).filter(pk=registration_id).first()
    if registration is None or occasion not in TEMPLATES:
        return 0
    expected = RegistrationStatus.CONFIRMED if occasion == "promoted" else occasion
    if registration.status != expected:
        return 0
    user, meeting = registration.user, registration.meeting
    user.preferred_language = registration.language or user.preferred_language

    def url(name: str) -> str:
        return settings.SITE_URL + reverse(name, args=[meeting.pk])

    return email_users_once(
        [user],
        key=f"meeting-registration:{registration.pk}:{occasion}",
        template=TEMPLATES[occasion],
        subject=lambda: SUBJECTS[occasion] % {"title": meeting.title},
        context={"meeting": meeting, "registration": registration},
        per_reader={"url": lambda: url("meetings:registration")},
        # A seat comes with the calendar entry that a reschedule or cancellation later moves
        # (same UID); a place in line does not, it may never become a seat.
        attachments=meeting_ics_attachments(meeting) if expected == RegistrationStatus.CONFIRMED else None,
        now=now,
    )
