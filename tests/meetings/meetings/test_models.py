"""What the database itself refuses about meetings, whatever code writes them."""

import pytest
from django.db import IntegrityError, transaction

from meetings.meetings.models import Meeting


@pytest.mark.django_db
def test_a_meeting_never_holds_more_seats_than_it_has(make_meeting):
    meeting = make_meeting(capacity=2)
    Meeting.objects.filter(pk=meeting.pk).update(seats_taken=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(seats_taken=3)


@pytest.mark.django_db
def test_a_meeting_cannot_end_before_it_starts(make_meeting):
    meeting = make_meeting()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(ends_at=meeting.starts_at)
