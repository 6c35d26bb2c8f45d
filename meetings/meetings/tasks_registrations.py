"""Celery tasks of registration. Thin and idempotent: ids in, a service call. (Its own module
beside the follow-up's ``tasks.py``; registered by ``meetings.apps`` and Celery's discovery.)"""

from celery import shared_task

from meetings.meetings.services import registration_mail


@shared_task(
    name="meetings.meetings.tasks_registrations.notify_registration",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_registration(registration_id: int, occasion: str) -> int:
    return registration_mail.notify_registration(registration_id=registration_id, occasion=occasion)
