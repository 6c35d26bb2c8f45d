"""E-mails about questions, sent by the tasks (``proposals.questions.tasks``) after commit.

The author hears of moderation decisions from the moderation core; here followers hear
that a question was answered, each in their own language.
"""

from datetime import datetime

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from participation.mail import plain_email
from proposals.questions.models import Question, QuestionFollow
from proposals.questions.pages import question_path

ANSWERED_SUBJECT = _("Your question was answered: %(title)s")


def question_absolute_url(question: Question) -> str:
    """The public address of the question in the active language, for e-mails."""
    return settings.SITE_URL + question_path(question)


def question_notify_answered(*, question_id: int, now: datetime | None = None) -> int:
    """E-mail every follower, in their language, that the question has been answered.

    Safe to run twice: each follower is marked once their e-mail is sent, and skipped after.
    Returns how many e-mails were sent.
    """
    now = now or timezone.now()
    question = Question.objects.select_related("territory").filter(pk=question_id, answered_at__isnull=False).first()
    if question is None:
        return 0
    follows = (
        QuestionFollow.objects.filter(question=question, notified_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    urls: dict[str, str] = {}  # one page lookup per language, not per follower
    sent = 0
    with get_connection() as connection:
        for follow in follows:
            with translation.override(follow.user.preferred_language):
                language = translation.get_language()
                if language not in urls:
                    urls[language] = question_absolute_url(question)
                message = plain_email(
                    template="proposals/questions/email/question_answered.txt",
                    subject=ANSWERED_SUBJECT % {"title": question.title},
                    context={"question": question, "url": urls[language], "recipient": follow.user},
                    to=follow.user.email,
                )
            message.connection = connection
            message.send()
            QuestionFollow.objects.filter(pk=follow.pk).update(notified_at=now)
            sent += 1
    return sent
