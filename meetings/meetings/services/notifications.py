"""Who hears of a meeting's change, by e-mail in their own language, after commit: every active
registrant (confirmed and waiting) when the meeting is rescheduled or cancelled, with the new
calendar entry attached (same UID, higher SEQUENCE, so their calendar moves the entry); the
proposer when staff decline an organisation's proposal. Each occasion is one key, so a retried
task tells nobody twice (``participation.mail.email_users_once``)."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.meetings.calendar import meeting_ics_attachments, meeting_url
from meetings.meetings.models import Meeting, MeetingStatus
from meetings.meetings.selectors.meetings import ACTIVE_REGISTRANTS
from meetings.meetings.selectors.registrations import registrant_users
from participation.mail import email_users_once

RESCHEDULED_SUBJECT = _("The meeting has changed: %(title)s")
CANCELLED_SUBJECT = _("The meeting is cancelled: %(title)s")
DECLINED_SUBJECT = _("Your proposed meeting was not approved: %(title)s")


def _meeting(meeting_id: int) -> Meeting | None:
    return Meeting.objects.select_related("territory").filter(pk=meeting_id).first()


def _when(meeting: Meeting) -> dict:
    return {"starts": timezone.localtime(meeting.starts_at), "ends": timezone.localtime(meeting.ends_at)}


def notify_rescheduled(*, meeting_id: int, sequence: int, now: datetime | None = None) -> int:
    meeting = _meeting(meeting_id)
    if meeting is None or meeting.status != MeetingStatus.ANNOUNCED:
        return 0
    return email_users_once(
        registrant_users(meeting, ACTIVE_REGISTRANTS),
        # One occasion per change: a second reschedule is news again.
        key=f"meeting-changed:{meeting.pk}:{sequence}",
        template="meetings/meetings/email/rescheduled.txt",
        subject=lambda: RESCHEDULED_SUBJECT % {"title": meeting.title},
        context={"meeting": meeting, **_when(meeting)},
        per_reader={"url": lambda: meeting_url(meeting)},
        attachments=meeting_ics_attachments(meeting),
        now=now,
    )


def notify_cancelled(*, meeting_id: int, now: datetime | None = None) -> int:
    meeting = _meeting(meeting_id)
    if meeting is None or meeting.status != MeetingStatus.CANCELLED:
        return 0
    return email_users_once(
        registrant_users(meeting, ACTIVE_REGISTRANTS),
        key=f"meeting-cancelled:{meeting.pk}",
        template="meetings/meetings/email/cancelled.txt",
        subject=lambda: CANCELLED_SUBJECT % {"title": meeting.title},
        context={"meeting": meeting, **_when(meeting)},
        per_reader={"url": lambda: meeting_url(meeting)},
        attachments=meeting_ics_attachments(meeting),
        now=now,
    )


def notify_declined(*, meeting_id: int, reason: str, now: datetime | None = None) -> int:
    meeting = _meeting(meeting_id)
    if meeting is None or meeting.created_by is None:
        return 0
    return email_users_once(
        [meeting.created_by],
        key=f"meeting-declined:{meeting.pk}:{meeting.updated_at.isoformat()}",
        template="meetings/meetings/email/declined.txt",
        subject=lambda: DECLINED_SUBJECT % {"title": meeting.title},
        context={"meeting": meeting, "reason": reason},
        now=now,
    )
