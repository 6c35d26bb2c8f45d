"""Writes of the answer deadline on one row. The caller locks the row (``select_for_update``)
in its own transaction and records its own event; these functions change only the deadline's
fields and save them."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from participation.answers.deadline import AnswerDeadline, clean_reason, extension_refusal, is_overdue
from participation.exceptions import ServiceError


@dataclass(frozen=True)
class Extension:
    days: int
    reason: str
    due_before: datetime
    due_after: datetime

    def data(self) -> dict:
        """What an event or the audit log keeps of it."""
        return {"days": self.days, "due_before": self.due_before.isoformat(), "due_after": self.due_after.isoformat()}


def answer_extend(row, *, deadline: AnswerDeadline, staff, days: int, reason: str, now: datetime) -> Extension:
    """Move the answer date of a locked row once, by 1 to the setting's days, with a public
    reason, before the date has passed; a new date earns a new reminder. Saves the row.

    Raises ``ServiceError`` with the person's message and changes nothing when refused. Who may
    extend and in which state is the caller's to check first.
    """
    due_before = deadline.due_of(row)
    refusal = extension_refusal(
        due_at=due_before,
        extended_at=getattr(row, deadline.extended_at),
        days=days,
        reason=reason,
        now=now,
        max_days=deadline.extension_limit(),
        reason_max=deadline.reason_max,
    )
    if refusal:
        raise ServiceError(refusal)
    reason = clean_reason(reason)
    due_after = due_before + timedelta(days=days)
    changes = {deadline.due: due_after, deadline.extended_at: now, deadline.extended_by: staff, deadline.reason: reason}
    if deadline.reminder_sent_at:
        changes[deadline.reminder_sent_at] = None
    for name, value in changes.items():
        setattr(row, name, value)
    row.save(update_fields=list(changes))
    return Extension(days=days, reason=reason, due_before=due_before, due_after=due_after)


def answer_mark_overdue(row, *, deadline: AnswerDeadline, now: datetime) -> bool:
    """Mark a locked row overdue once its date has passed. True when it was marked now; False
    when it is not overdue or was marked before (a second run of the task changes nothing)."""
    if getattr(row, deadline.overdue_since) is not None or not is_overdue(deadline.due_of(row), now):
        return False
    setattr(row, deadline.overdue_since, now)
    row.save(update_fields=[deadline.overdue_since])
    return True


def answer_reminded(row, *, deadline: AnswerDeadline, now: datetime) -> bool:
    """Record that the people who answer were reminded of this due date. Conditional, so two
    runs at once record it once; True when this call recorded it."""
    field = deadline.reminder_sent_at
    updated = type(row)._default_manager.filter(pk=row.pk, **{f"{field}__isnull": True}).update(**{field: now})
    if updated:
        setattr(row, field, now)
    return bool(updated)
