"""Writes of residents' public questions: ask, moderate, extend, answer, follow.

Every state change locks the question row, checks the permission and the current state
under that lock, and records the staff action in Wagtail's audit log, so two moderators
clicking at once cannot both publish, and an auditor can see who did what and when.
E-mails go out after the transaction commits, never for a change that was rolled back, and
a failing mail server or broker is logged rather than undoing a decision already saved.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Locale

from cms.models import KhokimiyatPage, Question, QuestionFollow, QuestionStatus, QuestionTopic
from cms.models.base import url_in_active_language
from participation.exceptions import ServiceError
from participation.mail import plain_email, single_line
from participation.models import User

ASK_SIGN_IN = _("Sign in to ask a question.")
ASK_CONFIRM_EMAIL = _("Confirm your e-mail address before you ask a question.")
TITLE_EMPTY = _("Write a short title for your question.")
TITLE_TOO_LONG = _("The title is too long: at most %(limit)d characters.")
TEXT_EMPTY = _("Write your question.")
TEXT_TOO_LONG = _(
    "Your question is %(length)d characters long; at most %(limit)d are allowed. Shorten it and send it again."
)
TOPIC_UNKNOWN = _("Choose a topic from the list.")
NOT_ALLOWED_MODERATE = _("You may moderate only questions to the khokimiyats where you are a moderator or manager.")
NOT_ALLOWED_ANSWER = _("You may answer only questions to the khokimiyats where you are a responder or manager.")
NOT_ALLOWED_EXTEND = _("You may extend only questions to the khokimiyats where you are a responder or manager.")
ALREADY_MODERATED = _("This question has already been moderated.")
REASON_REQUIRED = _("Give the reason for rejecting the question; the author will read it.")
REASON_TOO_LONG = _("The reason is too long: at most %(limit)d characters.")
NOT_PUBLISHED = _("This question is not published.")
ALREADY_ANSWERED = _("This question has already been answered.")
ANSWER_EMPTY = _("Write the answer.")
ANSWER_TOO_LONG = _("The answer is too long: at most %(limit)d characters.")
ALREADY_EXTENDED = _("The answer date has already been extended once; it cannot be extended again.")
EXTENSION_DAYS_RANGE = _("The answer date can be extended by 1 to %(limit)d days.")
EXTENSION_NOTE_REQUIRED = _("Explain publicly why the khokimiyat needs more time.")
EXTENSION_NOTE_TOO_LONG = _("The explanation is too long: at most %(limit)d characters.")
EXTENSION_TOO_LATE = _("The answer date has already passed; it can no longer be extended.")
FOLLOW_SIGN_IN = _("Sign in to follow a question.")
ANSWERED_SUBJECT = _("Your question was answered: %(title)s")
REJECTED_SUBJECT = _("Your question was not published: %(title)s")


def _max_length(field_name: str) -> int:
    return Question._meta.get_field(field_name).max_length


def _locked(question: Question) -> Question:
    # Only the question row is locked; the joined page and territory are read, not changed.
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("khokimiyat__territory")
        .get(pk=question.pk)
    )


def _refresh(target: Question, source: Question, fields: list[str]) -> None:
    """Let the caller's instance see what the locked copy changed."""
    for name in fields:
        setattr(target, name, getattr(source, name))


def _canonical_khokimiyat(khokimiyat: KhokimiyatPage) -> KhokimiyatPage:
    """Questions belong to the default-language page, whichever translation they were asked on."""
    default = KhokimiyatPage.objects.filter(
        translation_key=khokimiyat.translation_key, locale=Locale.get_default()
    ).first()
    return default or khokimiyat


def question_ask(*, author: User, khokimiyat: KhokimiyatPage, title: str, text: str, topic: str) -> Question:
    """A resident asks a question; it waits for moderation, and its author follows it."""
    if not getattr(author, "is_authenticated", False):
        raise ServiceError(ASK_SIGN_IN)
    if not author.has_perm("cms.ask_question", khokimiyat):
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
    with transaction.atomic():
        question = Question.objects.create(
            khokimiyat=_canonical_khokimiyat(khokimiyat), author=author, title=title, text=text, topic=topic
        )
        QuestionFollow.objects.create(question=question, user=author)
    return question


