"""A django-tasks backend that hands work to Celery.

Wagtail queues its own background work (reference index updates, image renditions, file
deletion) through django-tasks. Without this backend that work would run inline even on a
production server with workers, or need a second queue system. With it, one queue (Celery on
Redis) carries everything and one kind of worker runs it.
"""

from django.db import transaction
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

from participation.tasks import run_django_task


class CeleryTaskBackend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = False
    supports_priority = False

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        # After commit: a worker must never see work about rows it cannot read yet.
        transaction.on_commit(
            lambda: run_django_task.apply_async(
                kwargs={"task_path": task.module_path, "args": list(args), "kwargs": dict(kwargs)},
                queue=task.queue_name if task.queue_name != "default" else None,
            )
        )
        return result
