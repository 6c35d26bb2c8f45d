"""Celery tasks of meetings. Thin and idempotent: ids in, a service call."""

from celery import shared_task

from meetings.meetings.services import actions, followup_notices


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
