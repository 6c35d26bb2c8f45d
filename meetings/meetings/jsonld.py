"""schema.org ``Event`` data of a meeting page, for search engines and calendar assistants.

Written into the page as ``<script type="application/ld+json">`` with the escaping Django's
``json_script`` uses (``<``, ``>`` and ``&`` as ``\\u`` escapes), so a title containing
``</script>`` stays data."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail.models import ModelLogEntry

from meetings.meetings.calendar import meeting_url
from meetings.meetings.models import AttendanceMode, Meeting, MeetingStatus

SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
MODES = {
    AttendanceMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def _was_rescheduled(meeting: Meeting) -> bool:
    return ModelLogEntry.objects.filter(
        content_type__app_label="meetings",
        content_type__model="meeting",
        object_id=str(meeting.pk),
        action="meetings.meeting_rescheduled",
    ).exists()


def _status(meeting: Meeting) -> str:
    if meeting.status == MeetingStatus.CANCELLED:
        return "https://schema.org/EventCancelled"
    if _was_rescheduled(meeting):
        return "https://schema.org/EventRescheduled"
    return "https://schema.org/EventScheduled"


def _location(meeting: Meeting):
    places = []
    if meeting.attendance_mode != AttendanceMode.ONLINE:
        place = {"@type": "Place", "name": meeting.address, "address": meeting.address}
        if meeting.map_url:
            place["hasMap"] = meeting.map_url
        places.append(place)
    if meeting.attendance_mode != AttendanceMode.IN_PERSON:
        places.append({"@type": "VirtualLocation", "url": meeting.online_url})
    return places[0] if len(places) == 1 else places


def meeting_event_data(meeting: Meeting) -> dict:
    organizer = (
        {"@type": "Organization", "name": meeting.organisation.name}
        if meeting.organisation_id
        else {"@type": "GovernmentOrganization", "name": meeting.territory.name}
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "description": meeting.purpose,
        "startDate": timezone.localtime(meeting.starts_at).isoformat(),
        "endDate": timezone.localtime(meeting.ends_at).isoformat(),
        "eventStatus": _status(meeting),
        "eventAttendanceMode": MODES[meeting.attendance_mode],
        "location": _location(meeting),
        "organizer": organizer,
        "url": meeting_url(meeting),
        "isAccessibleForFree": True,
    }
    if meeting.languages:
        data["inLanguage"] = list(meeting.languages)
    if meeting.capacity is not None:
        data["maximumAttendeeCapacity"] = meeting.capacity
        if meeting.status == MeetingStatus.ANNOUNCED and meeting.ends_at > timezone.now():
            # Free seats mean something only for a meeting still to come.
            data["remainingAttendeeCapacity"] = meeting.seats_left
    return data


def ld_json_script(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))
