"""The meeting page's follow-up part (``{% followup_panel %}``): approved minutes with their
corrections, a link to the circulated draft for those who may read it, and the decisions and
action items with overdue ones marked. A fixed number of queries however many rows."""

from django import template
from django.utils import timezone

from meetings.meetings.followup_transitions import ACTION_AWAITED
from meetings.meetings.models import MinutesStatus
from meetings.meetings.selectors.actions import actions_of_meeting
from meetings.meetings.selectors.minutes import minutes_with_corrections

register = template.Library()


@register.inclusion_tag("meetings/meetings/includes/followup_panel_body.html", takes_context=True)
def followup_panel(context):
    meeting = context["meeting"]
    request = context.get("request")
    user = getattr(request, "user", None)
    now = timezone.now()
    minutes = minutes_with_corrections(meeting)
    items = list(actions_of_meeting(meeting))
    for item in items:
        item.overdue = item.status in ACTION_AWAITED and item.due_at < now
    staff = bool(user and user.has_perm("meetings.write_minutes", meeting))
    draft_readable = bool(
        minutes
        and minutes.status == MinutesStatus.CIRCULATED
        and user is not None
        and user.has_perm("meetings.read_draft_minutes", minutes)
    )
    return {
        "meeting": meeting,
        "minutes": minutes,
        "approved": minutes is not None and minutes.status == MinutesStatus.APPROVED,
        "draft_readable": draft_readable,
        "items": items,
        "overdue_count": sum(1 for item in items if item.overdue),
        "staff": staff,
        "request": request,
    }
