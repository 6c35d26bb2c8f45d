"""Celery tasks of consultations. Thin and idempotent: ids in, a service call."""

from celery import shared_task

from meetings.consultations.services import consultations, notifications


@shared_task(
    name="meetings.consultations.tasks.notify_invitation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_invitation(invitation_id: int) -> int:
    return notifications.notify_invitation(invitation_id=invitation_id)


@shared_task(
    name="meetings.consultations.tasks.notify_outcome", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_outcome(consultation_id: int) -> int:
    return notifications.notify_outcome(consultation_id=consultation_id)


@shared_task(name="meetings.consultations.tasks.mark_overdue_outcomes")
def mark_overdue_outcomes() -> int:
    return consultations.consultations_mark_overdue()
