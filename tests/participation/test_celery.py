import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.schedules import crontab
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone
from django_tasks import task

from participation.config.celery import app
from participation.models import User
from participation.task_backends import CeleryTaskBackend
from tests.factories import UserFactory


def test_beat_schedule_names_a_registered_task():
    entry = settings.CELERY_BEAT_SCHEDULE["purge-unverified-accounts"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert isinstance(entry["schedule"], crontab)


def test_redis_url_decides_broker_cache_and_eager_mode():
    if settings.REDIS_URL:
        assert settings.CELERY_BROKER_URL == settings.REDIS_URL
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    else:
        assert settings.CELERY_BROKER_URL == "memory://"
        assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def _still_there(user) -> bool:
    try:
        return User.objects.filter(pk=user.pk).exists()
    except OperationalError:
        # SQLite's shared in-memory test database answers "table is locked" instead of waiting
        # while the worker thread deletes; the worker is busy, so keep waiting.
        return True


@pytest.mark.django_db(transaction=True)
def test_periodic_task_runs_in_a_real_worker_through_the_broker():
    """Not eager: the message goes through the configured broker (Redis in CI) to a worker."""
    stale = UserFactory(verified_email=False, date_joined=timezone.now() - timedelta(days=30))
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
            app.send_task("participation.tasks.purge_unverified_accounts")
            deadline = time.monotonic() + 30
            while _still_there(stale) and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        app.conf.task_always_eager = True
    assert not User.objects.filter(pk=stale.pk).exists()


@task()
def record_call(value):
    """A django-tasks task, declared the way Wagtail declares its own."""
    CALLS.append(value)


CALLS: list = []


def test_wagtail_background_tasks_run_through_celery_after_commit(db, django_capture_on_commit_callbacks):
    """Wagtail's django-tasks work is handed to Celery (eager here) once the transaction commits."""
    CALLS.clear()
    backend = CeleryTaskBackend("default", {})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = backend.enqueue(record_call, ["page 42"], {})
        assert CALLS == []  # nothing runs before commit: a worker could not see the rows yet
    assert len(callbacks) == 1
    assert CALLS == ["page 42"]
    assert result.status == "READY"
