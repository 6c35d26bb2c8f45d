"""Reads of answer deadlines: which rows are overdue, which are due soon, whether one may
still be extended. Each takes the feature's queryset (already narrowed to the states in which
an answer is awaited) and returns it narrowed further."""

from datetime import datetime

from django.db.models import Q, QuerySet

from participation.answers.deadline import AnswerDeadline, extension_open, is_overdue, reminder_window


def answer_overdue(row, *, deadline: AnswerDeadline, now: datetime) -> bool:
    return is_overdue(deadline.due_of(row), now)


def answer_extension_open(row, *, deadline: AnswerDeadline, now: datetime) -> bool:
    return extension_open(due_at=deadline.due_of(row), extended_at=getattr(row, deadline.extended_at), now=now)


def answers_overdue_condition(*, deadline: AnswerDeadline, now: datetime) -> Q:
    """The overdue test as a condition, to filter or annotate a list with."""
    return Q(**{f"{deadline.due}__lt": now})


def answers_overdue(queryset: QuerySet, *, deadline: AnswerDeadline, now: datetime) -> QuerySet:
    return queryset.filter(answers_overdue_condition(deadline=deadline, now=now))


def answers_to_mark_overdue(queryset: QuerySet, *, deadline: AnswerDeadline, now: datetime) -> QuerySet:
    """Overdue rows not yet marked so, oldest id first."""
    unmarked = Q(**{f"{deadline.overdue_since}__isnull": True})
    return answers_overdue(queryset, deadline=deadline, now=now).filter(unmarked).order_by("pk")


def answers_due_for_reminder(queryset: QuerySet, *, deadline: AnswerDeadline, now: datetime) -> QuerySet:
    """Rows due within the reminder's days and not yet reminded of this due date."""
    start, end = reminder_window(now, deadline.reminder_days())
    return queryset.filter(
        **{f"{deadline.due}__gt": start, f"{deadline.due}__lte": end, f"{deadline.reminder_sent_at}__isnull": True}
    )
