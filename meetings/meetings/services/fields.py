"""What a meeting says, checked once for every service that writes it (create, propose, edit):
a clear message for the first thing wrong, or the values to save."""

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.meetings.models import AttendanceMode, Meeting, MeetingKind
from participation.accessibility import ACCESSIBILITY_FEATURES
from participation.exceptions import ServiceError
from participation.mail import single_line
from participation.selectors import territory_contains
from participation.subjects import subject_is_public

ACCESSIBILITY_FIELDS = tuple(name for name, _label in ACCESSIBILITY_FEATURES)
MEETING_FIELDS = (
    "kind",
    "title",
    "purpose",
    "starts_at",
    "ends_at",
    "attendance_mode",
    "address",
    "map_url",
    "online_url",
    *ACCESSIBILITY_FIELDS,
    "accessibility_note",
    "capacity",
    "languages",
    "consultation",
)

TITLE_REQUIRED = _("Give the meeting a title.")
PURPOSE_REQUIRED = _("Say in a few sentences what the meeting is for.")
KIND_UNKNOWN = _("Choose what kind of meeting it is.")
MODE_UNKNOWN = _("Choose how people attend: in person, online or both.")
TIMES_REQUIRED = _("Give the start and the end of the meeting.")
ENDS_BEFORE_START = _("The meeting must end after it starts.")
ADDRESS_REQUIRED = _("Give the address of the venue for a meeting attended in person.")
ONLINE_REQUIRED = _("Give the online link for a meeting attended online.")
LINK_INVALID = _("The link must be a full web address starting with https:// or http://.")
CAPACITY_INVALID = _("Seats must be a whole number of at least 1, or empty for no limit.")
CAPACITY_BELOW_TAKEN = _("%(taken)d seats are taken already; the capacity cannot be lower.")
LANGUAGE_UNKNOWN = _("Choose the languages spoken from the list.")
CONSULTATION_ELSEWHERE = _("Choose a consultation of the meeting's territory.")
SUBJECT_NOT_PUBLIC = _("A meeting can be about published petitions, budget cycles and projects only.")


def _url(value: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ServiceError(LINK_INVALID) from None
    return value


def _aware(value) -> datetime | None:
    if value is None:
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def clean_meeting_fields(fields: dict, *, territory, seats_taken: int = 0) -> dict:
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    values = {
        "kind": fields.get("kind") or MeetingKind.PUBLIC_HEARING,
        # One line: a title goes into lists, e-mail subjects and calendar entries.
        "title": single_line(fields.get("title") or "")[: Meeting.TITLE_MAX],
        "purpose": (fields.get("purpose") or "").strip(),
        "starts_at": _aware(fields.get("starts_at")),
        "ends_at": _aware(fields.get("ends_at")),
        "attendance_mode": fields.get("attendance_mode") or AttendanceMode.IN_PERSON,
        "address": (fields.get("address") or "").strip(),
        "map_url": _url(fields.get("map_url")),
        "online_url": _url(fields.get("online_url")),
        "accessibility_note": (fields.get("accessibility_note") or "").strip()[:300],
        "capacity": fields.get("capacity"),
        "languages": list(dict.fromkeys(fields.get("languages") or [])),
        "consultation": fields.get("consultation"),
        **{name: bool(fields.get(name)) for name in ACCESSIBILITY_FIELDS},
    }
    if not values["title"]:
        raise ServiceError(TITLE_REQUIRED)
    if not values["purpose"]:
        raise ServiceError(PURPOSE_REQUIRED)
    if values["kind"] not in MeetingKind.values:
        raise ServiceError(KIND_UNKNOWN)
    if values["attendance_mode"] not in AttendanceMode.values:
        raise ServiceError(MODE_UNKNOWN)
    if values["starts_at"] is None or values["ends_at"] is None:
        raise ServiceError(TIMES_REQUIRED)
    if values["ends_at"] <= values["starts_at"]:
        raise ServiceError(ENDS_BEFORE_START)
    if values["attendance_mode"] != AttendanceMode.ONLINE and not values["address"]:
        raise ServiceError(ADDRESS_REQUIRED)
    if values["attendance_mode"] != AttendanceMode.IN_PERSON and not values["online_url"]:
        raise ServiceError(ONLINE_REQUIRED)
    capacity = values["capacity"]
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1):
        raise ServiceError(CAPACITY_INVALID)
    if capacity is not None and capacity < seats_taken:
        raise ServiceError(CAPACITY_BELOW_TAKEN % {"taken": seats_taken})
    spoken = {code for code, _label in settings.LANGUAGES}
    if any(code not in spoken for code in values["languages"]):
        raise ServiceError(LANGUAGE_UNKNOWN)
    consultation = values["consultation"]
    if consultation is not None and not (
        territory_contains(consultation.territory, territory) or territory_contains(territory, consultation.territory)
    ):
        raise ServiceError(CONSULTATION_ELSEWHERE)
    return values


def clean_subjects(subjects) -> list[tuple[ContentType, int]]:
    """Rows the meeting is about, as (content type, pk); each must be public and registered."""
    cleaned = []
    for obj in subjects or ():
        if not subject_is_public(obj):
            raise ServiceError(SUBJECT_NOT_PUBLIC)
        pair = (ContentType.objects.get_for_model(obj), obj.pk)
        if pair not in cleaned:
            cleaned.append(pair)
    return cleaned
