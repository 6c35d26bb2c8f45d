"""Celery tasks of participatory budgeting. Thin and idempotent: beat may run them twice or late."""

from celery import shared_task

from proposals.budgeting.services.notifications import notify_followers
from proposals.budgeting.services.voting import ballots_reseal, cycles_to_reseal, participations_forget_addresses


@shared_task(
    name="proposals.budgeting.tasks.notify_project_followers",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_project_followers(update_id: int) -> int:
    return notify_followers(update_id)


@shared_task(name="proposals.budgeting.tasks.forget_voter_addresses")
def forget_voter_addresses() -> int:
    """Nightly: voters' addresses and device hashes serve the anomaly flags only; they are
    erased 30 days after a cycle's results are published."""
    return participations_forget_addresses()


@shared_task(name="proposals.budgeting.tasks.reseal_ballots")
def reseal_ballots() -> int:
    """Every few minutes while votes come in: see ``voting.ballots_reseal``."""
    return sum(ballots_reseal(cycle) for cycle in cycles_to_reseal())
