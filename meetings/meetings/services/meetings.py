"""Write a meeting, announce it, take an organisation's proposal, reschedule it, cancel it.

Every write locks the meeting row first, checks the rules under that lock, writes, records the
audit entry and queues its e-mails on commit. A refusal raises ``ServiceError`` with the
person's message and writes nothing (each service is one transaction).

Every change a calendar must see (time, venue, online link, title, cancellation) raises
``sequence`` and ``updated_at`` while ``uid`` never changes, so the entry residents already have
moves or is struck through instead of being duplicated (RFC 5545).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from meetings.meetings.models import Meeting, MeetingStatus, MeetingSubject
from meetings.meetings.selectors.meetings import agenda_is_empty
from meetings.meetings.services.fields import clean_meeting_fields, clean_subjects
from meetings.meetings.transitions import MEETING_TRANSITIONS, PUBLIC_MEETING_STATUSES
from participation.exceptions import ServiceError
from participation.organisations.predicates import can_act_for_organisation
from participation.queue import enqueue_on_commit
from participation.web.page_cache import pages_changed
from participation.web.sitemap import sitemap_changed

NOT_ALLOWED = _("You may run meetings only of the territories where you are responder or manager.")
NOT_REPRESENTATIVE = _("Only a representative of a verified organisation may propose a meeting for it.")
TRANSITION_REFUSED = _("This meeting cannot move from “%(source)s” to “%(target)s”.")
NOTICE_TOO_SHORT = _(
    "A meeting must be announced at least %(days)d days before it starts: choose a start on or after %(earliest)s."
)
AGENDA_REQUIRED = _("Add the draft agenda (at least one item) before announcing the meeting.")
ALREADY_STARTED = _("The meeting has already started; it can no longer be changed or cancelled.")
CANCELLED_LOCKED = _("The meeting is cancelled; it can no longer be changed.")
REASON_REQUIRED = _("Say why, in a sentence the readers will understand.")

# The fields whose change a calendar entry must show (RFC 5545 SEQUENCE).
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "address", "online_url", "attendance_mode")
# The fields whose change a registrant must hear of: when and where to come.
NOTICE_FIELDS = ("starts_at", "ends_at", "address", "online_url", "attendance_mode")


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("territory").get(pk=meeting.pk)


def _label(status: str) -> str:
    return str(MeetingStatus(status).label) if status in MeetingStatus.values else status


def _require_staff(staff, meeting: Meeting) -> None:
    if staff is None or not staff.has_perm("meetings.run_meeting", meeting):
        raise ServiceError(NOT_ALLOWED)


def _scopes(meeting: Meeting) -> tuple[str, ...]:
    # An organisation's page lists the meetings it holds.
    return ("meetings", "organisations") if meeting.organisation_id else ("meetings",)


def _changed(meeting: Meeting) -> None:
    if meeting.status in PUBLIC_MEETING_STATUSES:
        sitemap_changed()
        pages_changed(*_scopes(meeting))


def notice_refusal(starts_at: datetime, now: datetime):
    """The message refusing a start too close to announce (the law's notice), or None."""
    days = settings.MEETING_NOTICE_DAYS
    earliest = now + timedelta(days=days)
    if starts_at >= earliest:
        return None
    shown = timezone.localtime(earliest).strftime("%d.%m.%Y %H:%M")
    return NOTICE_TOO_SHORT % {"days": days, "earliest": shown}


def _check_announceable(meeting: Meeting, now: datetime) -> None:
    refusal = notice_refusal(meeting.starts_at, now)
    if refusal:
        raise ServiceError(refusal)
    if agenda_is_empty(meeting):
        raise ServiceError(AGENDA_REQUIRED)


def meeting_transition(meeting: Meeting, *, target: str, staff, now: datetime, note: str = "") -> None:
    """The one place a meeting's status moves; refuses what the table does not list."""
    move = MEETING_TRANSITIONS.get((meeting.status, target))
    if move is None:
        # The statuses as the reader's language names them, never the stored codes.
        raise ServiceError(TRANSITION_REFUSED % {"source": _label(meeting.status), "target": _label(target)})
    before = meeting.status
    meeting.status = target
    fields = ["status", "updated_at"]
    meeting.updated_at = now
    if target == MeetingStatus.ANNOUNCED:
        meeting.announced_at, meeting.announced_by = now, staff
        fields += ["announced_at", "announced_by"]
    if target == MeetingStatus.CANCELLED:
        meeting.cancelled_at, meeting.cancellation_reason = now, note
        meeting.sequence += 1
        fields += ["cancelled_at", "cancellation_reason", "sequence"]
    meeting.save(update_fields=fields)
    log(instance=meeting, action=move.action, user=staff, data={"before": before, "after": target, "note": note})
    sitemap_changed()
    pages_changed(*_scopes(meeting))


def _save_subjects(meeting: Meeting, subjects) -> None:
    meeting.subjects.all().delete()
    MeetingSubject.objects.bulk_create(
        [MeetingSubject(meeting=meeting, content_type=ct, object_id=pk) for ct, pk in subjects]
    )


@transaction.atomic
def meeting_create(*, staff, territory, subjects=(), now: datetime | None = None, **fields) -> Meeting:
    """A draft meeting of ``territory`` (not public until announced). ``fields`` are the
    meeting's own (kind, title, purpose, starts_at, ends_at, venue, capacity, ...)."""
    now = now or timezone.now()
    _require_staff(staff, Meeting(territory=territory))
    values = clean_meeting_fields(fields, territory=territory)
    cleaned_subjects = clean_subjects(subjects)
    meeting = Meeting.objects.create(
        territory=territory, created_by=staff, created_at=now, updated_at=now, status=MeetingStatus.DRAFT, **values
    )
    _save_subjects(meeting, cleaned_subjects)
    log(instance=meeting, action="meetings.meeting_created", user=staff, data={"title": meeting.title})
    return meeting


@transaction.atomic
def meeting_propose(*, user, organisation, territory, subjects=(), now: datetime | None = None, **fields) -> Meeting:
    """An organisation's representative proposes a meeting; staff of ``territory`` approve or
    decline it. It is not public until approved."""
    now = now or timezone.now()
    if user is None or not can_act_for_organisation(user, organisation, on=timezone.localdate(now)):
        raise ServiceError(NOT_REPRESENTATIVE)
    values = clean_meeting_fields(fields, territory=territory)
    cleaned_subjects = clean_subjects(subjects)
    meeting = Meeting.objects.create(
        territory=territory,
        organisation=organisation,
        created_by=user,
        created_at=now,
        updated_at=now,
        status=MeetingStatus.PROPOSED,
        **values,
    )
    _save_subjects(meeting, cleaned_subjects)
    log(instance=meeting, action="meetings.meeting_proposed", user=user, data={"organisation": organisation.pk})
    return meeting


@transaction.atomic
def meeting_edit(*, meeting: Meeting, staff, subjects=None, now: datetime | None = None, **fields) -> Meeting:
    """Change what a meeting says. On an announced meeting a change of time, venue, online link
    or title raises ``sequence``; a change of time or place also tells every registrant (with
    the new calendar entry). An announced meeting may move earlier only within the notice."""
    now = now or timezone.now()
    meeting = _lock(meeting)
    _require_staff(staff, meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError(CANCELLED_LOCKED)
    public = meeting.status == MeetingStatus.ANNOUNCED
    if public and meeting.starts_at <= now:
        raise ServiceError(ALREADY_STARTED)
    current = {name: getattr(meeting, name) for name in fields}
    values = clean_meeting_fields(
        {**_editable_values(meeting), **fields}, territory=meeting.territory, seats_taken=meeting.seats_taken
    )
    if public and values["starts_at"] != meeting.starts_at:
        # Postponing is always allowed; bringing a meeting forward must still give the notice.
        if values["starts_at"] < meeting.starts_at:
            refusal = notice_refusal(values["starts_at"], now)
            if refusal:
                raise ServiceError(refusal)
        if values["starts_at"] <= now:
            raise ServiceError(notice_refusal(values["starts_at"], now) or ALREADY_STARTED)
    cleaned_subjects = clean_subjects(subjects) if subjects is not None else None
    changed = [name for name, value in values.items() if getattr(meeting, name) != value]
    for name, value in values.items():
        setattr(meeting, name, value)
    calendar_change = any(name in CALENDAR_FIELDS for name in changed)
    if public and calendar_change:
        meeting.sequence += 1
    meeting.updated_at = now
    meeting.save(update_fields=[*values, "sequence", "updated_at"])
    if cleaned_subjects is not None:
        _save_subjects(meeting, cleaned_subjects)
    if public and "capacity" in changed:
        # More seats (or no limit) go to whoever waits, in the same transaction and lock.
        from meetings.meetings.services.registrations import registrations_promote

        registrations_promote(meeting, now=now)
    # A move in time is logged apart: the page says "rescheduled" (schema.org) from it.
    moved = "starts_at" in changed or "ends_at" in changed
    log(
        instance=meeting,
        action="meetings.meeting_rescheduled" if public and moved else "meetings.meeting_changed",
        user=staff,
        data={"changed": changed, "before": {k: str(v) for k, v in current.items() if k in changed}},
    )
    if public and any(name in NOTICE_FIELDS for name in changed):
        enqueue_on_commit(
            "meetings.meetings.tasks.notify_rescheduled", meeting_id=meeting.pk, sequence=meeting.sequence
        )
    _changed(meeting)
    return meeting


def _editable_values(meeting: Meeting) -> dict:
    from meetings.meetings.services.fields import MEETING_FIELDS

    return {name: getattr(meeting, name) for name in MEETING_FIELDS}


@transaction.atomic
def meeting_announce(*, meeting: Meeting, staff, now: datetime | None = None) -> Meeting:
    """Make a draft public: refused when the start is closer than the notice the law asks,
    or without a draft agenda."""
    now = now or timezone.now()
    meeting = _lock(meeting)
    _require_staff(staff, meeting)
    _require_status(meeting, MeetingStatus.DRAFT)
    _check_announceable(meeting, now)
    meeting_transition(meeting, target=MeetingStatus.ANNOUNCED, staff=staff, now=now)
    return meeting


@transaction.atomic
def meeting_approve(*, meeting: Meeting, staff, now: datetime | None = None) -> Meeting:
    """Approve an organisation's proposal: it is announced, under the same notice rule."""
    now = now or timezone.now()
    meeting = _lock(meeting)
    _require_staff(staff, meeting)
    _require_status(meeting, MeetingStatus.PROPOSED)
    _check_announceable(meeting, now)
    meeting_transition(meeting, target=MeetingStatus.ANNOUNCED, staff=staff, now=now)
    return meeting


def _require_status(meeting: Meeting, source: str) -> None:
    """Announcing takes a draft and approving a proposal: each checks the notice and the agenda,
    so neither may stand in for the other and skip them."""
    if meeting.status != source:
        raise ServiceError(
            TRANSITION_REFUSED % {"source": meeting.get_status_display(), "target": MeetingStatus.ANNOUNCED.label}
        )


@transaction.atomic
def meeting_decline(*, meeting: Meeting, staff, reason: str, now: datetime | None = None) -> Meeting:
    """Decline an organisation's proposal with a reason; the proposer is told by e-mail and the
    meeting stays a draft nobody sees."""
    now = now or timezone.now()
    meeting = _lock(meeting)
    _require_staff(staff, meeting)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(REASON_REQUIRED)
    meeting_transition(meeting, target=MeetingStatus.DRAFT, staff=staff, now=now, note=reason)
    enqueue_on_commit("meetings.meetings.tasks.notify_declined", meeting_id=meeting.pk, reason=reason)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, staff, reason: str, now: datetime | None = None) -> Meeting:
    """Cancel an announced meeting with a public reason. It stays on the site marked cancelled,
    its calendar entry keeps its UID with STATUS:CANCELLED, and every registrant is told."""
    now = now or timezone.now()
    meeting = _lock(meeting)
    _require_staff(staff, meeting)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(REASON_REQUIRED)
    if meeting.status == MeetingStatus.ANNOUNCED and meeting.starts_at <= now:
        # Once it has begun it took place: its check-ins, minutes and action items stand.
        raise ServiceError(ALREADY_STARTED)
    meeting_transition(meeting, target=MeetingStatus.CANCELLED, staff=staff, now=now, note=reason[:2000])
    enqueue_on_commit("meetings.meetings.tasks.notify_cancelled", meeting_id=meeting.pk)
    return meeting
