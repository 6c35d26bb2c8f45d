"""Minutes and action items under concurrency: many approvals at once approve once, many
progress notes at once move the item once and keep every note, the overdue task run twice at
once marks each item once. These tests commit (each thread has its own connection, as web
processes and workers do) and run on PostgreSQL only."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from meetings.meetings.models import ActionItem, ActionStatus, Minutes, MinutesStatus
from meetings.meetings.services import actions as action_services
from meetings.meetings.services import minutes as minutes_services
from participation.exceptions import ServiceError
from participation.models import User
from tests.fixtures.concurrency import postgres_only, run_together, unexpected

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]


def _events(meeting, action) -> int:
    return ModelLogEntry.objects.filter(object_id=str(meeting.pk), action=action).count()


def test_ten_approvals_at_once_approve_the_minutes_once(past_meeting, meeting_staff):
    at = timezone.now() - timedelta(days=10)
    minutes = minutes_services.minutes_write(meeting=past_meeting, staff=meeting_staff, text="Bayonnoma", now=at)
    minutes_services.minutes_circulate(minutes=minutes, staff=meeting_staff, comment_days=2, now=at)

    def approve():
        return minutes_services.minutes_approve(
            minutes=Minutes.objects.get(pk=minutes.pk), staff=User.objects.get(pk=meeting_staff.pk)
        )

    outcomes = run_together([approve for _ in range(10)], workers=10)
    assert unexpected(outcomes) == []
    assert sum(1 for outcome in outcomes if isinstance(outcome, Minutes)) == 1
    # The threads run in the site's default language (no request activated another).
    with translation.override(settings.LANGUAGE_CODE):
        expected = str(
            minutes_services.TRANSITION_REFUSED
            % {"source": MinutesStatus.APPROVED.label, "target": MinutesStatus.APPROVED.label}
        )
    assert {str(o.message) for o in outcomes if isinstance(o, ServiceError)} == {expected}
    assert _events(past_meeting, "meetings.minutes_approved") == 1


def test_twenty_progress_notes_at_once_move_the_item_once_and_keep_every_note(past_meeting, meeting_staff):
    item = action_services.action_add(
        meeting=past_meeting,
        staff=meeting_staff,
        text="Ariq tozalash",
        owner_department="Obodonlashtirish boʻlimi",
        due_at=timezone.now() + timedelta(days=5),
    )

    def report(number):
        return lambda: action_services.action_progress_add(
            item=ActionItem.objects.get(pk=item.pk),
            user=User.objects.get(pk=meeting_staff.pk),
            note=f"Qayd {number}",
            target=ActionStatus.IN_PROGRESS,
        )

    outcomes = run_together([report(number) for number in range(20)], workers=20)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    item.refresh_from_db()
    assert item.status == ActionStatus.IN_PROGRESS and item.progress.count() == 20
    assert set(item.progress.values_list("status_after", flat=True)) == {ActionStatus.IN_PROGRESS}
    assert _events(past_meeting, "meetings.action_started") == 1


def test_the_overdue_task_run_twice_at_once_marks_each_item_once(past_meeting, meeting_staff):
    start = past_meeting.starts_at + timedelta(hours=1)
    for number in range(5):
        action_services.action_add(
            meeting=past_meeting,
            staff=meeting_staff,
            text=f"Vazifa {number}",
            owner_department="Boʻlim",
            due_at=start + timedelta(days=1),
            now=start,
        )
    outcomes = run_together([action_services.actions_mark_overdue for _ in range(4)], workers=4)
    assert unexpected(outcomes) == [] and sum(outcomes) == 5
    assert _events(past_meeting, "meetings.action_overdue") == 5
    assert not ActionItem.objects.filter(overdue_since__isnull=True).exists()
