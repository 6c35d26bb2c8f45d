"""A django-tasks backend that hands work to Celery.

Wagtail queues its own background work (reference index updates, image renditions, file
deletion) through django-tasks. Without this backend that work would run inline even on a
production server with workers, or need a second queue system. With it, one queue (Celery on
Redis) carries everything and one kind of worker runs it.
"""

from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

from participation.queue import enqueue_on_commit


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
        # Through the outbox (participation.queue): after commit, so a worker never sees work
        # about rows it cannot read yet, and kept in the database when the broker is down, so
        # an editor's save neither fails nor loses its search-index update.
        enqueue_on_commit(
            "participation.tasks.run_django_task",
            task_path=task.module_path,
            args=list(args),
            kwargs=dict(kwargs),
        )
        return result
