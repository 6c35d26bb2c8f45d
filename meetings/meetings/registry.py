"""What an organisation's public page shows of meetings: the meetings it holds (bounded: the
page is one of many), its calendar feed, and for its representatives the way to propose one."""

from django.utils.translation import gettext_lazy as _

from meetings.meetings.selectors.meetings import meetings_listed
from participation.organisations.registry import register_organisation_section

ROWS_SHOWN = 10


def _meetings(organisation):
    return list(meetings_listed(organisation=organisation)[:ROWS_SHOWN])


def register() -> None:
    register_organisation_section(
        "meetings",
        title=_("Meetings"),
        rows=_meetings,
        template="meetings/meetings/includes/organisation_meetings.html",
    )
