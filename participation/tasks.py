"""Celery tasks of the core. Tasks are thin: they take plain values, call a service, and
are safe to run twice."""

from celery import shared_task
from django.utils.module_loading import import_string

from participation.assisted.notifications import assisted_act_notify_report
from participation.moderation.services import moderation_notify_author
from participation.organisations.notifications import organisation_notify_decision
from participation.organisations.services import organisations_expire
from participation.queue import outbox_run, outbox_sweep
from participation.services.users import user_purge_unverified


@shared_task(name="participation.tasks.purge_unverified_accounts")
def purge_unverified_accounts() -> int:
    """Nightly (celery beat): delete sign-ups whose e-mail was never confirmed."""
    return user_purge_unverified()


@shared_task(name="participation.tasks.run_django_task")
def run_django_task(*, task_path: str, args: list, kwargs: dict):
    """Run a django-tasks task (for example Wagtail's) that ``CeleryTaskBackend`` queued."""
    task = import_string(task_path)
    return task.call(*args, **kwargs)


# Mail servers fail now and then (SMTPException is an OSError): retry soon, a few times; past
# that the entry waits, pending, for the sweep.
@shared_task(name="participation.tasks.run_outbox_entry", autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def run_outbox_entry(*, entry_id: int) -> bool:
    """Run the work a service queued (``participation.queue.enqueue_on_commit``), once."""
    return outbox_run(entry_id=entry_id)


@shared_task(name="participation.tasks.sweep_outbox")
def sweep_outbox() -> int:
    """Every few minutes (celery beat): run the queued work whose message never arrived (the
    broker was down at commit) or whose run failed; concurrent sweeps do each entry once."""
    return outbox_sweep()


@shared_task(
    name="participation.tasks.notify_moderation_decision", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_moderation_decision(item_id: int) -> bool:
    """E-mail the author of moderated content the decision; skips authors already told."""
    return moderation_notify_author(item_id=item_id)


@shared_task(name="participation.tasks.expire_organisations")
def expire_organisations() -> int:
    """Nightly (celery beat): mark organisations whose verification date has come as expired.
    They stopped acting on that date already (the predicate reads the date); this makes the
    status and the managers' list say so. Safe to run twice."""
    return organisations_expire()


@shared_task(
    name="participation.tasks.notify_organisation_decision", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_organisation_decision(*, organisation_id: int, occasion: str) -> int:
    """E-mail an organisation's representatives a manager's decision; skips those told."""
    return organisation_notify_decision(organisation_id=organisation_id, occasion=occasion)


@shared_task(
    name="participation.tasks.notify_assisted_act_report", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_assisted_act_report(*, act_id: int) -> int:
    """E-mail the managers of an assisted act's territory that its resident reported it."""
    return assisted_act_notify_report(act_id=act_id)