@transaction.atomic
def question_moderate(
    *, question: Question, moderator: User, publish: bool, reason: str = "", now: datetime | None = None
) -> Question:
    """Publish a waiting question (its answer clock starts now) or reject it with a reason
    that the author is told by e-mail."""
    now = now or timezone.now()
    locked = _locked(question)
    if not moderator.has_perm("cms.moderate_question", locked):
        raise ServiceError(NOT_ALLOWED_MODERATE)
    if locked.status != QuestionStatus.PENDING:
        raise ServiceError(ALREADY_MODERATED)
    locked.moderated_by = moderator
    locked.moderated_at = now
    if publish:
        locked.status = QuestionStatus.PUBLISHED
        locked.published_at = now
        locked.due_at = now + timedelta(days=settings.QUESTION_ANSWER_DAYS)
        action, data = "cms.question_published", {"due_at": locked.due_at.isoformat()}
    else:
        reason = (reason or "").strip()
        if not reason:
            raise ServiceError(REASON_REQUIRED)
        if len(reason) > _max_length("rejection_reason"):
            raise ServiceError(REASON_TOO_LONG % {"limit": _max_length("rejection_reason")})
        locked.status = QuestionStatus.REJECTED
        locked.rejection_reason = reason
        action, data = "cms.question_rejected", {"reason": reason}
    changed = ["status", "moderated_by", "moderated_at", "published_at", "due_at", "rejection_reason"]
    locked.save(update_fields=changed)
    log(instance=locked, action=action, user=moderator, data=data)
    if not publish:
        from cms.tasks import notify_question_rejected

        transaction.on_commit(lambda: notify_question_rejected.delay(locked.pk), robust=True)
    _refresh(question, locked, changed)
    return locked


@transaction.atomic
def question_extend(
    *, question: Question, staff: User, days: int, note: str, now: datetime | None = None
) -> Question:
    """Move the answer date once, by at most QUESTION_EXTENSION_MAX_DAYS, with a public note.

    Only before the answer and before the date has passed: an extension asked for after
    the deadline would quietly erase an overdue mark.
    """
    now = now or timezone.now()
    locked = _locked(question)
    if not staff.has_perm("cms.extend_question", locked):
        raise ServiceError(NOT_ALLOWED_EXTEND)
    if locked.status != QuestionStatus.PUBLISHED:
        raise ServiceError(NOT_PUBLISHED)
    if locked.answered_at is not None:
        raise ServiceError(ALREADY_ANSWERED)
    if locked.extended_at is not None:
        raise ServiceError(ALREADY_EXTENDED)
    limit = settings.QUESTION_EXTENSION_MAX_DAYS
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= limit:
        raise ServiceError(EXTENSION_DAYS_RANGE % {"limit": limit})
    note = (note or "").strip()
    if not note:
        raise ServiceError(EXTENSION_NOTE_REQUIRED)
    if len(note) > _max_length("extension_note"):
        raise ServiceError(EXTENSION_NOTE_TOO_LONG % {"limit": _max_length("extension_note")})
    if locked.due_at < now:
        raise ServiceError(EXTENSION_TOO_LATE)
    due_before = locked.due_at
    locked.due_at = due_before + timedelta(days=days)
    locked.extended_at = now
    locked.extended_by = staff
    locked.extension_note = note
    changed = ["due_at", "extended_at", "extended_by", "extension_note"]
    locked.save(update_fields=changed)
    log(
        instance=locked,
        action="cms.question_extended",
        user=staff,
        data={"days": days, "note": note, "due_before": due_before.isoformat(), "due_after": locked.due_at.isoformat()},
    )
    _refresh(question, locked, changed)
    return locked


