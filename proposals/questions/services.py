"""Writes of residents' public questions: ask, moderate (through the moderation core), appeal,
extend, answer, follow.

Every change of status goes through ``question_transition``: it checks the move against
``proposals.questions.transitions``, locks the row, and records who / when / what in Wagtail's
audit log. Moderation is the core's (``participation.moderation.services``): asking puts the
question in its territory's queue with a due date; a moderator's decision, with a reason
code, comes back through the adapter (``proposals.questions.moderation``) and lands here.
E-mails go out after the transaction commits, never for a change that was rolled back, and
a failing mail server or broker is logged rather than undoing a decision already saved.
"""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from participation.answers import deadline as answers
from participation.answers.services import answer_extend
from participation.demographics import participation_figures
from participation.exceptions import ServiceError
from participation.mail import single_line
from participation.models import ModerationItem, ModerationKind, ModerationOutcome, ReasonCode, Territory, User
from participation.moderation.services import moderation_appeal, moderation_decide, moderation_submit
from participation.queue import enqueue_on_commit
from participation.ratelimit import rate_limit
from participation.web.page_cache import pages_changed
from participation.web.sitemap import sitemap_changed
from proposals.questions.models import Question, QuestionFollow, QuestionStatus, QuestionTopic
from proposals.questions.selectors import QUESTION_DEADLINE, question_appealable_decision
from proposals.questions.transitions import Mover, transition_allowed

S = QuestionStatus

ASK_SIGN_IN = _("Sign in to ask a question.")
ASK_CONFIRM_EMAIL = _("Confirm your e-mail address before you ask a question.")
ASK_TOO_OFTEN = _(
    "You have asked many questions in a short while. Please wait a few hours and send this one again; "
    "what you wrote is kept below."
)
TITLE_EMPTY = _("Write a short title for your question.")
TITLE_TOO_LONG = _("The title is too long: at most %(limit)d characters.")
TEXT_EMPTY = _("Write your question.")
TEXT_TOO_LONG = _(
    "Your question is %(length)d characters long; at most %(limit)d are allowed. Shorten it and send it again."
)
TOPIC_UNKNOWN = _("Choose a topic from the list.")
NOT_ALLOWED_ANSWER = _("You may answer only questions to the khokimiyats where you are a responder or manager.")
NOT_ALLOWED_EXTEND = _("You may extend only questions to the khokimiyats where you are a responder or manager.")
NOT_ALLOWED_STATE = _("This cannot be done now: the question is “%(status)s”.")
ALREADY_MODERATED = _("This question has already been moderated.")
ANSWERED_CANNOT_BE_REMOVED = _("An answered question stays public: it cannot be taken down.")
NOT_PUBLISHED = _("This question is not published.")
ALREADY_ANSWERED = _("This question has already been answered.")
ANSWER_EMPTY = _("Write the answer.")
ANSWER_TOO_LONG = _("The answer is too long: at most %(limit)d characters.")
# The answer deadline's refusals are the core's (participation.answers), the same for every feature.
ALREADY_EXTENDED = answers.ALREADY_EXTENDED
EXTENSION_DAYS_RANGE = answers.EXTENSION_DAYS_RANGE
EXTENSION_NOTE_REQUIRED = answers.EXTENSION_REASON_REQUIRED
EXTENSION_NOTE_TOO_LONG = answers.EXTENSION_REASON_TOO_LONG
EXTENSION_TOO_LATE = answers.EXTENSION_TOO_LATE
NOTHING_TO_APPEAL = _("There is no rejection of this question you can appeal.")
FOLLOW_SIGN_IN = _("Sign in to follow a question.")


def _max_length(field_name: str) -> int:
    return Question._meta.get_field(field_name).max_length


def _locked(question: Question) -> Question:
    # Only the question row is locked; the joined territory is read, not changed.
    return Question.objects.select_for_update(of=("self",)).select_related("territory").get(pk=question.pk)


def _refresh(target: Question, source: Question, fields: list[str]) -> None:
    """Let the caller's instance see what the locked copy changed."""
    for name in fields:
        setattr(target, name, getattr(source, name))


def office_name(territory: Territory) -> str:
    """The khokimiyat that answers, in the name it signs with."""
    return f"{territory.name_uz} hokimligi"


# --- The one transition ---------------------------------------------------------------------


