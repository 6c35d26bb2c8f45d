"""Queue a Celery task once the transaction commits, naming the task instead of importing it.

Services enqueue work (an e-mail round, a notification) that a task module runs by calling the
same services back; importing the task module from a service would tie the two into an import
cycle. Naming the task keeps imports pointing one way (tasks → services) and keeps the
guarantees every enqueue in the project gives:

* after commit only: a worker never sees an id whose row it cannot read yet, and a rolled-back
  action queues nothing;
* eager mode (no ``REDIS_URL``: development and tests) runs the task inline, at commit;
* a broker that is down does not undo or break the action that was saved: the failure is
  logged with the task's name and arguments, and the feature's periodic sweep (for petitions,
  ``send_missed_notifications``) sends what was missed later, exactly once, because every
  e-mail round claims its occasion (``participation.mail.email_users_once``).
"""

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


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


def enqueue_on_commit(name: str, /, **kwargs) -> None:
    """Run the task ``name`` with ``kwargs`` (plain values: ids, strings) after the current
    transaction commits; at once when there is none. An unknown name fails here, at the call."""
    task = task_named(name)

    def send() -> None:
        if task.app.conf.task_always_eager:
            # Runs here and now; a failure is the task's own, logged by ``on_commit(robust=True)``.
            task.apply_async(kwargs=kwargs)
            return
        try:
            task.apply_async(kwargs=kwargs)
        except Exception:
            logger.exception(
                "Could not queue the task %s with %s after commit (is the broker down?). The action itself "
                "is saved; a periodic sweep, where the feature has one, sends what this task would have sent.",
                name,
                kwargs,
            )

    transaction.on_commit(send, robust=True)
