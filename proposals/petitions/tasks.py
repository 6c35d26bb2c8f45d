"""Celery tasks of petitions. Thin and idempotent: beat may run them twice or late."""

from celery import shared_task

from proposals.petitions.services import lifecycle as petitions
from proposals.petitions.services import notifications


@shared_task(
    name="proposals.petitions.tasks.notify_petition_event", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_petition_event(event_id: int) -> int:
    return notifications.notify_event(event_id=event_id)


@shared_task(name="proposals.petitions.tasks.close_expired_petitions")
def close_expired_petitions() -> int:
    return petitions.petitions_close_expired()


@shared_task(name="proposals.petitions.tasks.mark_overdue_answers")
def mark_overdue_answers() -> int:
    return petitions.petitions_mark_overdue()


@shared_task(
    name="proposals.petitions.tasks.remind_responders", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def remind_responders() -> int:
    return notifications.remind_responders()


@shared_task(name="proposals.petitions.tasks.count_signatures")
def count_signatures() -> int:
    """Count the signatures no signer's request counted (the last of a crowd)."""
    return petitions.petitions_count_signatures()


@shared_task(name="proposals.petitions.tasks.reconcile_signature_counts")
def reconcile_signature_counts() -> int:
    return len(petitions.petitions_reconcile_counts())


@shared_task(name="proposals.petitions.tasks.forget_signature_addresses")
def forget_signature_addresses() -> int:
    return petitions.signatures_forget_addresses()
