"""Where a kiosk's status may go, and who moves it: ``services.kiosk_transition`` refuses the
rest. Revoking is final: a device made a kiosk again is registered anew, with a new secret."""

from participation.kiosk.models import KioskStatus as S
from participation.workflow import Transition, TransitionTable, transition_table


class Mover:
    MANAGER = "manager"  # a manager of the centre's territory (or above), in the admin


TRANSITIONS: TransitionTable = transition_table(
    [Transition(S.ACTIVE, S.REVOKED, Mover.MANAGER, "participation.kiosk_revoked")]
)


def transition_allowed(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((source, target))
