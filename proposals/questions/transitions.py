"""Where a question may go from each state, and who moves it. The one place this is decided.

``proposals.questions.services.question_transition`` refuses anything not listed here.
Answering and extending the answer date are not moves: they fill fields of a published
question and leave its status alone.
"""

from participation.workflow import Transition, TransitionTable, transition_table
from proposals.questions.models import QuestionStatus as S


class Mover:
    MODERATION = "moderation"  # a moderator's decision through the moderation core
    AUTHOR = "author"  # the question's author, appealing a rejection


TRANSITIONS: TransitionTable = transition_table(
    [
        Transition(S.PENDING, S.PUBLISHED, Mover.MODERATION, "proposals.question_published"),
        Transition(S.PENDING, S.REJECTED, Mover.MODERATION, "proposals.question_rejected"),
        # A published question found unlawful after reports is taken down by a moderator.
        Transition(S.PUBLISHED, S.REJECTED, Mover.MODERATION, "proposals.question_rejected"),
        # The author's one appeal sends a rejected question back to (another) moderator.
        Transition(S.REJECTED, S.PENDING, Mover.AUTHOR, "proposals.question_appealed"),
    ]
)


def transition_allowed(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((source, target))
