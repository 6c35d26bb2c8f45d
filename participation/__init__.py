"""The project package and the core every feature app shares.

Layers, and the only direction imports may point::

    cms/            Wagtail pages
      |
    proposals/      petitions, participatory budgeting      meetings/  consultations
      |                                                        |
    participation/  settings, urls, celery; users and verification, territories,
                    roles, and (later) moderation, comments, notifications, audit

``participation`` never imports ``proposals``, ``meetings`` or ``cms``; a feature app never
imports ``cms``. ``participation.checks`` keeps that true at ``manage.py check`` time and the
test suite runs the check, so a wrong-way import fails CI rather than becoming a habit.

The exception is the URL configuration and settings, which by nature name every app.
"""

from participation.config.celery import app as celery_app

__all__ = ["celery_app"]
