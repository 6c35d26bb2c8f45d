"""The demo meetings a visitor finds after ``seed_demo``: Yangiqoʻrgʻon's upcoming hearing on its
open consultation with an agenda item on paragraph 3, a past mahalla gathering in one of its
mahallas, and Zomin's cancelled meeting; seeding twice adds nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.meetings.demo import demo_meetings_seed
from meetings.meetings.models import AgendaItem, Meeting, MeetingStatus

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

    cancelled = Meeting.objects.get(territory__name_uz="Zomin tumani")
    assert cancelled.status == MeetingStatus.CANCELLED and cancelled.cancellation_reason

    listing = client.get("/uz/meetings/").content.decode()
    assert listing.index(hearing.title) < listing.index(gathering.title)

    count = Meeting.objects.count()
    demo_meetings_seed()
    assert Meeting.objects.count() == count
