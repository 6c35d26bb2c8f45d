"""Services queue tasks by name after commit (participation.queue): nothing runs before the
commit or after a rollback, eager mode runs the task at commit, and a broker that is down
neither breaks the saved action nor passes silently."""

import logging

import pytest
from celery import shared_task
from django.db import transaction
from kombu.exceptions import OperationalError

from participation.queue import enqueue_on_commit, task_named

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
    assert CALLS == []
    with transaction.atomic():
        enqueue_on_commit("tests.participation.test_queue.record", value=2)
    assert CALLS == [2]


def test_a_dead_broker_is_logged_by_task_name_and_breaks_nothing(
    db, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broker_down(self, *args, **kwargs):
        raise OperationalError("Error 111 connecting to localhost:6379. Connection refused.")

    task = task_named("tests.participation.test_queue.record")
    monkeypatch.setattr(type(task), "apply_async", broker_down)
    task.app.conf.task_always_eager = False  # as in production, with a broker
    try:
        with (
            caplog.at_level(logging.ERROR, logger="participation.queue"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            enqueue_on_commit("tests.participation.test_queue.record", value=3)
    finally:
        task.app.conf.task_always_eager = True
    assert CALLS == []
    [entry] = [r for r in caplog.records if r.name == "participation.queue"]
    message = entry.getMessage()
    assert "tests.participation.test_queue.record" in message and "{'value': 3}" in message
    assert "broker" in message and entry.exc_info[0] is OperationalError


def test_in_eager_mode_a_failing_task_is_logged_and_the_action_stands(
    db, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def fails(self, *args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr(type(task_named("tests.participation.test_queue.record")), "apply_async", fails)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit("tests.participation.test_queue.record", value=4)
    assert any(r.exc_info and r.exc_info[0] is OSError for r in caplog.records)


def test_an_unknown_task_name_fails_at_the_call_not_later(db):
    with pytest.raises(LookupError, match=r"proposals\.petitions\.tasks\.no_such_task"):
        enqueue_on_commit("proposals.petitions.tasks.no_such_task", event_id=1)


def test_every_task_the_services_name_is_registered():
    for name in [
        "proposals.petitions.tasks.notify_petition_event",
        "participation.tasks.notify_moderation_decision",
        "proposals.budgeting.tasks.notify_project_followers",
    ]:
        assert task_named(name).name == name
