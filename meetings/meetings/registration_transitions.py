"""Where a registration may go, and who moves it: the one place it is decided.
``services.registrations.registration_transition`` refuses anything else. (Kept beside the
meeting's own table, ``transitions.py``, so the two parts of the work never edit one file.)"""

from meetings.meetings.models import RegistrationStatus as R
from participation.workflow import Transition, TransitionTable, transition_table


class Mover:
    REGISTRANT = "registrant"  # the person who registered (themself or their organisation)
    STAFF = "staff"  # who runs the meeting (meetings.run_meeting)
    PLATFORM = "platform"  # the promotion that runs when seats are freed


REGISTRATION_TRANSITIONS: TransitionTable = transition_table(
    [
        Transition(R.WAITING, R.CONFIRMED, Mover.PLATFORM, "meetings.registration_promoted"),
        Transition(R.CONFIRMED, R.CANCELLED, Mover.REGISTRANT, "meetings.registration_cancelled"),
        Transition(R.WAITING, R.CANCELLED, Mover.REGISTRANT, "meetings.registration_cancelled"),
    ]
)
