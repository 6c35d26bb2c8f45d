"""What an organisation's public page shows of meetings' follow-up: the action items it owns,
overdue first (bounded: the page is one of many)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.meetings.followup_transitions import ACTION_AWAITED
from meetings.meetings.selectors.actions import actions_of_organisation
from participation.organisations.registry import register_organisation_section

ROWS_SHOWN = 10


def _actions(organisation):
    now = timezone.now()
    rows = list(actions_of_organisation(organisation, now)[:ROWS_SHOWN])
    for item in rows:
        item.overdue = item.status in ACTION_AWAITED and item.due_at < now
    return rows


def register() -> None:
    register_organisation_section(
        "meeting_actions",
        title=_("Action items from meetings"),
        rows=_actions,
        template="meetings/meetings/includes/organisation_actions.html",
    )
