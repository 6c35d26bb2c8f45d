"""Free seats are shown while they mean something: a meeting to come says how many are left (on
the page, in its panel and in its schema.org data); a cancelled or past one gives only its
capacity, so nobody reads "80 seats left" on a meeting that will not happen."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from meetings.meetings.models import MeetingStatus

pytestmark = pytest.mark.django_db


def event_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def seats_left_sentence(left: int, capacity: int) -> str:
    with translation.override("en"):
        return ngettext("%(left)s seat left of %(capacity)s.", "%(left)s seats left of %(capacity)s.", left) % {
            "left": left,
            "capacity": capacity,
        }


def test_a_meeting_to_come_says_how_many_seats_are_left(client, make_meeting):
    meeting = make_meeting(capacity=80)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "80 of 80 left" in page and seats_left_sentence(80, 80) in page
    assert event_of(page)["remainingAttendeeCapacity"] == 80


@pytest.mark.parametrize(
    "fields", [{"status": MeetingStatus.CANCELLED}, {"starts_in": -timedelta(days=3)}], ids=["cancelled", "past"]
)
def test_a_cancelled_or_past_meeting_gives_only_its_capacity(client, make_meeting, fields):
    meeting = make_meeting(capacity=80, **fields)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "80 of 80 left" not in page and seats_left_sentence(80, 80) not in page
    event = event_of(page)
    assert event["maximumAttendeeCapacity"] == 80 and "remainingAttendeeCapacity" not in event
