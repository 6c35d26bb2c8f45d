"""Reads of residents' public questions.

A khokimiyat's questions are those of its territory (each territory has one khokimiyat,
whatever the language of its page). ``is_overdue`` is computed in the same query, so lists
never ask per row.
"""

from datetime import datetime

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from participation.answers.deadline import AnswerDeadline
from participation.answers.selectors import answer_extension_open, answer_overdue, answers_overdue_condition
from participation.models import ModerationItem, ModerationKind, ModerationOutcome, Territory
from participation.selectors import moderation_decision_for, staff_role_paths
from proposals.questions.models import Question, QuestionStatus, QuestionTopic
from proposals.questions.predicates import QUESTION_STAFF_ROLES

# Residents' questions are appeals under the same law as petitions (participation.answers): due at
# the end of the QUESTION_ANSWER_DAYS-th day after publication in Tashkent, extended once with a
# public note. Questions have no overdue mark and no reminder to responders.
QUESTION_DEADLINE = AnswerDeadline(
    answer_days="QUESTION_ANSWER_DAYS",
    extension_max_days="QUESTION_EXTENSION_MAX_DAYS",
    reason_max=Question._meta.get_field("extension_note").max_length,
    due="due_at",
    reason="extension_note",
)


class PublicFilter:
    """The "answered / awaiting answer / overdue" filter of the public list: a partition."""

    ANSWERED = "answered"
    AWAITING = "awaiting"
    OVERDUE = "overdue"


class QueueFilter:
    """Filters of the staff screen. ``OPEN`` (still needs an answer) is the default; moderation
    itself is the moderation queue's."""

    OPEN = "open"
    PENDING = QuestionStatus.PENDING.value
    AWAITING = "awaiting"
    OVERDUE = "overdue"
    ANSWERED = "answered"
    REJECTED = QuestionStatus.REJECTED.value
    ALL = "all"


def _awaiting_condition() -> Q:
    """Published and not answered yet: the only state in which an answer is late."""
    return Q(status=QuestionStatus.PUBLISHED, answered_at__isnull=True)


def _overdue_condition(now: datetime) -> Q:
    return _awaiting_condition() & answers_overdue_condition(deadline=QUESTION_DEADLINE, now=now)


def _with_overdue(queryset: QuerySet[Question], now: datetime) -> QuerySet[Question]:
    return queryset.annotate(is_overdue=ExpressionWrapper(_overdue_condition(now), output_field=BooleanField()))


def questions_of(territory: Territory) -> QuerySet[Question]:
    """Every question to the khokimiyat of ``territory``, in every state."""
    return Question.objects.filter(territory_id=territory.pk)


def questions_published(territory: Territory, now: datetime | None = None) -> QuerySet[Question]:
    """Published questions, newest first, each with ``is_overdue``."""
    now = now or timezone.now()
    published = questions_of(territory).filter(status=QuestionStatus.PUBLISHED)
    return _with_overdue(published, now).order_by("-published_at", "-pk")


def questions_overdue(territory: Territory, now: datetime | None = None) -> QuerySet[Question]:
    """Published, unanswered questions past their due date, longest overdue first."""
    now = now or timezone.now()
    overdue = questions_of(territory).filter(_overdue_condition(now))
    return _with_overdue(overdue, now).order_by("due_at", "pk")


# What a list of questions shows (the public list, the khokimiyat page): title and text for the
# passage's language, the topic, and the dates its state is told by. Answers stay unread.
LIST_FIELDS = ("pk", "territory_id", "title", "text", "topic", "status", "published_at", "due_at", "answered_at")


def questions_public_listing(
    territory: Territory, *, topic: str = "", state: str = "", now: datetime | None = None
) -> QuerySet[Question]:
    """The public list, narrowed by topic and by answered / awaiting answer / overdue.

    Unknown filter values are ignored rather than refused: they come from a URL anyone can type.
    """
    now = now or timezone.now()
    questions = questions_published(territory, now)
    if topic in QuestionTopic.values:
        questions = questions.filter(topic=topic)
    if state == PublicFilter.ANSWERED:
        questions = questions.filter(answered_at__isnull=False)
    elif state == PublicFilter.AWAITING:
        questions = questions.filter(_awaiting_condition()).exclude(_overdue_condition(now))
    elif state == PublicFilter.OVERDUE:
        questions = questions.filter(_overdue_condition(now))
    return questions.only(*LIST_FIELDS)


def question_is_overdue(question: Question, now: datetime | None = None) -> bool:
    """Published, unanswered and past its due date; reads only the row's own fields."""
    now = now or timezone.now()
    return (
        question.status == QuestionStatus.PUBLISHED
        and question.answered_at is None
        and answer_overdue(question, deadline=QUESTION_DEADLINE, now=now)
    )


