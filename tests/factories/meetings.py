"""Meetings in the state a test asks for."""

from datetime import timedelta

from django.utils import timezone

from meetings.meetings.models import Meeting, MeetingStatus


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
    for a past meeting). Rows written directly for now; the announce service will write them."""
    now = timezone.now()
    starts_at = now + starts_in
    values = {
        "territory": territory,
        "title": title,
        "purpose": "Mahalla aholisi bilan reja loyihasini muhokama qilish.",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
        "address": "Yangiqoʻrgʻon tumani hokimligi, majlislar zali",
        "capacity": capacity,
        "status": status,
        "created_by": staff,
        "created_at": min(now, starts_at) - timedelta(days=4),
        "updated_at": min(now, starts_at) - timedelta(days=4),
        "languages": ["uz"],
    }
    if status in (MeetingStatus.ANNOUNCED, MeetingStatus.CANCELLED):
        values.update(announced_at=values["created_at"], announced_by=staff)
    if status == MeetingStatus.CANCELLED:
        values.update(cancelled_at=now, cancellation_reason="Bino taʼmirlanmoqda.")
    values.update(fields)
    return Meeting.objects.create(**values)


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
