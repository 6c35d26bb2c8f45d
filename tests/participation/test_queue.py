"""Services queue tasks by name through the outbox (participation.queue): nothing runs before
the commit or after a rollback, eager mode runs the task at commit, and a broker that is down
neither breaks the saved action nor passes silently nor loses the work: the sweep runs it once."""

import logging
from datetime import timedelta

import pytest
from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from participation.models import OutboxEntry
from participation.queue import enqueue_on_commit, outbox_sweep, task_named

CALLS: list = []


@shared_task(name="tests.participation.test_queue.record")
def record(*, value: int) -> int:
    CALLS.append(value)
    return value


@pytest.fixture(autouse=True)
def no_calls():
    CALLS.clear()


def test_the_task_runs_at_commit_not_before(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit("tests.participation.test_queue.record", value=7)
        assert CALLS == []  # a worker could not read the rows yet
    assert len(callbacks) == 1
    assert CALLS == [7]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_queues_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit("tests.participation.test_queue.record", value=1)
        raise RuntimeError("the action failed")
    assert CALLS == [] and not OutboxEntry.objects.exists()
    with transaction.atomic():
        enqueue_on_commit("tests.participation.test_queue.record", value=2)
    assert CALLS == [2]


def test_a_dead_broker_is_logged_by_task_name_breaks_nothing_and_the_sweep_runs_the_work_once(
    db, django_capture_on_commit_callbacks, broker_down, caplog
):
    with (
        caplog.at_level(logging.ERROR, logger="participation.queue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        entry = enqueue_on_commit("tests.participation.test_queue.record", value=3)
    assert CALLS == []
    [logged] = [r for r in caplog.records if r.name == "participation.queue"]
    message = logged.getMessage()
    assert "tests.participation.test_queue.record" in message and "{'value': 3}" in message
    assert "broker" in message and logged.exc_info[0] is OperationalError
    entry.refresh_from_db()
    assert entry.done_at is None and entry.attempts == 0  # kept, waiting


def test_the_sweep_runs_pending_work_once(db):
    # As if every message had been lost: the entries exist, nothing ran them.
    with transaction.atomic():
        first = enqueue_on_commit("tests.participation.test_queue.record", value=5)
        second = enqueue_on_commit("tests.participation.test_queue.record", value=6)
    CALLS.clear()
    OutboxEntry.objects.update(done_at=None)
    assert outbox_sweep() == 2
    assert sorted(CALLS) == [5, 6]
    assert outbox_sweep() == 0 and sorted(CALLS) == [5, 6]
    assert all(entry.done_at for entry in OutboxEntry.objects.filter(pk__in=[first.pk, second.pk]))


def test_the_sweep_task_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert task_named(entry["task"]).name == "participation.tasks.sweep_outbox"


def test_in_eager_mode_a_failing_task_is_logged_the_action_stands_and_the_work_waits(
    db, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def fails(self, *args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr(type(task_named("tests.participation.test_queue.record")), "__call__", fails)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        entry = enqueue_on_commit("tests.participation.test_queue.record", value=4)
    assert any(r.exc_info and "SMTP server unreachable" in str(r.exc_info[1]) for r in caplog.records)
    entry.refresh_from_db()
    assert entry.done_at is None and entry.claimed_until is None and "SMTP" in entry.last_error
    monkeypatch.undo()
    assert outbox_sweep() == 1 and CALLS == [4]


def test_an_entry_held_by_a_live_run_is_left_alone_and_one_that_died_is_run(db):
    with transaction.atomic():
        entry = enqueue_on_commit("tests.participation.test_queue.record", value=8)
    CALLS.clear()
    now = timezone.now()
    OutboxEntry.objects.filter(pk=entry.pk).update(done_at=None, claimed_until=now + timedelta(minutes=5))
    assert outbox_sweep(now=now) == 0 and CALLS == []
    assert outbox_sweep(now=now + timedelta(minutes=6)) == 1 and CALLS == [8]


def test_an_unknown_task_name_fails_at_the_call_not_later(db):
    with pytest.raises(LookupError, match=r"proposals\.petitions\.tasks\.no_such_task"):
        enqueue_on_commit("proposals.petitions.tasks.no_such_task", event_id=1)


def test_every_task_the_services_name_is_registered():
    for name in [
        "proposals.petitions.tasks.notify_petition_event",
        "proposals.questions.tasks.notify_question_answered",
        "participation.tasks.run_outbox_entry",
        "participation.tasks.run_django_task",
        "participation.tasks.notify_moderation_decision",
        "proposals.budgeting.tasks.notify_project_followers",
    ]:
        assert task_named(name).name == name
