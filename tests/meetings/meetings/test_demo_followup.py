"""The demo's follow-up of a past mahalla gathering, seeded through the services: approved
minutes that were circulated and commented on, a decision, an action item done with a photo,
one overdue; nothing dated after the day it is seeded, for a gathering held nine days ago (as
``seed_demo`` places it) as for one held long ago; seeding again changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.meetings import demo_followup
from meetings.meetings.models import ActionItem, ActionProgress, MeetingKind, MinutesStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("held_days_ago", [9, 40])
def test_the_demo_follow_up_of_a_past_gathering(
    client, pages, make_meeting, meeting_staff, resident, settings, tmp_path, held_days_ago
):
    settings.MEDIA_ROOT = str(tmp_path)
    resident()  # someone of the district to have attended
    meeting = make_meeting(starts_in=-timedelta(days=held_days_ago), kind=MeetingKind.MAHALLA_GATHERING)
    now = timezone.now()
    minutes = demo_followup.seed(meeting, staff=meeting_staff, now=now)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED and minutes.circulated_at < minutes.approved_at
    assert minutes.comments_until < minutes.approved_at <= now
    assert minutes.comments.count() == 1 and "20-mart" in minutes.text
    items = {item.status: item for item in ActionItem.objects.filter(meeting=meeting, kind="action")}
    done = items["done"]
    assert done.progress.filter(evidence_photo__isnull=False).count() == 1
    overdue = items["open"]
    assert overdue.overdue_since is not None and overdue.due_at < timezone.now()
    assert ActionItem.objects.filter(meeting=meeting, kind="decision").count() == 1
    assert done.done_at <= now and all(note.created_at <= now for note in ActionProgress.objects.all())
    page = client.get(reverse("meetings:action", args=[done.pk])).content.decode()
    assert "<img" in page and "12 ta chiroq" in page
    assert "Bahorgi suv" in client.get(pages.yangiqorgon.url).content.decode()
    demo_followup.seed(meeting, staff=meeting_staff, now=timezone.now())
    assert ActionItem.objects.filter(meeting=meeting).count() == 3
