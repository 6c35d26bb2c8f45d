"""Reads of minutes: the meeting page's published minutes with their corrections, the draft
for attendees and staff, its comments, and who is told when it is circulated."""

from django.db.models import Prefetch, QuerySet

from meetings.meetings.models import Meeting, Minutes, MinutesComment, MinutesCorrection, Registration
from meetings.meetings.selectors.registrations import registrant_users

# Who is an attendee for the minutes: a confirmed registration (checked-in ones are confirmed;
# a waiting or cancelled one never attended).
ATTENDEE_STATUSES = ("confirmed",)


def minutes_of(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).first()


def minutes_get(meeting_pk: int) -> Minutes | None:
    return Minutes.objects.select_related("meeting__territory").filter(meeting_id=meeting_pk).first()


def minutes_with_corrections(meeting: Meeting) -> Minutes | None:
    """The minutes with their corrections in two queries (the meeting page's panel)."""
    corrections = Prefetch("corrections", queryset=MinutesCorrection.objects.order_by("created_at", "pk"))
    return Minutes.objects.filter(meeting=meeting).prefetch_related(corrections).first()


def minutes_comments(minutes: Minutes) -> QuerySet[MinutesComment]:
    return MinutesComment.objects.filter(minutes=minutes).select_related("author").order_by("created_at", "pk")


def minutes_attendee(user, meeting: Meeting) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Registration.objects.filter(meeting=meeting, user=user, status__in=ATTENDEE_STATUSES).exists()


def minutes_recipients(meeting: Meeting) -> list:
    """The registered attendees to tell, each once, in the language of their registration (or
    their own preference). One query."""
    return registrant_users(meeting, ATTENDEE_STATUSES)
