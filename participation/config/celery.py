"""The Celery application. Configuration lives in Django settings under the ``CELERY_``
namespace; tasks are found in every installed app's and every feature's ``tasks.py``.

Without ``REDIS_URL`` the settings make every task run inline (eager), so a single
``make run`` process needs no worker; with it, run ``celery -A participation worker -B``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participation.config.settings.dev")

app = Celery("participation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Features keep their tasks beside them (proposals/petitions/tasks.py); the assembly names them.
app.autodiscover_tasks(
    [
        "proposals.petitions",
        "proposals.questions",
        "proposals.budgeting",
        "meetings.consultations",
        "meetings.meetings",
        "participation.transparency",
        "participation.identity",
    ]
)
