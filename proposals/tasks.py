"""Celery tasks of petitions. Thin and idempotent: beat may run them twice or late."""

from celery import shared_task

from proposals.services import petition_notifications as notifications
from proposals.services import petitions


@shared_task(name="proposals.tasks.notify_petition_event", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_petition_event(event_id: int) -> int:
    return notifications.notify_event(event_id=event_id)


@shared_task(name="proposals.tasks.close_expired_petitions")
def close_expired_petitions() -> int:
    return petitions.petitions_close_expired()


@shared_task(name="proposals.tasks.mark_overdue_answers")
def mark_overdue_answers() -> int:
    return petitions.petitions_mark_overdue()


@shared_task(name="proposals.tasks.remind_responders", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def remind_responders() -> int:
    return notifications.remind_responders()


@shared_task(name="proposals.tasks.reconcile_signature_counts")
def reconcile_signature_counts() -> int:
    return len(petitions.petitions_reconcile_counts())


@shared_task(name="proposals.tasks.forget_signature_addresses")
def forget_signature_addresses() -> int:
    return petitions.signatures_forget_addresses()


@shared_task(name="proposals.tasks.send_missed_notifications", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_missed_notifications() -> int:
    """Hourly: e-mails that an event's own task could not send are sent late, never twice."""
    return notifications.notify_missed()


@shared_task(name="proposals.tasks.notify_project_followers", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_project_followers(update_id: int) -> int:
    from proposals.services.pb_notifications import notify_followers

    return notify_followers(update_id)


@shared_task(name="proposals.tasks.forget_voter_addresses")
def forget_voter_addresses() -> int:
    """Nightly: voters' addresses and device hashes serve the anomaly flags only; they are
    erased 30 days after a cycle's results are published."""
    from proposals.services.pb_voting import participations_forget_addresses

    return participations_forget_addresses()


@shared_task(name="proposals.tasks.reseal_ballots")
def reseal_ballots() -> int:
    """Every few minutes while votes come in: see ``pb_voting.ballots_reseal``."""
    from proposals.services.pb_voting import ballots_reseal, cycles_to_reseal

    return sum(ballots_reseal(cycle) for cycle in cycles_to_reseal())
