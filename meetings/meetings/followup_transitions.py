"""Where minutes and action items may go, and who moves them: the one place it is decided.
``services.minutes.minutes_transition`` and ``services.actions.action_transition`` refuse
anything else. (Kept apart from the meeting's own table in ``transitions.py``.)"""

from meetings.meetings.models import ActionStatus as A
from meetings.meetings.models import MinutesStatus as M
from participation.workflow import Transition, TransitionTable, transition_table


class Mover:
    STAFF = "staff"  # a responder or manager of the meeting's territory (meetings.run_meeting)
    OWNER = "owner"  # staff, or a representative of the organisation that owns the item


MINUTES_TRANSITIONS: TransitionTable = transition_table(
    [
        Transition(M.DRAFT, M.CIRCULATED, Mover.STAFF, "meetings.minutes_circulated"),
        # Only after the comment period has ended (checked by the service, which names the date).
        Transition(M.CIRCULATED, M.APPROVED, Mover.STAFF, "meetings.minutes_approved"),
    ]
)

ACTION_TRANSITIONS: TransitionTable = transition_table(
    [
        Transition(A.OPEN, A.IN_PROGRESS, Mover.OWNER, "meetings.action_started"),
        Transition(A.IN_PROGRESS, A.DONE, Mover.STAFF, "meetings.action_done"),
        Transition(A.OPEN, A.CANCELLED, Mover.STAFF, "meetings.action_cancelled"),
        Transition(A.IN_PROGRESS, A.CANCELLED, Mover.STAFF, "meetings.action_cancelled"),
    ]
)

# An item in these states is still awaited: it can be overdue, reminded, extended, reported on.
ACTION_AWAITED = frozenset({A.OPEN, A.IN_PROGRESS})
