"""Where a consultation and an input may go, and who moves them: the one place it is decided.
``services.consultation_transition`` and ``services.input_transition`` refuse anything else."""

from meetings.consultations.models import ConsultationStatus as C
from meetings.consultations.models import InputStatus as I
from participation.workflow import Transition, TransitionTable, transition_table


class Mover:
    STAFF = "staff"  # a responder or manager of the consultation's territory
    MODERATION = "moderation"  # a moderator's decision through the moderation core


CONSULTATION_TRANSITIONS: TransitionTable = transition_table(
    [
        Transition(C.DRAFT, C.PUBLISHED, Mover.STAFF, "meetings.consultation_published"),
        Transition(C.PUBLISHED, C.CONCLUDED, Mover.STAFF, "meetings.consultation_concluded"),
    ]
)

INPUT_TRANSITIONS: TransitionTable = transition_table(
    [
        Transition(I.MODERATION, I.PUBLISHED, Mover.MODERATION),
        Transition(I.MODERATION, I.REJECTED, Mover.MODERATION),
        # A published input found unlawful after reports is taken down; an upheld appeal brings
        # a rejected one back to the queue.
        Transition(I.PUBLISHED, I.REJECTED, Mover.MODERATION),
        Transition(I.REJECTED, I.MODERATION, Mover.MODERATION),
    ]
)

PUBLIC_CONSULTATION_STATUSES = frozenset({C.PUBLISHED, C.CONCLUDED})
