"""Meetings as iCalendar (RFC 5545), written with the ``icalendar`` library.

One VEVENT per meeting, whoever exports it and however often: its UID is the meeting's ``uid``
at the site's host, so a resident who added the hearing from the page and from the district's
feed has one entry, which a reschedule moves (higher SEQUENCE) and a cancellation strikes
(STATUS:CANCELLED) instead of adding a second one. Times carry TZID=Asia/Tashkent with the
VTIMEZONE beside them, so a phone set to another zone still shows the hall's clock right.
The library escapes text (commas, semicolons, line breaks), so a title cannot forge a property.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vText

from meetings.meetings.models import AttendanceMode, Meeting, MeetingStatus
from participation.mail import single_line

PRODID = "-//Participation Uzbekistan//Meetings//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{site_host()}"


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("meetings:detail", args=[meeting.pk])


def _location(meeting: Meeting) -> str:
    if meeting.attendance_mode == AttendanceMode.ONLINE:
        return meeting.online_url
    return meeting.address


def _description(meeting: Meeting, url: str) -> str:
    parts = []
    if meeting.status == MeetingStatus.CANCELLED and meeting.cancellation_reason:
        parts.append(meeting.cancellation_reason)
    parts.append(meeting.purpose)
    if meeting.attendance_mode != AttendanceMode.IN_PERSON and meeting.online_url:
        parts.append(meeting.online_url)
    parts.append(url)
    return "\n\n".join(part for part in parts if part)


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def meeting_event(meeting: Meeting, *, now: datetime) -> Event:
    url = meeting_url(meeting)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("sequence", meeting.sequence)
    event.add("last-modified", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("summary", meeting.title)
    event.add("dtstart", _local(meeting.starts_at))
    event.add("dtend", _local(meeting.ends_at))
    event.add("location", _location(meeting))
    event.add("description", _description(meeting, url))
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_of(meetings: Iterable[Meeting], *, name: str = "", now: datetime | None = None) -> bytes:
    """An iCalendar file of ``meetings`` with Tashkent's VTIMEZONE."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        # An extension property has no known type, so the library would not escape it.
        calendar.add("x-wr-calname", vText(single_line(name)))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, now=now))
    return calendar.to_ical()


def meeting_ics(meeting: Meeting, *, now: datetime | None = None) -> bytes:
    return calendar_of([meeting], name=meeting.title, now=now)


def meeting_ics_attachments(meeting: Meeting):
    """The meeting's calendar file as an e-mail attachment (``participation.mail``'s form, made
    when the e-mail is): the same UID as the page's, so a later one moves this entry."""
    return lambda: [("meeting.ics", meeting_ics(meeting), CONTENT_TYPE.split(";")[0])]


def google_calendar_link(meeting: Meeting) -> str:
    """Google Calendar's "render" template link, pre-filled (UTC times, as it expects)."""
    utc = "%Y%m%dT%H%M%SZ"
    query = {
        "action": "TEMPLATE",
        "text": meeting.title,
        "dates": f"{meeting.starts_at.astimezone(UTC).strftime(utc)}/{meeting.ends_at.astimezone(UTC).strftime(utc)}",
        "details": f"{meeting.purpose[:500]}\n\n{meeting_url(meeting)}",
        "location": _location(meeting),
        "ctz": settings.TIME_ZONE,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)
