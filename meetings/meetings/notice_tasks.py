"""Celery tasks of the meeting core's notices. Thin and idempotent: ids in, a service call.
(Kept apart from ``tasks.py``, which the follow-up work owns; the assembly finds both.)"""

from celery import shared_task

from meetings.meetings.services import notifications


@shared_task(
    name="meetings.meetings.tasks.notify_rescheduled", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_rescheduled(meeting_id: int, sequence: int) -> int:
    return notifications.notify_rescheduled(meeting_id=meeting_id, sequence=sequence)


@shared_task(
    name="meetings.meetings.tasks.notify_cancelled", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_cancelled(meeting_id: int) -> int:
    return notifications.notify_cancelled(meeting_id=meeting_id)


@shared_task(
    name="meetings.meetings.tasks.notify_declined", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_declined(meeting_id: int, reason: str) -> int:
    return notifications.notify_declined(meeting_id=meeting_id, reason=reason)
