"""Where a meeting's status may go, and who moves it: the one place it is decided.
``services.meetings.meeting_transition`` refuses anything else.

A declined proposal goes back to a draft (not public) rather than to "cancelled", which is a
public status: a proposal nobody announced must never appear on the meetings page.
"""

from meetings.meetings.models import MeetingStatus as M
from participation.workflow import Transition, TransitionTable, transition_table


class Mover:
    STAFF = "staff"  # a responder or manager of the meeting's territory (or above)


MEETING_TRANSITIONS: TransitionTable = transition_table(
    [
        Transition(M.DRAFT, M.ANNOUNCED, Mover.STAFF, "meetings.meeting_announced"),
        Transition(M.PROPOSED, M.ANNOUNCED, Mover.STAFF, "meetings.meeting_proposal_approved"),
        Transition(M.PROPOSED, M.DRAFT, Mover.STAFF, "meetings.meeting_proposal_declined"),
        Transition(M.ANNOUNCED, M.CANCELLED, Mover.STAFF, "meetings.meeting_cancelled"),
    ]
)

PUBLIC_MEETING_STATUSES = frozenset({M.ANNOUNCED, M.CANCELLED})
