"""E-mails about questions, sent by the tasks (``proposals.questions.tasks``) after commit.

The author hears of moderation decisions from the moderation core; here followers hear
that a question was answered, each in their own language.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from participation.mail import email_users_once
from participation.models import Notification
from proposals.questions.models import Question, QuestionFollow
from proposals.questions.pages import question_path

ANSWERED_SUBJECT = _("Your question was answered: %(title)s")


def question_absolute_url(question: Question) -> str:
    """The public address of the question in the active language, for e-mails."""
    return settings.SITE_URL + question_path(question)


def question_notify_answered(*, question_id: int, now: datetime | None = None) -> int:
    """E-mail every follower, in their language, that the question has been answered.

    Safe to run twice, and at once: each follower's e-mail is claimed for the occasion
    ``question-answered:<id>`` (``email_users_once``), so the answer's own task and the outbox
    sweep never both tell one person. Returns how many e-mails this run sent.
    """
    now = now or timezone.now()
    question = Question.objects.select_related("territory").filter(pk=question_id, answered_at__isnull=False).first()
    if question is None:
        return 0
    # ``notified_at`` marks followers told before the e-mails were claimed per occasion.
    follows = QuestionFollow.objects.filter(question=question, notified_at__isnull=True).select_related("user")
    key = f"question-answered:{question.pk}"
    urls: dict[str, str] = {}  # one page lookup per language, not per follower

    def url() -> str:
        language = translation.get_language()
        if language not in urls:
            urls[language] = question_absolute_url(question)
        return urls[language]

    sent = email_users_once(
        [follow.user for follow in follows.order_by("pk")],
        key=key,
        template="proposals/questions/email/question_answered.txt",
        subject=lambda: ANSWERED_SUBJECT % {"title": question.title},
        context={"question": question},
        per_reader={"url": url},
        now=now,
    )
    told = Notification.objects.filter(key=key, sent_at__isnull=False).values("user_id")
    follows.filter(user_id__in=told).update(notified_at=now)
    return sent
