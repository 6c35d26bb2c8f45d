"""Working days in Uzbekistan, for deadlines counted in working days (moderation: 5).

Saturdays and Sundays are off, and so are the fixed public holidays of the Labour Code
(Art. 132). Holidays that move every year (Ramazon and Qurbon hayit) are announced by
decree; add their dates to ``PUBLIC_HOLIDAYS_EXTRA`` in settings when they are.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

FIXED_HOLIDAYS = {(1, 1), (3, 8), (3, 21), (5, 9), (9, 1), (10, 1), (12, 8)}


def is_working_day(day: date) -> bool:
    if day.weekday() >= 5 or (day.month, day.day) in FIXED_HOLIDAYS:
        return False
    return day.isoformat() not in set(getattr(settings, "PUBLIC_HOLIDAYS_EXTRA", ()))


def add_working_days(start: datetime, days: int) -> datetime:
    """The moment ``days`` working days after ``start``, at the same clock time. Days are
    Tashkent's (TIME_ZONE): 02:00 on a Monday there is still Sunday in UTC."""
    moment = timezone.localtime(start) if timezone.is_aware(start) else start
    remaining = days
    while remaining > 0:
        moment += timedelta(days=1)
        if is_working_day(moment.date()):
            remaining -= 1
    return moment


def end_of_day(moment: datetime) -> datetime:
    """The last second of ``moment``'s day in Tashkent. Legal deadlines count whole days: an
    answer due "in 15 days" may be given until the end of the fifteenth day, so nothing is
    marked overdue during the day it is still due."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return local.replace(hour=23, minute=59, second=59, microsecond=0)