def question_transition(
    question: Question,
    target: str,
    *,
    mover: str,
    actor: User | None,
    now: datetime | None = None,
    data: dict | None = None,
    changes: dict | None = None,
) -> Question:
    """Move ``question`` to ``target`` if the table allows it for this mover, and record it.

    Runs in (or opens) a transaction and locks the row, so two people acting at once see one
    after the other: the second finds the new state and is refused. ``changes`` are field
    values set in the same save (dates, reason).
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(question)
        rule = transition_allowed(locked.status, target)
        if rule is None or rule.mover != mover:
            raise ServiceError(NOT_ALLOWED_STATE % {"status": locked.get_status_display()})
        source = locked.status
        locked.status = target
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *(changes or {})])
        sitemap_changed()
        log(
            instance=locked,
            action=rule.action,
            user=actor,
            data={"from": source, "to": target, **(data or {})},
        )
        pages_changed("questions")
    _refresh(question, locked, ["status", *(changes or {})])
    return locked


# --- Asking ---------------------------------------------------------------------------------


def question_ask(
    *, author: User, territory: Territory, title: str, text: str, topic: str, ip: str = "", now: datetime | None = None
) -> Question:
    """A resident asks the khokimiyat of ``territory`` a question. It waits in the moderation
    queue (due in MODERATION_DUE_WORKING_DAYS working days), and its author follows it."""
    now = now or timezone.now()
    if not getattr(author, "is_authenticated", False):
        raise ServiceError(ASK_SIGN_IN)
    if not author.has_perm("proposals.ask_question"):
        raise ServiceError(ASK_CONFIRM_EMAIL)
    title = single_line(title)
    text = (text or "").strip()
    if not title:
        raise ServiceError(TITLE_EMPTY)
    if len(title) > _max_length("title"):
        raise ServiceError(TITLE_TOO_LONG % {"limit": _max_length("title")})
    if not text:
        raise ServiceError(TEXT_EMPTY)
    if len(text) > _max_length("text"):
        raise ServiceError(TEXT_TOO_LONG % {"length": len(text), "limit": _max_length("text")})
    if topic not in QuestionTopic.values:
        raise ServiceError(TOPIC_UNKNOWN)
    rate_limit("question_ask", user=author, ip=ip, too_many=ASK_TOO_OFTEN)
    with transaction.atomic():
        question = Question.objects.create(
            territory=territory,
            author=author,
            title=title,
            text=text,
            topic=topic,
            **participation_figures(author, now),
        )
        QuestionFollow.objects.create(question=question, user=author)
        moderation_submit(question, now=now)
    return question


# --- Moderation: the core decides, the adapter brings the decision here -----------------------


def _open_moderation_item(question: Question) -> ModerationItem | None:
    return (
        ModerationItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Question),
            object_id=question.pk,
            kind__in=[ModerationKind.REVIEW, ModerationKind.APPEAL],
            decided_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )


def question_moderate(
    *,
    question: Question,
    moderator: User,
    publish: bool,
    reason: ReasonCode | None = None,
    explanation: str = "",
    now: datetime | None = None,
) -> Question:
    """Decide the question's waiting queue item (the review, or the appeal) in the moderation
    core, as a moderator would on the queue's screen. A rejection needs a reason code and an
    explanation the author reads (the core enforces both)."""
    item = _open_moderation_item(question)
    if item is None:
        raise ServiceError(ALREADY_MODERATED)
    outcome = ModerationOutcome.APPROVE if publish else ModerationOutcome.REJECT
    moderation_decide(item=item, moderator=moderator, outcome=outcome, reason=reason, explanation=explanation, now=now)
    question.refresh_from_db()
    return question


def question_apply_decision(question: Question, item: ModerationItem, moderator: User) -> None:
    """A moderator decided in the core (inside the decision's transaction): publish (the
    answer clock starts now), reinstate a question taken down earlier, or reject with the
    reason the author reads. Reports on a published question that were dismissed change nothing."""
    now = item.decided_at
    decided = {"moderated_by": moderator, "moderated_at": now}
    if item.outcome == ModerationOutcome.APPROVE:
        if question.status != S.PENDING:
            return
        changes = dict(decided)
        if question.published_at is None:
            changes.update(published_at=now, due_at=QUESTION_DEADLINE.due_from(now))
        question_transition(
            question,
            S.PUBLISHED,
            mover=Mover.MODERATION,
            actor=moderator,
            now=now,
            data={"due_at": (changes.get("due_at") or question.due_at).isoformat()},
            changes=changes,
        )
        return
    if transition_allowed(question.status, S.REJECTED) is None:
        return  # already rejected meanwhile: nothing left to take down
    if question.answered_at is not None:
        raise ServiceError(ANSWERED_CANNOT_BE_REMOVED)
    reason = item.explanation[: _max_length("rejection_reason")]
    question_transition(
        question,
        S.REJECTED,
        mover=Mover.MODERATION,
        actor=moderator,
        now=now,
        data={"reason": item.reason.code, "explanation": reason},
        changes={**decided, "rejection_reason": reason},
    )


def question_apply_appeal(question: Question, item: ModerationItem, author: User) -> None:
    """The author appealed the rejection: the question waits for (another) moderator again."""
    question_transition(question, S.PENDING, mover=Mover.AUTHOR, actor=author, now=item.created_at)


def question_appeal(*, question: Question, author: User, text: str, now: datetime | None = None) -> ModerationItem:
    """The author's one appeal against the latest rejection; a different moderator decides."""
    decision = question_appealable_decision(question, author)
    if decision is None:
        raise ServiceError(NOTHING_TO_APPEAL)
    return moderation_appeal(item=decision, author=author, text=text, now=now)


