"""Who hears of minutes and action items, by e-mail in their own language: circulated minutes
go to the registered attendees (in the language of their registration) with the link to the
draft; an action item's owners are reminded before its due date, once per due date (an
extension earns a new reminder): a staff member themself, an organisation's representatives,
a department's responders and managers of the meeting's territory. Each occasion is one key,
so a retried task tells nobody twice (``participation.mail.email_users_once``)."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.meetings.models import ActionItem, Minutes, MinutesStatus
from meetings.meetings.selectors.actions import ACTION_DEADLINE, actions_due_for_reminder, department_staff
from meetings.meetings.selectors.minutes import minutes_recipients
from participation.answers.services import answer_reminded
from participation.mail import email_users_once
from participation.organisations.selectors import organisation_representatives

CIRCULATED_SUBJECT = _("Draft minutes to check: %(title)s")
REMINDER_SUBJECT = _("Due in %(days)d days: an action item of “%(title)s”")


def absolute(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])


def notify_minutes_circulated(*, minutes_id: int, now: datetime | None = None) -> int:
    minutes = Minutes.objects.select_related("meeting__territory").filter(pk=minutes_id).first()
    if minutes is None or minutes.status != MinutesStatus.CIRCULATED:
        return 0
    meeting = minutes.meeting
    return email_users_once(
        minutes_recipients(meeting),
        # Each circulation is an occasion of its own: minutes changed while circulated go out again.
        key=f"meeting-minutes-circulated:{minutes.pk}:{int(minutes.circulated_at.timestamp())}",
        template="meetings/meetings/email/minutes_circulated.txt",
        subject=lambda: CIRCULATED_SUBJECT % {"title": meeting.title},
        context={"meeting": meeting, "minutes": minutes},
        per_reader={"url": lambda: absolute("meetings:minutes", meeting.pk)},
        now=now,
    )


def action_owners(item: ActionItem) -> list:
    if item.owner_user_id:
        return [item.owner_user]
    if item.owner_organisation_id:
        return list(organisation_representatives([item.owner_organisation]))
    return department_staff(item.meeting.territory)


def remind_action_owners(*, now: datetime | None = None) -> int:
    """E-mail the owners of items due within MEETING_ACTION_REMIND_DAYS_BEFORE_DUE days."""
    now = now or timezone.now()
    days = ACTION_DEADLINE.reminder_days()
    sent = 0
    for item in actions_due_for_reminder(now).select_related("owner_organisation"):
        sent += email_users_once(
            action_owners(item),
            key=f"meeting-action-reminder:{item.pk}:{item.due_at:%Y%m%d}",
            template="meetings/meetings/email/action_reminder.txt",
            subject=lambda i=item: REMINDER_SUBJECT % {"title": i.meeting.title, "days": days},
            context={"item": item, "meeting": item.meeting, "days": days},
            per_reader={"url": lambda i=item: absolute("meetings:action", i.pk)},
            now=now,
        )
        answer_reminded(item, deadline=ACTION_DEADLINE, now=now)
    return sent
