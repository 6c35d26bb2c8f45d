"""Decisions and action items of a meeting: add one with its owner and due date, report
progress (a dated note with a document or photo as evidence), move it open → in progress →
done (or cancel it), extend its date once, mark it overdue.

The due date is kept with the shared answer-deadline machinery (``participation.answers``,
``selectors.actions.ACTION_DEADLINE``). Every write locks the item (or the meeting, to add one)
first, checks the rules under the lock, and raises ``ServiceError`` with the person's message
and writes nothing when refused.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from meetings.consultations.selectors import documents_choosable_by
from meetings.meetings.followup_transitions import ACTION_AWAITED, ACTION_TRANSITIONS, Mover
from meetings.meetings.models import ActionItem, ActionKind, ActionProgress, Meeting, MeetingStatus
from meetings.meetings.models import ActionStatus as A
from meetings.meetings.selectors.actions import (
    ACTION_DEADLINE,
    actions_to_mark_overdue,
    images_choosable_by,
    staff_of_territory,
)
from participation.answers.services import answer_extend, answer_mark_overdue
from participation.exceptions import ServiceError
from participation.web.page_cache import pages_changed

NOT_ALLOWED = _("Only responders and managers of the meeting's khokimiyat record its decisions and action items.")
NOT_YOURS = _("Only the khokimiyat's staff and representatives of the owner organisation report progress on this item.")
NOT_HELD = _("Decisions and action items are recorded for an announced meeting once it has started.")
TEXT_REQUIRED = _("Say what was decided or is to be done.")
KIND_UNKNOWN = _("Choose whether it is a decision or an action item.")
OWNER_REQUIRED = _("Choose who owns the item: a department, a staff member or an organisation.")
OWNER_ONE = _("Choose only one owner: a department, a staff member or an organisation.")
OWNER_NOT_STAFF = _("The staff member must work for the khokimiyat of the meeting's territory.")
DUE_REQUIRED = _("Give the item a due date.")
DUE_PAST = _("The due date must be after the meeting has started.")
AGENDA_OTHER_MEETING = _("The agenda item belongs to another meeting.")
TRANSITION_REFUSED = _("The item cannot move from “%(source)s” to “%(target)s”.")
STAFF_ONLY_MOVE = _("Only the khokimiyat's staff can move the item to “%(target)s”.")
NOTE_REQUIRED = _("Write what was done (the progress note).")
CANCEL_NOTE_REQUIRED = _("Say publicly why the item is cancelled.")
FINISHED = _("The item is %(status)s; no more progress can be reported.")
EVIDENCE_NOT_CHOOSABLE = _(
    "This file is in a collection you may not choose from; upload it to your khokimiyat's collection."
)
EXTEND_FINISHED = _("Only an open or in-progress item's date can be extended.")

NOTE_MAX = ActionProgress._meta.get_field("note").max_length
TEXT_MAX = ActionItem._meta.get_field("text").max_length


def _changed() -> None:
    pages_changed("meetings", "organisations")


def _lock(item: ActionItem) -> ActionItem:
    return (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("meeting__territory", "owner_organisation")
        .get(pk=item.pk)
    )


def _label(status: str) -> str:
    return str(A(status).label) if status in A.values else status


def _require(user, perm: str, row, message) -> None:
    if user is None or not user.has_perm(perm, row):
        raise ServiceError(message)


def _check_owner(meeting: Meeting, *, department: str, user, organisation) -> None:
    owners = [bool(department), user is not None, organisation is not None]
    if not any(owners):
        raise ServiceError(OWNER_REQUIRED)
    if sum(owners) > 1:
        raise ServiceError(OWNER_ONE)
    if user is not None and not staff_of_territory(meeting.territory).filter(pk=user.pk).exists():
        raise ServiceError(OWNER_NOT_STAFF)


@transaction.atomic
def action_add(
    *,
    meeting: Meeting,
    staff,
    text: str,
    due_at: datetime | None,
    kind: str = ActionKind.ACTION,
    owner_department: str = "",
    owner_user=None,
    owner_organisation=None,
    agenda_item=None,
    now: datetime | None = None,
) -> ActionItem:
    """A decision or action item with exactly one owner and a due date (the database refuses
    any other owner combination as well)."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("territory").get(pk=meeting.pk)
    _require(staff, "meetings.add_action", meeting, NOT_ALLOWED)
    if meeting.status != MeetingStatus.ANNOUNCED or now < meeting.starts_at:
        raise ServiceError(NOT_HELD)
    text = (text or "").replace("\r\n", "\n").strip()[:TEXT_MAX]
    if not text:
        raise ServiceError(TEXT_REQUIRED)
    if kind not in ActionKind.values:
        raise ServiceError(KIND_UNKNOWN)
    owner_department = (owner_department or "").strip()[:200]
    _check_owner(meeting, department=owner_department, user=owner_user, organisation=owner_organisation)
    if due_at is None:
        raise ServiceError(DUE_REQUIRED)
    if due_at < meeting.starts_at:
        raise ServiceError(DUE_PAST)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ServiceError(AGENDA_OTHER_MEETING)
    item = ActionItem.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        kind=kind,
        text=text,
        owner_department=owner_department,
        owner_user=owner_user,
        owner_organisation=owner_organisation,
        due_at=due_at,
        created_at=now,
        created_by=staff,
    )
    log(instance=meeting, action="meetings.action_added", user=staff, data={"action": item.pk})
    _changed()
    return item


