"""Dates and moments as machines read them in HTML: the ``datetime`` attribute of ``<time>``.

Used by the ``machine_time`` template filter (``participation_tags``) and by the admin columns
that build a ``<time>`` in Python, so every page writes the same valid value.
"""

import datetime

from django.utils import timezone


def machine_time(value) -> str:
    """A date as ``2026-10-05``; a moment as ``2026-10-05T14:30:00.123+05:00`` in the active
    time zone (where ``|date`` shows it to the reader); anything else as nothing.

    ``|date:'c'`` writes Python's six-digit microseconds, which HTML does not allow (a fraction
    of a second has at most three digits), so nothing writes a ``datetime`` attribute with it.
    The fraction is cut, not rounded: rounding 59.9996 s up would move the minute shown.
    """
    if isinstance(value, datetime.datetime):
        value = timezone.template_localtime(value)
        return value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
