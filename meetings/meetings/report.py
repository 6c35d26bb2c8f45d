"""The meetings part of the transparency report: meetings held and cancelled, how many people
came (people, so a small number is hidden), and what became of the decisions and action items.
States are read as they stood at the end of a closed period, so the figures never move."""

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from meetings.meetings.models import (
    ActionItem,
    ActionStatus,
    AttendanceCount,
    AttendanceSource,
    Meeting,
    MeetingStatus,
    Registration,
)
from participation.models import Channel
from participation.transparency.aggregates import between
from participation.transparency.participants import acts_by_figures, register_participation_source
from participation.transparency.registry import figure, register_section, report_moment

VERSION = 2  # 2: attendance includes paper sign-in sheets

LABELS = {
    "held": _("Meetings held"),
    "cancelled": _("Meetings cancelled"),
    "attendance": _("People who attended meetings"),
    "actions_created": _("Decisions and action items recorded"),
    "actions_done": _("Action items done"),
    "actions_overdue": _("Action items overdue at the end of the period"),
}


def _held(territory, period):
    moment = report_moment(period)
    return Meeting.objects.filter(territory__path__startswith=territory.path, status=MeetingStatus.ANNOUNCED).filter(
        between("ends_at", period.starts_at, period.ends_at) & Q(ends_at__lte=moment)
    )


def meetings_report_figures(territory, period) -> dict:
    start, end, moment = period.starts_at, period.ends_at, report_moment(period)
    meetings = Meeting.objects.filter(territory__path__startswith=territory.path).aggregate(
        cancelled=Count("id", filter=Q(status=MeetingStatus.CANCELLED) & between("cancelled_at", start, end)),
    )
    held = _held(territory, period).aggregate(held=Count("id"))
    # Every way in counts: checked in at the door, walked in, or entered from a paper sheet.
    attended = AttendanceCount.objects.filter(meeting__in=_held(territory, period)).aggregate(
        people=Coalesce(Sum("count"), Value(0))
    )
    actions = ActionItem.objects.filter(meeting__territory__path__startswith=territory.path).aggregate(
        actions_created=Count("id", filter=between("created_at", start, end)),
        actions_done=Count("id", filter=between("done_at", start, end)),
        actions_overdue=Count(
            "id",
            filter=Q(created_at__lt=moment, due_at__lt=moment)
            & ~Q(status=ActionStatus.CANCELLED)
            & (Q(done_at__isnull=True) | Q(done_at__gte=moment)),
        ),
    )
    return {**meetings, **held, "attendance": attended["people"], **actions}


def compute(territory, period) -> dict:
    figures = meetings_report_figures(territory, period)
    return {
        "figures": [
            figure("held", figures["held"]),
            figure("cancelled", figures["cancelled"]),
            figure("attendance", figures["attendance"], people=True),
            figure("actions_created", figures["actions_created"]),
            figure("actions_done", figures["actions_done"]),
            figure("actions_overdue", figures["actions_overdue"]),
        ],
        "tables": [],
    }


def meeting_registration_acts(territory, period):
    """Registering for a meeting, as an act of participation (an organisation's: one act)."""
    return acts_by_figures(
        Registration.objects.filter(meeting__territory__path__startswith=territory.path).filter(
            between("created_at", period.starts_at, period.ends_at)
        )
    )


def meeting_attendance_acts(territory, period):
    """Attending a meeting held in the period: the counts kept at the door and from paper."""
    rows = (
        AttendanceCount.objects.filter(meeting__in=_held(territory, period))
        .values_list("source", "gender", "age_band")
        .annotate(people=Sum("count"))
        .order_by()
    )
    return [
        (Channel.PAPER if source == AttendanceSource.PAPER else Channel.IN_PERSON, gender, band, people)
        for source, gender, band, people in rows
    ]


def register() -> None:
    register_section("meetings", title=_("Meetings"), version=VERSION, compute=compute, labels=LABELS, order=40)
    register_participation_source(
        "meeting_registrations", label=_("Registrations for meetings"), rows=meeting_registration_acts, order=60
    )
    register_participation_source(
        "meeting_attendance", label=_("Attendance at meetings"), rows=meeting_attendance_acts, order=70
    )
