"""Where a petition may go from each state, and who moves it. The one place this is decided.

``proposals.petitions.services.lifecycle.petition_transition`` refuses anything not listed here, and
the tests walk every pair of states against this table.
"""

from participation.workflow import Transition, TransitionTable, transition_table
from proposals.petitions.models import PetitionStatus as S


class Mover:
    AUTHOR = "author"  # the petition's author, from the public site
    SYSTEM = "system"  # the platform itself: enough co-sponsors, threshold, deadline
    MODERATION = "moderation"  # a moderator's decision through the moderation core
    RESPONDER = "responder"  # a responder or manager of the addressed khokimiyat


TRANSITIONS: TransitionTable = transition_table(
    [
        Transition(S.DRAFT, S.GATHERING, Mover.AUTHOR),
        Transition(S.GATHERING, S.MODERATION, Mover.SYSTEM),
        Transition(S.MODERATION, S.COLLECTING, Mover.MODERATION),
        Transition(S.MODERATION, S.REJECTED, Mover.MODERATION),
        # Published content found unlawful after reports is taken down by a moderator.
        Transition(S.COLLECTING, S.REJECTED, Mover.MODERATION),
        Transition(S.THRESHOLD_REACHED, S.REJECTED, Mover.MODERATION),
        Transition(S.ANSWERED, S.REJECTED, Mover.MODERATION),
        Transition(S.CLOSED, S.REJECTED, Mover.MODERATION),
        # The author's one appeal sends a rejected petition back to (another) moderator; if
        # upheld, a petition taken down after publication returns to where it stood.
        Transition(S.REJECTED, S.MODERATION, Mover.AUTHOR),
        Transition(S.MODERATION, S.THRESHOLD_REACHED, Mover.MODERATION),
        Transition(S.MODERATION, S.ANSWERED, Mover.MODERATION),
        Transition(S.MODERATION, S.CLOSED, Mover.MODERATION),
        # Invalidated fraudulent signatures can take a petition back below its threshold.
        Transition(S.THRESHOLD_REACHED, S.COLLECTING, Mover.SYSTEM),
        Transition(S.COLLECTING, S.THRESHOLD_REACHED, Mover.SYSTEM),
        Transition(S.COLLECTING, S.CLOSED, Mover.SYSTEM),
        Transition(S.THRESHOLD_REACHED, S.ANSWERED, Mover.RESPONDER),
        Transition(S.DRAFT, S.WITHDRAWN, Mover.AUTHOR),
        Transition(S.GATHERING, S.WITHDRAWN, Mover.AUTHOR),
        Transition(S.MODERATION, S.WITHDRAWN, Mover.AUTHOR),
        Transition(S.COLLECTING, S.WITHDRAWN, Mover.AUTHOR),
    ]
)

# Where the public can see the petition (list, detail for everyone, JSON, CSV).
PUBLIC_STATUSES = frozenset({S.COLLECTING, S.THRESHOLD_REACHED, S.ANSWERED, S.CLOSED})
# Where people may sign (also before ``closes_at``) and withdraw their signature.
SIGNING_STATUSES = frozenset({S.COLLECTING, S.THRESHOLD_REACHED})


def transition_allowed(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((source, target))
