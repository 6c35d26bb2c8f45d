"""Queue work after commit through an outbox, naming the task instead of importing it.

Services enqueue work (an e-mail round, a notification) that a task module runs by calling the
same services back; importing the task module from a service would tie the two into an import
cycle. Naming the task keeps imports pointing one way (tasks → services). Every enqueue gives
these guarantees:

* **in the action's transaction:** the work is an ``OutboxEntry`` row written with the action,
  so it exists exactly when the action does (a rolled-back action queues nothing);
* **after commit only:** the Celery message (``participation.tasks.run_outbox_entry``) is sent
  once the transaction commits, so a worker never sees an id whose row it cannot read yet;
* **a broker that is down breaks nothing and loses nothing:** the failure to send the message
  is logged and the action stands; the entry stays pending, and the sweep that celery beat runs
  every few minutes (``participation.tasks.sweep_outbox``) runs it once the broker is back;
* **once:** a run claims the entry with a conditional UPDATE, so the entry's own message and
  concurrent sweeps never run it at the same time; e-mails are guarded per person as well
  (``participation.mail.email_users_once``), so even a run repeated after a crash tells
  nobody twice;
* eager mode (no ``REDIS_URL``: development and tests) runs the entry inline, at commit.
"""

import logging
from datetime import datetime, timedelta

from celery import current_app
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from participation.models import OutboxEntry

logger = logging.getLogger(__name__)

# A run that neither finished nor released its entry within this time is taken to have died
# (a worker killed mid-task); the sweep runs the entry again.
CLAIM_LEASE = timedelta(minutes=15)
# Done entries are kept this long for whoever investigates a complaint, then deleted.
KEEP_DONE = timedelta(days=30)
RUN_TASK = "participation.tasks.run_outbox_entry"


def task_named(name: str):
    """The registered Celery task called ``name``. Task modules are found by the app's
    autodiscovery; a web process that never imported one yet imports them here, once."""
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()
    try:
        return tasks[name]
    except KeyError:
        raise LookupError(f"No Celery task is registered as {name!r}.") from None


def enqueue_on_commit(name: str, /, **kwargs) -> OutboxEntry:
    """Run the task ``name`` with ``kwargs`` (plain values: ids, strings) once the current
    transaction commits; at once when there is none. An unknown name fails here, at the call."""
    task_named(name)
    entry = OutboxEntry.objects.create(task=name, kwargs=kwargs, created_at=timezone.now())
    runner = task_named(RUN_TASK)

    def send() -> None:
        if runner.app.conf.task_always_eager:
            # Runs here and now; a failure is logged by ``on_commit(robust=True)``, and the
            # entry, released, waits for the sweep.
            runner.apply_async(kwargs={"entry_id": entry.pk})
            return
        try:
            runner.apply_async(kwargs={"entry_id": entry.pk})
        except Exception:
            logger.exception(
                "Could not queue the task %s with %s after commit (is the broker down?). The action itself "
                "is saved, and so is the work (outbox entry %s): the periodic sweep runs it.",
                name,
                kwargs,
                entry.pk,
            )

    transaction.on_commit(send, robust=True)
    return entry


def _claim(entry_id: int, now: datetime) -> bool:
    """Take the entry for one run; False when it is done or another run holds it."""
    return bool(
        OutboxEntry.objects.filter(pk=entry_id, done_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(claimed_until=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    )


def outbox_run(*, entry_id: int, now: datetime | None = None) -> bool:
    """Run one pending entry's task in this process and mark it done; True when this call ran
    it. A task that fails releases the entry (for its retry or the sweep) and raises."""
    now = now or timezone.now()
    if not _claim(entry_id, now):
        return False
    entry = OutboxEntry.objects.get(pk=entry_id)
    try:
        task_named(entry.task)(**entry.kwargs)
    except Exception as error:
        OutboxEntry.objects.filter(pk=entry.pk).update(claimed_until=None, last_error=repr(error)[:500])
        raise
    OutboxEntry.objects.filter(pk=entry.pk).update(done_at=timezone.now(), claimed_until=None, last_error="")
    return True


def outbox_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Run every pending entry nobody holds (their message was lost, or their run failed or
    died), oldest first, and forget done entries past ``KEEP_DONE``. Safe to run concurrently
    with itself and with the entries' own tasks. Returns how many entries it ran."""
    now = now or timezone.now()
    OutboxEntry.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    pending = (
        OutboxEntry.objects.filter(done_at__isnull=True, created_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .order_by("attempts", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    ran = 0
    for entry_id in list(pending):
        try:
            ran += outbox_run(entry_id=entry_id, now=now)
        except Exception:
            # One failing entry (the mail server is down, a bug) must not hold up the others.
            logger.exception("Outbox entry %s failed; it stays pending for the next sweep.", entry_id)
    return ran
