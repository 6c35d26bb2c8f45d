"""The meetings part of the transparency report: meetings held and cancelled, how many people
came (people, so a small number is hidden), and what became of the decisions and action items.
States are read as they stood at the end of a closed period, so the figures never move."""

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from meetings.meetings.models import ActionItem, ActionStatus, Meeting, MeetingStatus, Registration
from participation.transparency.aggregates import between
from participation.transparency.registry import figure, register_section, report_moment

VERSION = 1

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
    held = _held(territory, period).aggregate(held=Count("id"), walk_ins=Coalesce(Sum("walk_ins"), Value(0)))
    checked_in = Registration.objects.filter(meeting__in=_held(territory, period)).aggregate(
        people=Coalesce(Sum("checked_in_people"), Value(0))
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
    return {**meetings, **held, "attendance": held["walk_ins"] + checked_in["people"], **actions}


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


def register() -> None:
    register_section("meetings", title=_("Meetings"), version=VERSION, compute=compute, labels=LABELS, order=40)
