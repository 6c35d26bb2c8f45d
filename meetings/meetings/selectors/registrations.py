"""Reads of registrations: the meeting page's panel, a person's own registrations, the staff
phone's search, and the registrants other parts notify (reschedule, cancel, minutes). Each is a
fixed number of queries however many registrations a meeting has."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from meetings.meetings.models import ACTIVE_REGISTRATION, Meeting, MeetingStatus, Registration, RegistrationStatus
from meetings.meetings.transitions import PUBLIC_MEETING_STATUSES
from participation.organisations.selectors import organisations_user_can_represent
from participation.translit import cyrillic_to_latin, normalize_apostrophes

# Codes are written by hand from a screen or paper: no 0/O, 1/I/L, 5/S or 2/Z to mix up.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
PUBLIC_STATUSES = PUBLIC_MEETING_STATUSES
SEARCH_RESULTS_MAX = 20


def normalise_code(code: str) -> str:
    """What staff typed, as stored: capitals, no spaces or dashes (``abcd-2345`` → ``ABCD2345``)."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[: Registration.CODE_LENGTH * 2]


def meeting_public(pk: int) -> Meeting | None:
    """A meeting the public may see (announced or cancelled), with its territory, or None."""
    return Meeting.objects.select_related("territory").filter(pk=pk, status__in=PUBLIC_STATUSES).first()


def registration_open(meeting: Meeting, now: datetime) -> bool:
    """Registration is open while the meeting is announced and has not started."""
    return meeting.status == MeetingStatus.ANNOUNCED and now < meeting.starts_at


def _waiting_ahead() -> Subquery:
    """For a waiting registration: how many of its meeting's waiting registrations came first."""
    ahead = (
        Registration.objects.filter(meeting_id=OuterRef("meeting_id"), status=RegistrationStatus.WAITING)
        .filter(Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")))
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0))


def with_waiting_position(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """``waiting_position`` (1 for the first in line) on each row; meaningful for waiting ones."""
    return queryset.annotate(waiting_position=_waiting_ahead() + 1)


def registrations_of_user(meeting: Meeting, user) -> list[Registration]:
    """The active registrations ``user`` made for ``meeting`` (for themself and for their
    organisations), with their places in line; one query."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = Registration.objects.filter(ACTIVE_REGISTRATION, meeting=meeting, user=user).select_related("organisation")
    return list(with_waiting_position(rows).order_by("created_at", "pk"))


def registration_of_user(meeting: Meeting, user, pk: int) -> Registration | None:
    """One registration of ``user`` for ``meeting`` (any status), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    rows = Registration.objects.filter(meeting=meeting, user=user, pk=pk).select_related("organisation", "meeting")
    return with_waiting_position(rows).first()


def registrations_upcoming_of_user(user, now: datetime) -> QuerySet[Registration]:
    """ "My registrations": active registrations for meetings not yet over, soonest first, with
    the meeting and place in line (one query however many)."""
    if not getattr(user, "is_authenticated", False):
        return Registration.objects.none()
    rows = Registration.objects.filter(
        ACTIVE_REGISTRATION, user=user, meeting__ends_at__gte=now, meeting__status__in=PUBLIC_STATUSES
    ).select_related("meeting", "meeting__territory", "organisation")
    return with_waiting_position(rows).order_by("meeting__starts_at", "meeting_id", "created_at", "pk")


def waiting_count(meeting: Meeting) -> int:
    return Registration.objects.filter(meeting=meeting, status=RegistrationStatus.WAITING).count()


def registration_by_code(code: str) -> Registration | None:
    """The registration holding ``code`` in any meeting (codes are unique across meetings, so
    the door can tell a code of another meeting from a mistyped one)."""
    code = normalise_code(code)
    if not code:
        return None
    return Registration.objects.select_related("meeting", "user", "organisation").filter(code=code).first()


def checkin_search(meeting: Meeting, query: str) -> list[Registration]:
    """The meeting's confirmed registrations whose person's or organisation's name holds
    ``query`` (Latin or Cyrillic, any apostrophe), by name; at most ``SEARCH_RESULTS_MAX``."""
    query = normalize_apostrophes((query or "").strip())[:100]
    if len(query) < 2:
        return []
    latin = cyrillic_to_latin(query)
    names = Q()
    for text in {query, latin}:
        names |= Q(user__full_name__icontains=text) | Q(organisation__name_uz__icontains=text)
    rows = Registration.objects.filter(names, meeting=meeting, status=RegistrationStatus.CONFIRMED)
    return list(rows.select_related("user", "organisation").order_by("user__full_name", "pk")[:SEARCH_RESULTS_MAX])


def meeting_registrants(meeting: Meeting, statuses=(RegistrationStatus.CONFIRMED,)) -> QuerySet[Registration]:
    """The registrations to notify (a reschedule, a cancellation, minutes circulated), with the
    person and ``notice_language``: the language they registered in, else their own preference.
    One query; ``registrant_users`` turns them into people for ``participation.mail``."""
    return (
        Registration.objects.filter(meeting=meeting, status__in=list(statuses))
        .select_related("user")
        .annotate(notice_language=Coalesce(NullIf(F("language"), Value("")), F("user__preferred_language")))
        .order_by("created_at", "pk")
    )


def registrant_users(meeting: Meeting, statuses=(RegistrationStatus.CONFIRMED,)) -> list:
    """Each registrant once, their ``preferred_language`` set (in memory only) to the language of
    their first registration, ready for ``participation.mail.email_users_once``."""
    people = {}
    for registration in meeting_registrants(meeting, statuses):
        user = registration.user
        if user.pk not in people:
            user.preferred_language = registration.notice_language
            people[user.pk] = user
    return list(people.values())


@dataclass
class Panel:
    """What the meeting page's registration part shows one person."""

    meeting: Meeting
    is_open: bool
    seats_left: int | None
    waiting: int
    mine: list = field(default_factory=list)
    organisations: list = field(default_factory=list)


def registration_panel(meeting: Meeting, user, now: datetime) -> Panel:
    """The panel for ``user`` (anonymous: no personal rows); at most three queries."""
    is_open = registration_open(meeting, now)
    signed_in = getattr(user, "is_authenticated", False)
    return Panel(
        meeting=meeting,
        is_open=is_open,
        seats_left=meeting.seats_left,
        waiting=waiting_count(meeting) if meeting.capacity is not None else 0,
        mine=registrations_of_user(meeting, user) if signed_in else [],
        organisations=list(organisations_user_can_represent(user)) if signed_in and is_open else [],
    )


def registration_choices(panel: Panel) -> tuple[bool, list]:
    """Whom the person may still register: themself (unless already registered) and the
    organisations they represent that are not registered yet."""
    registered_self = any(row.organisation_id is None for row in panel.mine)
    taken = {row.organisation_id for row in panel.mine}
    return not registered_self, [org for org in panel.organisations if org.pk not in taken]
