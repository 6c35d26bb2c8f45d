"""Celery tasks of residents' questions. Thin: they take ids, call a service, and are safe to
run twice (a retried answer notification skips followers already told)."""

from celery import shared_task

from proposals.questions.notifications import question_notify_answered


# Mail servers fail now and then (SMTPException is an OSError); retrying is safe because
# followers already told are marked and skipped.
@shared_task(
    name="proposals.questions.tasks.notify_question_answered",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_question_answered(question_id: int) -> int:
    """E-mail the followers of an answered question. Other channels (SMS, Telegram) go here."""
    return question_notify_answered(question_id=question_id)