# --- Answering --------------------------------------------------------------------------------


@transaction.atomic
def question_extend(*, question: Question, staff: User, days: int, note: str, now: datetime | None = None) -> Question:
    """Move the answer date once, by at most QUESTION_EXTENSION_MAX_DAYS, with a public note
    (the shared answer deadline, participation.answers).

    Only before the answer and before the date has passed: an extension asked for after
    the deadline would quietly erase an overdue answer.
    """
    now = now or timezone.now()
    locked = _locked(question)
    if not staff.has_perm("proposals.extend_question", locked):
        raise ServiceError(NOT_ALLOWED_EXTEND)
    if locked.status != S.PUBLISHED:
        raise ServiceError(NOT_PUBLISHED)
    if locked.answered_at is not None:
        raise ServiceError(ALREADY_ANSWERED)
    extension = answer_extend(locked, deadline=QUESTION_DEADLINE, staff=staff, days=days, reason=note, now=now)
    log(
        instance=locked,
        action="proposals.question_extended",
        user=staff,
        data={**extension.data(), "note": extension.reason},
    )
    pages_changed("questions")
    _refresh(question, locked, ["due_at", "extended_at", "extended_by", "extension_note"])
    return locked


@transaction.atomic
def question_answer(*, question: Question, responder: User, answer: str, now: datetime | None = None) -> Question:
    """Answer a published question publicly, in the khokimiyat's name; followers hear of it."""
    pages_changed("questions")
    now = now or timezone.now()
    locked = _locked(question)
    if not responder.has_perm("proposals.answer_question", locked):
        raise ServiceError(NOT_ALLOWED_ANSWER)
    if locked.status != S.PUBLISHED:
        raise ServiceError(NOT_PUBLISHED)
    if locked.answered_at is not None:
        raise ServiceError(ALREADY_ANSWERED)
    answer = (answer or "").strip()
    if not answer:
        raise ServiceError(ANSWER_EMPTY)
    if len(answer) > _max_length("answer"):
        raise ServiceError(ANSWER_TOO_LONG % {"limit": _max_length("answer")})
    locked.answer = answer
    locked.answered_at = now
    locked.answered_by = responder
    locked.answered_office = office_name(locked.territory)[: _max_length("answered_office")]
    changed = ["answer", "answered_at", "answered_by", "answered_office"]
    locked.save(update_fields=changed)
    log(
        instance=locked,
        action="proposals.question_answered",
        user=responder,
        data={"office": locked.answered_office, "overdue": locked.due_at < now},
    )
    enqueue_on_commit("proposals.questions.tasks.notify_question_answered", question_id=locked.pk)
    _refresh(question, locked, changed)
    return locked


# --- Following --------------------------------------------------------------------------------


def question_follow(*, question: Question, user: User) -> bool:
    """Follow a published question (or one's own); True when the user was not following yet."""
    if not getattr(user, "is_authenticated", False):
        raise ServiceError(FOLLOW_SIGN_IN)
    if question.status != S.PUBLISHED and question.author_id != user.pk:
        raise ServiceError(NOT_PUBLISHED)
    _follow, created = QuestionFollow.objects.get_or_create(question=question, user=user)
    return created


def question_unfollow(*, question: Question, user: User) -> bool:
    """Stop following; True when the user was following."""
    if not getattr(user, "is_authenticated", False):
        return False
    deleted, _per_model = QuestionFollow.objects.filter(question=question, user=user).delete()
    return deleted > 0