def action_transition(item: ActionItem, *, target: str, user, now: datetime) -> None:
    """The one place an item's status moves; refuses what the table does not list and moves
    that only staff make."""
    move = ACTION_TRANSITIONS.get((item.status, target))
    if move is None:
        raise ServiceError(TRANSITION_REFUSED % {"source": _label(item.status), "target": _label(target)})
    if move.mover == Mover.STAFF and not user.has_perm("meetings.move_action", item):
        raise ServiceError(STAFF_ONLY_MOVE % {"target": _label(target)})
    before = item.status
    item.status = target
    fields = ["status"]
    if target == A.DONE:
        item.done_at = now
        fields.append("done_at")
    item.save(update_fields=fields)
    log(
        instance=item.meeting,
        action=move.action,
        user=user,
        data={"action": item.pk, "before": before, "after": target},
    )


def _check_evidence(user, *, document, photo) -> None:
    # The collections keep one khokimiyat's unpublished files from another's staff: a public
    # page must not show a file its author could not even choose.
    if document is not None and not documents_choosable_by(user).filter(pk=document.pk).exists():
        raise ServiceError(EVIDENCE_NOT_CHOOSABLE)
    if photo is not None and not images_choosable_by(user).filter(pk=photo.pk).exists():
        raise ServiceError(EVIDENCE_NOT_CHOOSABLE)


@transaction.atomic
def action_progress_add(
    *,
    item: ActionItem,
    user,
    note: str,
    target: str = "",
    evidence_document=None,
    evidence_photo=None,
    now: datetime | None = None,
) -> ActionProgress:
    """A dated progress note, with evidence, that may move the item (``target``): staff of the
    meeting's territory, or a representative of the organisation that owns it."""
    now = now or timezone.now()
    item = _lock(item)
    _require(user, "meetings.report_action_progress", item, NOT_YOURS)
    if item.status not in ACTION_AWAITED:
        raise ServiceError(FINISHED % {"status": _label(item.status)})
    note = (note or "").replace("\r\n", "\n").strip()
    if not note:
        raise ServiceError(CANCEL_NOTE_REQUIRED if target == A.CANCELLED else NOTE_REQUIRED)
    if len(note) > NOTE_MAX:
        note = note[:NOTE_MAX]
    _check_evidence(user, document=evidence_document, photo=evidence_photo)
    if target and target != item.status:
        action_transition(item, target=target, user=user, now=now)
    progress = ActionProgress.objects.create(
        action_item=item,
        note=note,
        evidence_document=evidence_document,
        evidence_photo=evidence_photo,
        status_after=item.status,
        created_at=now,
        created_by=user,
    )
    log(instance=item.meeting, action="meetings.action_progress", user=user, data={"action": item.pk})
    _changed()
    return progress


@transaction.atomic
def action_extend(*, item: ActionItem, staff, days: int, reason: str, now: datetime | None = None):
    """Move the due date once, by at most MEETING_ACTION_EXTENSION_MAX_DAYS, with a public reason."""
    now = now or timezone.now()
    item = _lock(item)
    _require(staff, "meetings.move_action", item, NOT_ALLOWED)
    if item.status not in ACTION_AWAITED:
        raise ServiceError(EXTEND_FINISHED)
    extension = answer_extend(item, deadline=ACTION_DEADLINE, staff=staff, days=days, reason=reason, now=now)
    log(
        instance=item.meeting,
        action="meetings.action_extended",
        user=staff,
        data={"action": item.pk, **extension.data()},
    )
    _changed()
    return extension


def actions_mark_overdue(*, now: datetime | None = None) -> int:
    """Mark awaited items overdue once their date has passed (once each: a second run changes
    nothing); the pages that list them are dropped from the cache."""
    now = now or timezone.now()
    marked = 0
    for item in actions_to_mark_overdue(now):
        with transaction.atomic():
            locked = _lock(item)
            if locked.status not in ACTION_AWAITED or not answer_mark_overdue(
                locked, deadline=ACTION_DEADLINE, now=now
            ):
                continue
            log(instance=locked.meeting, action="meetings.action_overdue", user=None, data={"action": locked.pk})
        marked += 1
    if marked:
        _changed()
    return marked
