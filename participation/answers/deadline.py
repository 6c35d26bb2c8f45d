"""The answer deadline as pure rules: no query, no save; the clock is always passed in.

``AnswerDeadline`` says where a kind of item keeps its deadline (field names) and which
settings hold its numbers, so one rule serves rows shaped differently (a petition's
``answer_due_at`` and ``extension_reason``, a question's ``due_at`` and ``extension_note``).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from participation.calendar import end_of_day

ALREADY_EXTENDED = _("The answer date has already been extended once; it cannot be extended again.")
EXTENSION_DAYS_RANGE = _("The answer date can be extended by 1 to %(limit)d days.")
EXTENSION_REASON_REQUIRED = _("Explain publicly why the khokimiyat needs more time.")
EXTENSION_REASON_TOO_LONG = _("The reason is too long: at most %(limit)d characters.")
EXTENSION_TOO_LATE = _("The answer date has already passed; it can no longer be extended.")


@dataclass(frozen=True)
class AnswerDeadline:
    """Where one kind of item keeps its answer deadline, and the settings that set its numbers.

    Numbers are setting names, read at each call, so a changed setting applies at once.
    ``overdue_since`` and ``reminder_sent_at`` are optional: an item without them can still be
    asked whether it is overdue, but it is never marked nor reminded.
    """

    answer_days: str  # setting: whole days to answer, counted from the start of the clock
    extension_max_days: str  # setting: the one extension's longest length in days
    reason_max: int  # the public reason's longest length in characters
    due: str = "due_at"
    extended_at: str = "extended_at"
    extended_by: str = "extended_by"
    reason: str = "extension_reason"
    overdue_since: str | None = None
    reminder_sent_at: str | None = None
    remind_days_before: str | None = None  # setting: how many days before the date to remind

    def days_to_answer(self) -> int:
        return getattr(settings, self.answer_days)

    def extension_limit(self) -> int:
        return getattr(settings, self.extension_max_days)

    def reminder_days(self) -> int | None:
        return getattr(settings, self.remind_days_before) if self.remind_days_before else None

    def due_of(self, row) -> datetime | None:
        return getattr(row, self.due)

    def due_from(self, start: datetime) -> datetime:
        """The due date of an answer whose clock starts at ``start``."""
        return due_date(start, self.days_to_answer())


def due_date(start: datetime, days: int) -> datetime:
    """The answer is due at the end of the ``days``-th day after ``start`` in Tashkent: the law
    counts whole days, so nothing is overdue during the day it is still due."""
    return end_of_day(start + timedelta(days=days))


def is_overdue(due_at: datetime | None, now: datetime) -> bool:
    """Past its due moment (an item without a date is never overdue). Due at 23:59:59 means
    the answer is in time until then; overdue from the next second."""
    return due_at is not None and due_at < now


def extension_open(*, due_at: datetime | None, extended_at: datetime | None, now: datetime) -> bool:
    """Whether the date can still be moved: never moved before, and not yet passed (moving a
    passed date would quietly erase an overdue answer)."""
    return extended_at is None and due_at is not None and due_at >= now


def clean_reason(reason) -> str:
    return (reason or "").replace("\r\n", "\n").strip()


def extension_refusal(
    *,
    due_at: datetime | None,
    extended_at: datetime | None,
    days,
    reason: str,
    now: datetime,
    max_days: int,
    reason_max: int,
) -> str | None:
    """Why this extension may not be made, as the message for the person; None when it may.

    The checks go in the order a person fixes them: once only, how many days, the public
    reason (present, not too long), and last whether the date has already passed.
    """
    if extended_at is not None:
        return ALREADY_EXTENDED
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= max_days:
        return EXTENSION_DAYS_RANGE % {"limit": max_days}
    reason = clean_reason(reason)
    if not reason:
        return EXTENSION_REASON_REQUIRED
    if len(reason) > reason_max:
        return EXTENSION_REASON_TOO_LONG % {"limit": reason_max}
    if due_at is None or due_at < now:
        return EXTENSION_TOO_LATE
    return None


def reminder_window(now: datetime, days_before: int) -> tuple[datetime, datetime]:
    """Due dates that earn a reminder at ``now``: after now, and at most ``days_before`` days
    ahead. A late run of the reminder still finds a date due tomorrow."""
    return now, now + timedelta(days=days_before)