@transaction.atomic
def question_answer(*, question: Question, responder: User, answer: str, now: datetime | None = None) -> Question:
    """Answer a published question publicly, in the khokimiyat's name; followers hear of it."""
    now = now or timezone.now()
    locked = _locked(question)
    if not responder.has_perm("cms.answer_question", locked):
        raise ServiceError(NOT_ALLOWED_ANSWER)
    if locked.status != QuestionStatus.PUBLISHED:
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
    locked.answered_office = locked.khokimiyat.title[: _max_length("answered_office")]
    changed = ["answer", "answered_at", "answered_by", "answered_office"]
    locked.save(update_fields=changed)
    log(
        instance=locked,
        action="cms.question_answered",
        user=responder,
        data={"office": locked.answered_office, "overdue": locked.due_at < now},
    )
    from cms.tasks import notify_question_answered

    transaction.on_commit(lambda: notify_question_answered.delay(locked.pk), robust=True)
    _refresh(question, locked, changed)
    return locked


def question_follow(*, question: Question, user: User) -> bool:
    """Follow a published question (or one's own); True when the user was not following yet."""
    if not getattr(user, "is_authenticated", False):
        raise ServiceError(FOLLOW_SIGN_IN)
    if question.status != QuestionStatus.PUBLISHED and question.author_id != user.pk:
        raise ServiceError(NOT_PUBLISHED)
    _follow, created = QuestionFollow.objects.get_or_create(question=question, user=user)
    return created


def question_unfollow(*, question: Question, user: User) -> bool:
    """Stop following; True when the user was following."""
    if not getattr(user, "is_authenticated", False):
        return False
    deleted, _per_model = QuestionFollow.objects.filter(question=question, user=user).delete()
    return deleted > 0


# --- E-mails -------------------------------------------------------------------------------


def question_absolute_url(question: Question) -> str:
    """The public address of the question in the active language, for e-mails."""
    _site_id, _root_url, page_path = question.khokimiyat.get_url_parts()
    return question_absolute_url_from(page_path, question)


def question_absolute_url_from(page_path: str, question: Question) -> str:
    subpage = question.khokimiyat.reverse_subpage("question", args=[question.pk])
    return settings.SITE_URL + url_in_active_language(page_path.rstrip("/") + "/" + subpage)


def question_notify_answered(*, question_id: int, now: datetime | None = None) -> int:
    """E-mail every follower, in their language, that the question has been answered.

    Safe to run twice: each follower is marked once their e-mail is sent, and skipped after.
    Returns how many e-mails were sent.
    """
    now = now or timezone.now()
    question = Question.objects.select_related("khokimiyat").filter(pk=question_id, answered_at__isnull=False).first()
    if question is None:
        return 0
    follows = (
        QuestionFollow.objects.filter(question=question, notified_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    _site_id, _root_url, page_path = question.khokimiyat.get_url_parts()
    sent = 0
    with get_connection() as connection:
        for follow in follows:
            with translation.override(follow.user.preferred_language):
                message = plain_email(
                    template="cms/email/question_answered.txt",
                    subject=ANSWERED_SUBJECT % {"title": question.title},
                    context={
                        "question": question,
                        "url": question_absolute_url_from(page_path, question),
                        "recipient": follow.user,
                    },
                    to=follow.user.email,
                )
            message.connection = connection
            message.send()
            QuestionFollow.objects.filter(pk=follow.pk).update(notified_at=now)
            sent += 1
    return sent


def question_notify_rejected(*, question_id: int) -> bool:
    """Tell the author, in their language, that the question was rejected and why."""
    question = (
        Question.objects.select_related("khokimiyat", "author")
        .filter(pk=question_id, status=QuestionStatus.REJECTED, author__is_active=True)
        .first()
    )
    if question is None:
        return False
    author = question.author
    with translation.override(author.preferred_language):
        message = plain_email(
            template="cms/email/question_rejected.txt",
            subject=REJECTED_SUBJECT % {"title": question.title},
            context={"question": question, "url": question_absolute_url(question), "recipient": author},
            to=author.email,
        )
    message.send()
    return True
