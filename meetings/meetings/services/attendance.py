"""Check-in at the door (by code, QR or name), walk-ins and paper sign-in sheets: all kept as
counts in ``AttendanceCount`` cells, never as a row per person who walked in.

Each write locks the meeting row, so two staff phones adding to the same cell never lose a
count; a check-in also moves the registration only if nobody checked it in first (a
conditional UPDATE), so one code tapped on thirty phones is checked in once.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from meetings.meetings.models import (
    AttendanceCount,
    AttendanceSource,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from meetings.meetings.selectors.registrations import normalise_code
from participation.demographics import AGE_BANDS, consented_demographics
from participation.exceptions import ServiceError
from participation.models import Gender
from participation.web.page_cache import pages_changed

NOT_ALLOWED = _("Only the staff who run this meeting can check people in.")
NOT_ANNOUNCED = _("This meeting is not announced (or was cancelled): nobody can be checked in.")
NOT_YET = _("Check-in opens %(hours)d hours before the meeting starts.")
CODE_UNKNOWN = _("No registration has this code. Check it and type it again, or search by name.")
CODE_OF_ANOTHER_MEETING = _("This is a code of another meeting: “%(title)s” on %(date)s. It is not valid here.")
CODE_WAITING = _("This person is on the waiting list: they have no seat and cannot be checked in.")
CODE_CANCELLED = _("This registration was cancelled: it cannot be checked in.")
ALREADY_CHECKED_IN = _("Already checked in at %(time)s.")
PEOPLE_OUT_OF_RANGE = _("Check in from 1 to %(max)d people for this registration.")
COUNT_OUT_OF_RANGE = _("Enter a number of people from 1 to %(max)d.")
PAPER_EMPTY = _("Enter how many people signed the sheet.")
PAPER_CELL_UNKNOWN = _("Unknown gender or age band on the sheet.")
COUNT_MAX = 5000
AGE_BAND_LABELS = tuple(label for _limit, label in AGE_BANDS)


def _lock(meeting: Meeting, staff, now: datetime) -> Meeting:
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("territory").get(pk=meeting.pk)
    if not staff.has_perm("meetings.run_meeting", meeting):
        raise ServiceError(NOT_ALLOWED)
    if meeting.status != MeetingStatus.ANNOUNCED:
        raise ServiceError(NOT_ANNOUNCED)
    hours = settings.MEETING_CHECK_IN_OPENS_HOURS
    if now < meeting.starts_at - timedelta(hours=hours):
        raise ServiceError(NOT_YET % {"hours": hours})
    return meeting


def _add(meeting: Meeting, source: str, count: int, *, gender: str = "", age_band: str = "") -> int:
    """Add ``count`` to one cell (under the meeting's lock, so the read-then-write is safe);
    the cell's new count."""
    cell, _created = AttendanceCount.objects.get_or_create(
        meeting=meeting, source=source, gender=gender, age_band=age_band
    )
    AttendanceCount.objects.filter(pk=cell.pk).update(count=F("count") + count)
    return cell.count + count


def registration_for_check_in(meeting: Meeting, code: str) -> Registration:
    """The registration of ``code`` if it can be checked in at ``meeting``, else the refusal
    the door reads (another meeting's code, waiting list, cancelled, already in)."""
    registration = (
        Registration.objects.select_related("meeting", "user", "organisation").filter(code=normalise_code(code)).first()
    )
    if registration is None:
        raise ServiceError(CODE_UNKNOWN)
    if registration.meeting_id != meeting.pk:
        other = registration.meeting
        day = date_format(timezone.localtime(other.starts_at), "j E Y")
        raise ServiceError(CODE_OF_ANOTHER_MEETING % {"title": other.title, "date": day})
    if registration.status == RegistrationStatus.WAITING:
        raise ServiceError(CODE_WAITING)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ServiceError(CODE_CANCELLED)
    if registration.checked_in_at is not None:
        time = date_format(timezone.localtime(registration.checked_in_at), "H:i")
        raise ServiceError(ALREADY_CHECKED_IN % {"time": time})
    return registration


@transaction.atomic
def check_in(
    *, meeting: Meeting, staff, code: str, people: int | None = None, now: datetime | None = None
) -> Registration:
    """Check in the registration of ``code`` with ``people`` of its people (all by default: an
    organisation may come with fewer than it registered). A person who consented to statistics
    is counted in their gender and age band; an organisation's people are not known, so they are
    counted without."""
    now = now or timezone.now()
    meeting = _lock(meeting, staff, now)
    registration = registration_for_check_in(meeting, code)
    people = registration.people if people is None else people
    if not 1 <= people <= registration.people:
        raise ServiceError(PEOPLE_OUT_OF_RANGE % {"max": registration.people})
    moved = Registration.objects.filter(
        pk=registration.pk, status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=True
    ).update(checked_in_at=now, checked_in_people=people, checked_in_by=staff)
    if not moved:  # another phone was first (the meeting's lock makes this a belt and braces)
        raise ServiceError(ALREADY_CHECKED_IN % {"time": date_format(timezone.localtime(now), "H:i")})
    gender, band = ("", "") if registration.organisation_id else consented_demographics(registration.user, now)
    _add(meeting, AttendanceSource.CHECK_IN, people, gender=gender, age_band=band)
    log(
        instance=meeting,
        action="meetings.registration_checked_in",
        user=staff,
        data={"registration": registration.pk, "people": people},
    )
    pages_changed("meetings")
    registration.checked_in_at, registration.checked_in_people = now, people
    return registration


@transaction.atomic
def walk_ins_add(*, meeting: Meeting, staff, count: int, now: datetime | None = None) -> int:
    """People who came without registering: a number, nothing about them. Returns the total."""
    now = now or timezone.now()
    meeting = _lock(meeting, staff, now)
    if not 1 <= count <= COUNT_MAX:
        raise ServiceError(COUNT_OUT_OF_RANGE % {"max": COUNT_MAX})
    total = _add(meeting, AttendanceSource.WALK_IN, count)
    log(instance=meeting, action="meetings.walk_ins_counted", user=staff, data={"count": count})
    pages_changed("meetings")
    return total


@transaction.atomic
def paper_sheet_add(*, meeting: Meeting, staff, cells: dict, now: datetime | None = None) -> int:
    """A paper sign-in sheet as counts: ``cells`` maps (gender, age band) to a number, "" where
    the sheet did not say (("", "") is everyone not split). Added to what is there (one sheet
    after another). Returns how many people the sheet adds."""
    now = now or timezone.now()
    meeting = _lock(meeting, staff, now)
    genders = {"", *Gender.values}
    bands = {"", *AGE_BAND_LABELS}
    counts = {}
    for (gender, band), count in cells.items():
        if gender not in genders or band not in bands:
            raise ServiceError(PAPER_CELL_UNKNOWN)
        if count:
            if not 0 < count <= COUNT_MAX:
                raise ServiceError(COUNT_OUT_OF_RANGE % {"max": COUNT_MAX})
            counts[(gender, band)] = count
    total = sum(counts.values())
    if not total:
        raise ServiceError(PAPER_EMPTY)
    if total > COUNT_MAX:
        raise ServiceError(COUNT_OUT_OF_RANGE % {"max": COUNT_MAX})
    for (gender, band), count in sorted(counts.items()):
        _add(meeting, AttendanceSource.PAPER, count, gender=gender, age_band=band)
    log(instance=meeting, action="meetings.paper_sheet_counted", user=staff, data={"people": total})
    pages_changed("meetings")
    return total
