"""The meetings a calendar feed carries: public ones (cancelled included, so subscribers see the
entry struck), from a year back onwards, at most ``FEED_MAX`` of them: the coming ones first
(soonest first: they are why people subscribe), then the latest past ones. Two queries per feed."""

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from meetings.meetings.models import Meeting
from meetings.meetings.transitions import PUBLIC_MEETING_STATUSES

FEED_PAST = timedelta(days=365)
FEED_MAX = 500


def _feed(rows: QuerySet, now: datetime | None) -> list[Meeting]:
    now = now or timezone.now()
    public = rows.filter(status__in=PUBLIC_MEETING_STATUSES)
    coming = list(public.filter(ends_at__gte=now).order_by("starts_at", "pk")[:FEED_MAX])
    room = FEED_MAX - len(coming)
    past = []
    if room:
        past = list(public.filter(ends_at__lt=now, ends_at__gte=now - FEED_PAST).order_by("-starts_at", "-pk")[:room])
    return [*reversed(past), *coming]


def calendar_of_territory(territory, *, now: datetime | None = None) -> list[Meeting]:
    """The territory's meetings and those of everything below it (its mahallas)."""
    return _feed(Meeting.objects.filter(territory__path__startswith=territory.path), now)


def calendar_of_organisation(organisation, *, now: datetime | None = None) -> list[Meeting]:
    return _feed(Meeting.objects.filter(organisation=organisation), now)


def calendar_of_meeting(pk: int) -> Meeting | None:
    return Meeting.objects.filter(pk=pk, status__in=PUBLIC_MEETING_STATUSES).first()
