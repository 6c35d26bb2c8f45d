"""Wagtail finds hooks only in an app's ``wagtail_hooks``; each feature keeps its own admin in
its ``admin.py``, and importing it here registers it."""

from meetings.consultations import admin as consultations_admin  # noqa: F401
from meetings.meetings import admin as meetings_admin  # noqa: F401
from meetings.meetings import admin_registrations  # noqa: F401
from meetings.meetings import followup_admin as meetings_followup_admin  # noqa: F401
