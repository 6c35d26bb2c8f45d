"""Celery tasks of meetings. Thin and idempotent: ids in, a service call."""

from celery import shared_task

from meetings.meetings.services import actions, followup_notices, notifications, registration_mail


@shared_task(
    name="meetings.meetings.tasks.notify_minutes_circulated",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_minutes_circulated(minutes_id: int) -> int:
    return followup_notices.notify_minutes_circulated(minutes_id=minutes_id)


@shared_task(name="meetings.meetings.tasks.mark_overdue_actions")
def mark_overdue_actions() -> int:
    return actions.actions_mark_overdue()


@shared_task(
    name="meetings.meetings.tasks.remind_action_owners", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def remind_action_owners() -> int:
    return followup_notices.remind_action_owners()


# --- the meeting's notices: reschedule, cancellation, a declined proposal ---------------------


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


# --- registration: the code, a place in line, a promotion --------------------------------------


@shared_task(
    name="meetings.meetings.tasks.notify_registration", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_registration(registration_id: int, occasion: str) -> int:
    return registration_mail.notify_registration(registration_id=registration_id, occasion=occasion)
