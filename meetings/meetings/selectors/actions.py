"""Reads of decisions and action items: a meeting's items, one item with its progress notes,
the overdue ones (meeting page, khokimiyat page), the owner's queue (staff screen, organisation
page) and the items due for a reminder. Each list is a fixed number of queries."""

from datetime import datetime

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from meetings.meetings.followup_transitions import ACTION_AWAITED
from meetings.meetings.models import ActionItem, ActionProgress
from meetings.meetings.selectors import MEETING_STAFF_ROLES
from meetings.meetings.transitions import PUBLIC_MEETING_STATUSES
from participation.answers.deadline import AnswerDeadline
from participation.answers.selectors import (
    answer_extension_open,
    answer_overdue,
    answers_due_for_reminder,
    answers_overdue,
    answers_to_mark_overdue,
)
from participation.models import StaffRoleKind, User
from participation.selectors import staff_role_paths

ACTION_DEADLINE = AnswerDeadline(
    # Items carry their own due date; "days to answer" is the comment period's setting only
    # because the dataclass asks for one: nothing computes an item's date from it.
    answer_days="MEETING_MINUTES_COMMENT_DAYS",
    extension_max_days="MEETING_ACTION_EXTENSION_MAX_DAYS",
    reason_max=1000,
    due="due_at",
    reason="extension_reason",
    overdue_since="overdue_since",
    reminder_sent_at="reminder_sent_at",
    remind_days_before="MEETING_ACTION_REMIND_DAYS_BEFORE_DUE",
)
PUBLIC_MEETING = PUBLIC_MEETING_STATUSES
_ROW_RELATED = ("owner_user", "owner_organisation", "agenda_item")


def _rows() -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related(*_ROW_RELATED)


def _awaited() -> Q:
    return Q(status__in=ACTION_AWAITED)


def actions_of_meeting(meeting) -> QuerySet[ActionItem]:
    return _rows().filter(meeting=meeting).order_by("due_at", "pk")


def action_get(pk: int) -> ActionItem | None:
    return _rows().select_related("meeting__territory").filter(pk=pk).first()


def action_get_public(pk: int) -> ActionItem | None:
    """An item of a public meeting (its page is public, as the meeting's is)."""
    item = action_get(pk)
    return item if item is not None and item.meeting.status in PUBLIC_MEETING else None


def action_progress_of(item) -> QuerySet[ActionProgress]:
    """The item's notes, oldest first, with their evidence. The photos' renditions come in one
    query (Wagtail reads ``prefetched_renditions``): otherwise each photo on the public page
    would look up its own."""
    return (
        ActionProgress.objects.filter(action_item=item)
        .select_related("created_by", "evidence_document", "evidence_photo")
        .prefetch_related(Prefetch("evidence_photo__renditions", to_attr="prefetched_renditions"))
        .order_by("created_at", "pk")
    )


def action_overdue(item, now: datetime | None = None) -> bool:
    return item.status in ACTION_AWAITED and answer_overdue(item, deadline=ACTION_DEADLINE, now=now or timezone.now())


def action_extension_open(item, now: datetime | None = None) -> bool:
    return item.status in ACTION_AWAITED and answer_extension_open(
        item, deadline=ACTION_DEADLINE, now=now or timezone.now()
    )


def actions_overdue(territory=None, now: datetime | None = None) -> QuerySet[ActionItem]:
    """Awaited items of public meetings past their due date, in ``territory`` or below, most
    overdue first (the khokimiyat page)."""
    rows = _rows().select_related("meeting").filter(_awaited(), meeting__status__in=PUBLIC_MEETING)
    if territory is not None:
        rows = rows.filter(meeting__territory__path__startswith=territory.path)
    return answers_overdue(rows, deadline=ACTION_DEADLINE, now=now or timezone.now()).order_by("due_at", "pk")


def _queue_order(rows: QuerySet, now: datetime) -> QuerySet:
    """Awaited and overdue first, then awaited by due date, then the finished ones."""
    rank = Case(
        When(_awaited() & Q(due_at__lt=now), then=Value(0)),
        When(_awaited(), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return rows.annotate(queue_rank=rank).order_by("queue_rank", "due_at", "pk")


def actions_queue(user, now: datetime | None = None) -> QuerySet[ActionItem]:
    """The staff member's "Action items": items they own, and department items of meetings in
    the territories where they run meetings; overdue first."""
    now = now or timezone.now()
    mine = Q(owner_user=user)
    paths = [path for role, path in staff_role_paths(user) if role in MEETING_STAFF_ROLES]
    for path in paths:
        mine |= ~Q(owner_department="") & Q(meeting__territory__path__startswith=path)
    return _queue_order(_rows().select_related("meeting").filter(mine), now)


def actions_of_organisation(organisation, now: datetime | None = None) -> QuerySet[ActionItem]:
    """The organisation page's items: those it owns on public meetings, overdue first."""
    rows = _rows().select_related("meeting").filter(owner_organisation=organisation, meeting__status__in=PUBLIC_MEETING)
    return _queue_order(rows, now or timezone.now())


def actions_to_mark_overdue(now: datetime) -> QuerySet[ActionItem]:
    return answers_to_mark_overdue(ActionItem.objects.filter(_awaited()), deadline=ACTION_DEADLINE, now=now)


def actions_due_for_reminder(now: datetime) -> QuerySet[ActionItem]:
    """Awaited items due within MEETING_ACTION_REMIND_DAYS_BEFORE_DUE days whose owners were not
    yet reminded of this due date."""
    rows = ActionItem.objects.filter(_awaited()).select_related("meeting__territory", "owner_user")
    return answers_due_for_reminder(rows, deadline=ACTION_DEADLINE, now=now).order_by("pk")


def department_staff(territory) -> list[User]:
    """Who answers for a department's item: the responders and managers of the meeting's
    territory or above it."""
    return list(
        User.objects.filter(
            staff_roles__role__in=[StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER],
            staff_roles__territory__path__in=territory.ancestor_paths,
        )
        .distinct()
        .order_by("pk")
    )


def staff_of_territory(territory) -> QuerySet[User]:
    """Staff members who may own an item of a meeting in ``territory``: any staff role on it,
    above it or below it (a mahalla's chair)."""
    above = Q(staff_roles__territory__path__in=territory.ancestor_paths)
    below = Q(staff_roles__territory__path__startswith=territory.path)
    return User.objects.filter(above | below).distinct().order_by("full_name", "pk")


def images_choosable_by(user) -> QuerySet:
    """The Wagtail images in the collections ``user`` may choose from (their khokimiyat's)."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_image_model()).instances_user_has_permission_for(user, "choose")
