"""Celery tasks of participatory budgeting. Thin and idempotent: beat may run them twice or late."""

from celery import shared_task

from participation.exceptions import ServiceError
from proposals.budgeting.services.ballot_box import ballots_unseal, cycles_to_unseal
from proposals.budgeting.services.notifications import notify_followers
from proposals.budgeting.services.results import publication_run
from proposals.budgeting.services.voting import participations_forget_addresses


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


@shared_task(name="proposals.budgeting.tasks.unseal_ballots")
def unseal_ballots() -> int:
    """Every few minutes: open the ballot box of each cycle whose voting has ended, so staff
    can review flagged groups before publishing (``ballot_box.ballots_unseal``)."""
    opened = 0
    for cycle in cycles_to_unseal():
        try:
            opened += ballots_unseal(cycle)
        except ServiceError:
            continue  # still voting: the box stays sealed
    return opened


@shared_task(name="proposals.budgeting.tasks.publish_results", acks_late=True)
def publish_results(publication_id: int) -> bool:
    """Count a cycle and publish it, as a manager requested (``results.publication_run``: safe
    to deliver twice, publishes once; a worker killed mid-count commits nothing)."""
    return publication_run(publication_id=publication_id)
