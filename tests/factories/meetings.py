"""Meetings in the state a test asks for, written through the meeting services (the same
rules, audit entries and calendar identity as staff's own)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from meetings.meetings.models import Meeting, MeetingStatus
from meetings.meetings.services.agenda import AgendaEntry, agenda_set
from meetings.meetings.services.fields import MEETING_FIELDS
from meetings.meetings.services.meetings import meeting_announce, meeting_cancel, meeting_create


def meeting_made(
    *,
    staff,
    territory,
    starts_in: timedelta = timedelta(days=5),
    hours: float = 2,
    capacity: int | None = 50,
    status: str = MeetingStatus.ANNOUNCED,
    title: str = "Ochiq eshituv: obodonlashtirish rejasi",
    **fields,
) -> Meeting:
    """A meeting of ``territory`` announced by ``staff``, starting ``starts_in`` from now (negative
    for a past meeting). It is created and announced at a moment early enough for the notice the
    law asks (so a past meeting was announced in time too), with a one-item agenda; fields the
    services do not write (``organisation``, ``seats_taken``, ...) are set on the row after."""
    now = timezone.now()
    starts_at = now + starts_in
    created_at = min(now, starts_at) - timedelta(days=max(4, settings.MEETING_NOTICE_DAYS + 1))
    values = {
        "title": title,
        "purpose": "Mahalla aholisi bilan reja loyihasini muhokama qilish.",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
        "address": "Yangiqoʻrgʻon tumani hokimligi, majlislar zali",
        "capacity": capacity,
        "languages": ["uz"],
    }
    own = {name: value for name, value in fields.items() if name in MEETING_FIELDS}
    rest = {name: value for name, value in fields.items() if name not in MEETING_FIELDS}
    values.update(own)
    meeting = meeting_create(staff=staff, territory=territory, now=created_at, **values)
    if status != MeetingStatus.DRAFT:
        agenda_set(meeting=meeting, staff=staff, entries=[AgendaEntry(title="Kirish soʻzi")], now=created_at)
    if status in (MeetingStatus.ANNOUNCED, MeetingStatus.CANCELLED):
        meeting = meeting_announce(meeting=meeting, staff=staff, now=created_at)
    if status == MeetingStatus.CANCELLED:
        cancel_at = min(now, meeting.starts_at - timedelta(minutes=1))
        meeting = meeting_cancel(meeting=meeting, staff=staff, reason="Bino taʼmirlanmoqda.", now=cancel_at)
    if status == MeetingStatus.PROPOSED:
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PROPOSED)
    if rest:
        Meeting.objects.filter(pk=meeting.pk).update(**rest)
    meeting.refresh_from_db()
    return meeting


def registration_made(meeting, user, *, status: str = "confirmed", language: str = "", **fields):
    """A registration written directly (meetattend's service writes them in the app), with a
    code unique across meetings."""
    import secrets

    from meetings.meetings.models import Registration

    values = {
        "meeting": meeting,
        "user": user,
        "status": status,
        "code": secrets.token_hex(4).upper(),
        "language": language,
        "created_at": meeting.created_at,
    }
    if status == "cancelled":
        values["cancelled_at"] = meeting.created_at
    values.update(fields)
    return Registration.objects.create(**values)
