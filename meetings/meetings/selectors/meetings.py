"""Reads of meetings for the public pages, the staff screens and the notices: each list is a
fixed number of queries however many meetings it has (tests/meetings/meetings/test_query_budgets.py).

"Past" means the meeting has ended (``ends_at < now``): a meeting spanning days stays upcoming
until its last day is over.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from meetings.consultations.selectors import paragraph_numbers, version_latest
from meetings.meetings.models import AgendaItem, Meeting, MeetingStatus, MeetingSubject, Minutes
from meetings.meetings.selectors import MEETING_STAFF_ROLES
from meetings.meetings.transitions import PUBLIC_MEETING_STATUSES
from participation.selectors import staff_role_paths
from participation.subjects import subject_links

ACTIVE_REGISTRANTS = ("confirmed", "waiting")


def _with_related(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("territory", "organisation", "consultation")


def meetings_public() -> QuerySet[Meeting]:
    """Announced and cancelled meetings (a cancelled one stays public with its reason), each
    marked ``has_minutes`` when its minutes are approved."""
    approved = Minutes.objects.filter(meeting=OuterRef("pk"), status="approved")
    return _with_related(Meeting.objects.filter(status__in=PUBLIC_MEETING_STATUSES)).annotate(
        has_minutes=Exists(approved)
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def meetings_listed(
    *,
    territory=None,
    kind: str = "",
    organisation=None,
    date_from: date | None = None,
    date_to: date | None = None,
    now: datetime | None = None,
) -> QuerySet[Meeting]:
    """The public list: upcoming first (soonest first), then past ones (most recent first).
    ``territory`` includes the meetings of everything below it; the dates are Tashkent days
    the meeting overlaps."""
    now = now or timezone.now()
    rows = meetings_public()
    if territory is not None:
        rows = rows.filter(territory__path__startswith=territory.path)
    if kind:
        rows = rows.filter(kind=kind)
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    if date_from is not None:
        rows = rows.filter(ends_at__gte=_day_start(date_from))
    if date_to is not None:
        rows = rows.filter(starts_at__lt=_day_start(date_to + timedelta(days=1)))
    upcoming = Q(ends_at__gte=now)
    return rows.annotate(
        upcoming=Case(When(upcoming, then=Value(True)), default=Value(False), output_field=BooleanField())
    ).order_by(
        F("upcoming").desc(),
        Case(When(upcoming, then=F("starts_at"))).asc(nulls_last=True),
        F("starts_at").desc(),
        "pk",
    )


def meeting_get_public(pk: int) -> Meeting | None:
    return meetings_public().filter(pk=pk).first()


def meeting_get_for(user, pk: int) -> Meeting | None:
    """The meeting if ``user`` may see it: anybody a public one, its staff a draft or proposal."""
    meeting = (
        _with_related(Meeting.objects.filter(pk=pk))
        .annotate(has_minutes=Exists(Minutes.objects.filter(meeting=OuterRef("pk"), status="approved")))
        .first()
    )
    if meeting is None:
        return None
    if meeting.status in PUBLIC_MEETING_STATUSES or user.has_perm("meetings.see_meeting", meeting):
        return meeting
    return None


def agenda_is_empty(meeting: Meeting) -> bool:
    return not AgendaItem.objects.filter(meeting=meeting).exists()


@dataclass
class AgendaRow:
    item: AgendaItem
    children: list
    paragraph_number: int | None = None
    paragraph_url: str = ""
    subject: object = None  # a participation.subjects.SubjectLink


def meeting_agenda(meeting: Meeting) -> list[AgendaRow]:
    """The agenda as the page shows it: top items with their sub-items, each paragraph link
    numbered as in the consultation's current version and each subject titled and linked.
    A fixed number of queries."""
    from django.urls import reverse

    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))
    numbers = {}
    if any(item.paragraph_anchor for item in items) and meeting.consultation_id:
        numbers = paragraph_numbers(version_latest(meeting.consultation))
    links = subject_links((item.subject_type_id, item.subject_id) for item in items if item.subject_type_id)
    rows, by_pk = [], {}
    for item in items:
        row = AgendaRow(item=item, children=[])
        if item.paragraph_anchor:
            row.paragraph_number = numbers.get(item.paragraph_anchor)
            row.paragraph_url = reverse("consultations:detail", args=[item.consultation_id]) + (
                f"#p-{item.paragraph_anchor}"
            )
        if item.subject_type_id:
            row.subject = links.get((item.subject_type_id, item.subject_id))
        by_pk[item.pk] = row
        if item.parent_id and item.parent_id in by_pk:
            by_pk[item.parent_id].children.append(row)
        else:
            rows.append(row)
    return rows


def meeting_subjects(meeting: Meeting) -> list:
    """The public petitions, budget cycles and projects the meeting is about, titled and linked."""
    pairs = list(MeetingSubject.objects.filter(meeting=meeting).values_list("content_type_id", "object_id"))
    links = subject_links(pairs)
    return [links[pair] for pair in pairs if pair in links]


def meeting_subject_codes(meeting: Meeting) -> list[tuple[str, int]]:
    """(kind code, pk) of what the meeting is about, as staff write them ("petition", 12)."""
    from participation.subjects import subject_kind_of

    codes = []
    for subject in MeetingSubject.objects.filter(meeting=meeting).select_related("content_type"):
        kind = subject_kind_of(subject.content_type)
        if kind is not None:
            codes.append((kind.code, subject.object_id))
    return codes


def meetings_for_staff(user) -> QuerySet[Meeting]:
    """Every meeting of the territories where ``user`` runs meetings (and below), newest first:
    the admin list."""
    paths = [path for role, path in staff_role_paths(user) if role in MEETING_STAFF_ROLES]
    if user.is_superuser:
        rows = Meeting.objects.all()
    elif not paths:
        return Meeting.objects.none()
    else:
        scope = Q()
        for path in paths:
            scope |= Q(territory__path__startswith=path)
        rows = Meeting.objects.filter(scope)
    return _with_related(rows).order_by("-starts_at", "-pk")


def meetings_proposed_for(user) -> QuerySet[Meeting]:
    return meetings_for_staff(user).filter(status=MeetingStatus.PROPOSED)


def meetings_of_organisation_public(organisation) -> QuerySet[Meeting]:
    return meetings_listed(organisation=organisation)


def meetings_for_sitemap() -> QuerySet:
    """``(pk, updated_at)`` of every public meeting (announced or cancelled)."""
    return Meeting.objects.filter(status__in=PUBLIC_MEETING_STATUSES).values_list("pk", "updated_at")


def meetings_search(key: str, *, limit: int) -> list[Meeting]:
    """Public meetings whose title, purpose or address match the search key (``search_key``)."""
    from wagtail.search.backends import get_search_backend

    rows = Meeting.objects.filter(status__in=PUBLIC_MEETING_STATUSES).select_related("territory")
    return list(get_search_backend().autocomplete(key, rows)[:limit])
