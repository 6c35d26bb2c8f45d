"""Where a budget project may go from each status, and who moves it. The one place this is
decided: ``proposals.budgeting.services.projects.project_transition`` refuses anything not
listed here and writes the audit entry of every move.
"""

from participation.workflow import Transition, TransitionTable, transition_table
from proposals.budgeting.models import ProjectStatus as S
from proposals.budgeting.models import PublicationStatus as P


class Mover:
    AUTHOR = "author"  # the project's author, from the public site
    MODERATION = "moderation"  # a moderator's decision through the moderation core
    STAFF = "staff"  # staff of the cycle's territory recording feasibility
    SYSTEM = "system"  # the platform itself: the published count


TRANSITIONS: TransitionTable = transition_table(
    [
        # A moderator publishes a new project for the feasibility review, or an upheld appeal
        # publishes a rejected one; a refusal takes it off the site, also after a report.
        Transition(S.MODERATION, S.REVIEW, Mover.MODERATION),
        Transition(S.REJECTED, S.REVIEW, Mover.MODERATION),
        Transition(S.MODERATION, S.REJECTED, Mover.MODERATION),
        Transition(S.REVIEW, S.REJECTED, Mover.MODERATION),
        Transition(S.NOT_FEASIBLE, S.REJECTED, Mover.MODERATION),
        # The author's appeal sends a rejected project back to the moderators; editing a
        # published project sends its new text back to them too.
        Transition(S.REJECTED, S.MODERATION, Mover.AUTHOR),
        Transition(S.REVIEW, S.MODERATION, Mover.AUTHOR),
        # Staff record feasibility, and may revise their verdict until voting starts.
        Transition(S.REVIEW, S.FEASIBLE, Mover.STAFF),
        Transition(S.REVIEW, S.NOT_FEASIBLE, Mover.STAFF),
        Transition(S.FEASIBLE, S.FEASIBLE, Mover.STAFF),
        Transition(S.FEASIBLE, S.NOT_FEASIBLE, Mover.STAFF),
        Transition(S.NOT_FEASIBLE, S.FEASIBLE, Mover.STAFF),
        Transition(S.NOT_FEASIBLE, S.NOT_FEASIBLE, Mover.STAFF),
        # The author withdraws before voting starts.
        Transition(S.MODERATION, S.WITHDRAWN, Mover.AUTHOR),
        Transition(S.REVIEW, S.WITHDRAWN, Mover.AUTHOR),
        Transition(S.FEASIBLE, S.WITHDRAWN, Mover.AUTHOR),
        Transition(S.NOT_FEASIBLE, S.WITHDRAWN, Mover.AUTHOR),
        # The published count decides every project on the ballot.
        Transition(S.FEASIBLE, S.SELECTED, Mover.SYSTEM),
        Transition(S.FEASIBLE, S.NOT_SELECTED, Mover.SYSTEM),
    ]
)


def transition_allowed(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((source, target))


# The publication of a cycle's count (``CyclePublication``), moved only by
# ``proposals.budgeting.services.publication.publication_transition``. "" is "never requested".
PUBLICATION_TRANSITIONS: TransitionTable = transition_table(
    [
        # A manager asks for the count; after a failure, asks again.
        Transition("", P.QUEUED, Mover.STAFF, "proposals.results_publication_requested"),
        Transition(P.FAILED, P.QUEUED, Mover.STAFF, "proposals.results_publication_requested"),
        # A worker takes the request; a redelivered task (its worker died mid-count, nothing
        # of that count was committed) takes it again.
        Transition(P.QUEUED, P.COUNTING, Mover.SYSTEM, "proposals.results_counting"),
        Transition(P.COUNTING, P.COUNTING, Mover.SYSTEM, "proposals.results_counting"),
        # The count is published in the same transaction as its result, or fails with a reason
        # and the cycle can be published again.
        Transition(P.COUNTING, P.PUBLISHED, Mover.SYSTEM, "proposals.results_published"),
        Transition(P.COUNTING, P.FAILED, Mover.SYSTEM, "proposals.results_publication_failed"),
    ]
)


def publication_transition_allowed(source: str, target: str) -> Transition | None:
    return PUBLICATION_TRANSITIONS.get((source, target))
