"""Wagtail finds hooks only in an app's ``wagtail_hooks``; each feature keeps its own admin
(hooks, screens, menu items) in its ``admin.py``, and importing it here registers them."""

from proposals.budgeting import admin as budgeting_admin  # noqa: F401
from proposals.petitions import admin as petitions_admin  # noqa: F401
from proposals.questions import admin as questions_admin  # noqa: F401