def question_public_state(question: Question, now: datetime | None = None) -> str:
    """Which of the public filters the question falls under ("" when it is not published)."""
    if question.status != QuestionStatus.PUBLISHED:
        return ""
    if question.answered_at is not None:
        return PublicFilter.ANSWERED
    return PublicFilter.OVERDUE if question_is_overdue(question, now) else PublicFilter.AWAITING


def _staff_scope(user) -> Q | None:
    """Questions of khokimiyats on whose territory (or above) the user holds a question role.

    ``None`` means no scope at all: the user sees nothing.
    """
    if getattr(user, "is_superuser", False):
        return Q()
    paths = {path for role, path in staff_role_paths(user) if role in QUESTION_STAFF_ROLES}
    if not paths:
        return None
    scope = Q()
    for path in sorted(paths):
        scope |= Q(territory__path__startswith=path)
    return scope


def questions_for_staff(user, status: str | None = None, now: datetime | None = None) -> QuerySet[Question]:
    """The staff screen: questions the user may act on, the ones awaiting moderation first (to
    see what is coming), then by due date. One query for the user's roles (cached on the
    user), one for the rows."""
    now = now or timezone.now()
    scope = _staff_scope(user)
    if scope is None:
        return Question.objects.none()
    questions = Question.objects.filter(scope).select_related("territory")
    status = status or QueueFilter.OPEN
    if status == QueueFilter.OPEN:
        questions = questions.filter(Q(status=QuestionStatus.PENDING) | _awaiting_condition())
    elif status == QueueFilter.PENDING:
        questions = questions.filter(status=QuestionStatus.PENDING)
    elif status == QueueFilter.AWAITING:
        questions = questions.filter(_awaiting_condition()).exclude(_overdue_condition(now))
    elif status == QueueFilter.OVERDUE:
        questions = questions.filter(_overdue_condition(now))
    elif status == QueueFilter.ANSWERED:
        questions = questions.filter(status=QuestionStatus.PUBLISHED, answered_at__isnull=False)
    elif status == QueueFilter.REJECTED:
        questions = questions.filter(status=QuestionStatus.REJECTED)
    return _with_overdue(questions, now).order_by(F("due_at").asc(nulls_first=True), "created_at", "pk")


def question_for_staff(user, question_id: int, now: datetime | None = None) -> Question | None:
    """One question of the user's queue, in any state, or ``None`` when it is not theirs."""
    return (
        questions_for_staff(user, QueueFilter.ALL, now)
        .select_related("territory", "author", "moderated_by", "answered_by", "extended_by")
        .filter(pk=question_id)
        .first()
    )


def question_visible_to(question: Question, user) -> bool:
    """Published questions are public; before that (or when rejected) only the author and the
    khokimiyat's question staff see one."""
    if question.status == QuestionStatus.PUBLISHED:
        return True
    if getattr(user, "is_authenticated", False) and question.author_id == user.pk:
        return True
    return bool(
        getattr(user, "is_authenticated", False) and user.has_perm("proposals.view_unpublished_question", question)
    )


def question_get(territory: Territory, question_id: int) -> Question | None:
    """A question to the khokimiyat of ``territory`` by id, with what the permission checks read joined in."""
    return questions_of(territory).select_related("territory").filter(pk=question_id).first()


def question_is_followed_by(question: Question, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return question.follows.filter(user=user).exists()


def question_open_actions(question: Question, now: datetime | None = None) -> set[str]:
    """Which staff actions the question's state still allows (permissions aside): answering
    while published and unanswered; one extension before the date. (Moderation is the
    moderation queue's.)"""
    if question.status != QuestionStatus.PUBLISHED or question.answered_at is not None:
        return set()
    actions = {"answer"}
    if answer_extension_open(question, deadline=QUESTION_DEADLINE, now=now or timezone.now()):
        actions.add("extend")
    return actions


def question_followable(question: Question) -> bool:
    return question.status == QuestionStatus.PUBLISHED


def question_decision(question: Question):
    """The latest moderation decision about the question (its reason code and explanation), or None."""
    return moderation_decision_for(question)


def question_appealable_decision(question: Question, user):
    """The rejection the author may still appeal (once per question), or None."""
    if question.status != QuestionStatus.REJECTED or not getattr(user, "is_authenticated", False):
        return None
    if question.author_id != user.pk:
        return None
    decision = moderation_decision_for(question)
    if decision is None or decision.outcome != ModerationOutcome.REJECT or decision.kind == ModerationKind.APPEAL:
        return None
    appealed = ModerationItem.objects.filter(
        content_type_id=decision.content_type_id, object_id=decision.object_id, kind=ModerationKind.APPEAL
    ).exists()
    return None if appealed else decision


def questions_all_published() -> QuerySet[Question]:
    """Every published question, of every khokimiyat (for the sitemap and the site search)."""
    return Question.objects.filter(status=QuestionStatus.PUBLISHED)
