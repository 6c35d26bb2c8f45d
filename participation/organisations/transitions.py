"""Where an organisation's verification may go from each state, and who moves it. The one
place this is decided: ``services.organisation_transition`` refuses anything not listed.

Renewal is a move from verified (or expired, or suspended) to verified: it records new
evidence and a new expiry date, and is logged like the first verification.
"""

from participation.organisations.models import OrganisationStatus as S
from participation.workflow import Transition, TransitionTable, transition_table


class Mover:
    MANAGER = "manager"  # a manager of the organisation's territory (or above), in the admin
    PLATFORM = "platform"  # the platform itself, when a verification's date passes


TRANSITIONS: TransitionTable = transition_table(
    [
        Transition(S.REQUESTED, S.VERIFIED, Mover.MANAGER, "participation.organisation_verified"),
        Transition(S.REQUESTED, S.REJECTED, Mover.MANAGER, "participation.organisation_rejected"),
        Transition(S.VERIFIED, S.VERIFIED, Mover.MANAGER, "participation.organisation_renewed"),
        Transition(S.VERIFIED, S.SUSPENDED, Mover.MANAGER, "participation.organisation_suspended"),
        Transition(S.VERIFIED, S.EXPIRED, Mover.PLATFORM, "participation.organisation_expired"),
        Transition(S.SUSPENDED, S.VERIFIED, Mover.MANAGER, "participation.organisation_reinstated"),
        Transition(S.EXPIRED, S.VERIFIED, Mover.MANAGER, "participation.organisation_renewed"),
        # A rejected request may be reconsidered when new evidence comes (documents brought in).
        Transition(S.REJECTED, S.VERIFIED, Mover.MANAGER, "participation.organisation_verified"),
    ]
)


def transition_allowed(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((source, target))
