"""Attendance of a meeting as totals only: registered, checked in, walk-ins, paper sheets, and
the split by gender and age band where people consented (or a paper sheet recorded it). The
check-in screen and the transparency reports read it; two queries however many people came."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from meetings.meetings.models import AttendanceCount, AttendanceSource, Meeting, Registration, RegistrationStatus


@dataclass
class Attendance:
    registrations: int = 0  # confirmed registrations
    registered_people: int = 0  # the seats they take
    waiting_people: int = 0
    checked_in_registrations: int = 0
    checked_in: int = 0  # people checked in by code, QR or name
    walk_ins: int = 0
    paper: int = 0
    # Registrations asking for each kind of help (not people: an organisation says it once).
    needs_sign_language: int = 0
    needs_step_free: int = 0
    needs_elderly_help: int = 0
    by_gender: dict = field(default_factory=dict)  # "female" → n; "" → not known
    by_age_band: dict = field(default_factory=dict)  # "30-44" → n; "" → not known

    @property
    def total(self) -> int:
        """Everyone who attended, whichever way they were counted."""
        return self.checked_in + self.walk_ins + self.paper

    @property
    def needs(self) -> list[tuple[str, int]]:
        return [
            ("sign_language", self.needs_sign_language),
            ("step_free", self.needs_step_free),
            ("elderly_help", self.needs_elderly_help),
        ]


def meeting_attendance(meeting: Meeting) -> Attendance:
    confirmed = Q(status=RegistrationStatus.CONFIRMED)
    figures = Registration.objects.filter(meeting=meeting).aggregate(
        registrations=Count("pk", filter=confirmed),
        registered_people=Sum("people", filter=confirmed, default=0),
        waiting_people=Sum("people", filter=Q(status=RegistrationStatus.WAITING), default=0),
        checked_in_registrations=Count("pk", filter=confirmed & Q(checked_in_at__isnull=False)),
        needs_sign_language=Count("pk", filter=confirmed & Q(needs_sign_language=True)),
        needs_step_free=Count("pk", filter=confirmed & Q(needs_step_free=True)),
        needs_elderly_help=Count("pk", filter=confirmed & Q(needs_elderly_help=True)),
    )
    attendance = Attendance(**figures)
    by_source: dict[str, int] = defaultdict(int)
    by_gender: dict[str, int] = defaultdict(int)
    by_age_band: dict[str, int] = defaultdict(int)
    cells = AttendanceCount.objects.filter(meeting=meeting, count__gt=0).values_list(
        "source", "gender", "age_band", "count"
    )
    for source, gender, band, count in cells:
        by_source[source] += count
        by_gender[gender] += count
        by_age_band[band] += count
    attendance.checked_in = by_source[AttendanceSource.CHECK_IN]
    attendance.walk_ins = by_source[AttendanceSource.WALK_IN]
    attendance.paper = by_source[AttendanceSource.PAPER]
    attendance.by_gender = dict(by_gender)
    attendance.by_age_band = dict(by_age_band)
    return attendance
