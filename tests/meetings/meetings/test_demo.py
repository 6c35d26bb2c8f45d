"""The demo meetings a visitor finds after ``seed_demo``: Yangiqoʻrgʻon's upcoming hearing on its
open consultation with an agenda item on paragraph 3, an organisation's three people and a waiting
list, a past mahalla gathering in one of its mahallas with approved minutes, an item done with a
photo and one overdue, and Zomin's cancelled meeting; seeding twice adds nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.meetings.demo import demo_meetings_seed
from meetings.meetings.models import ActionProgress, AgendaItem, Meeting, MeetingStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_hearing_a_past_gathering_and_a_cancelled_meeting(seeded, client):
    now = timezone.now()
    hearing = Meeting.objects.get(kind="hearing", territory__name_uz="Yangiqoʻrgʻon tumani")
    assert hearing.status == MeetingStatus.ANNOUNCED and hearing.starts_at >= now + timedelta(days=5)
    assert hearing.consultation is not None and hearing.consultation.status == "published"
    linked = AgendaItem.objects.get(meeting=hearing, paragraph_anchor__gt="")
    assert linked.parent is not None
    page = client.get(f"/uz/meetings/{hearing.pk}/").content.decode()
    assert f"/uz/consultations/{hearing.consultation_id}/#p-{linked.paragraph_anchor}" in page

    gathering = Meeting.objects.get(kind="mahalla")
    assert gathering.territory.kind == "mahalla" and gathering.territory.path.startswith(hearing.territory.path)
    assert gathering.ends_at < now and gathering.announced_at <= gathering.starts_at - timedelta(days=3)

    # As the issue tells the demo: an organisation registering three people and a waiting list at
    # the hearing; approved minutes, an item done with a photo and one overdue at the gathering.
    assert hearing.registrations.filter(organisation__isnull=False, people=3, status="confirmed").exists()
    assert hearing.registrations.filter(status="waiting").exists()
    assert gathering.minutes.status == "approved" and gathering.minutes.approved_at <= now
    assert gathering.action_items.filter(status="done", progress__evidence_photo__isnull=False).exists()
    assert gathering.action_items.filter(overdue_since__isnull=False, due_at__lt=now).exists()
    assert not ActionProgress.objects.filter(created_at__gt=now).exists()

    cancelled = Meeting.objects.get(territory__name_uz="Zomin tumani")
    assert cancelled.status == MeetingStatus.CANCELLED and cancelled.cancellation_reason

    listing = client.get("/uz/meetings/").content.decode()
    assert listing.index(hearing.title) < listing.index(gathering.title)

    count = Meeting.objects.count()
    demo_meetings_seed()
    assert Meeting.objects.count() == count
