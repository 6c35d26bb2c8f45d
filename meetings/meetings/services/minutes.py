"""Write, circulate, approve and correct a meeting's minutes; attendees comment on the draft.

Draft → circulated to the registered attendees for ``comment_days`` → approved and published.
Staff may change the text while it is a draft or circulated (the comments stay); once approved
it never changes again, and a dated correction is added beside it. Every write locks the
minutes (or, for the first draft, the meeting) first, checks the rules under the lock, and
raises ``ServiceError`` with the person's message and writes nothing when refused.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from meetings.meetings.followup_transitions import MINUTES_TRANSITIONS
from meetings.meetings.models import Meeting, MeetingStatus, Minutes, MinutesComment, MinutesCorrection
from meetings.meetings.models import MinutesStatus as M
from meetings.meetings.selectors.minutes import minutes_attendee
from participation.answers.deadline import due_date
from participation.exceptions import ServiceError
from participation.queue import enqueue_on_commit
from participation.web.page_cache import pages_changed

COMMENT_DAYS_MAX = 60

NOT_ALLOWED = _("Only responders and managers of the meeting's khokimiyat keep its minutes.")
NOT_STARTED = _("Minutes can be written once the meeting has started.")
NOT_HELD = _("This meeting was not held (it is cancelled or not announced); it has no minutes.")
TEXT_REQUIRED = _("Write the minutes.")
TEXT_TOO_LONG = _("The minutes are too long: at most %(limit)d characters.")
COMMENT_DAYS_RANGE = _("Give attendees 1 to %(limit)d days to comment.")
APPROVED_LOCKED = _("The minutes are approved and can no longer be changed; add a dated correction instead.")
TRANSITION_REFUSED = _("The minutes cannot move from “%(source)s” to “%(target)s”.")
APPROVE_TOO_EARLY = _("Attendees may comment until %(date)s; the minutes can be approved only after that.")
NOT_ATTENDEE = _("Only people registered for the meeting can comment on its draft minutes.")
COMMENTS_NOT_OPEN = _("The draft minutes are not open for comments.")
COMMENTS_CLOSED = _("Comments on these minutes closed on %(date)s.")
COMMENT_REQUIRED = _("Write your comment.")
COMMENT_TOO_LONG = _("Your comment is too long: at most %(limit)d characters.")
CORRECTION_NOT_APPROVED = _("A correction is added only to approved minutes; change the draft instead.")
CORRECTION_REQUIRED = _("Write the correction.")

TEXT_MAX = Minutes._meta.get_field("text").max_length
COMMENT_MAX = MinutesComment._meta.get_field("text").max_length
CORRECTION_MAX = MinutesCorrection._meta.get_field("text").max_length


def when(moment: datetime) -> str:
    """A moment as the reader's language writes it, in Tashkent time."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _lock(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update(of=("self",)).select_related("meeting__territory").get(pk=minutes.pk)


def _require_staff(staff, meeting: Meeting) -> None:
    if staff is None or not staff.has_perm("meetings.write_minutes", meeting):
        raise ServiceError(NOT_ALLOWED)


def _clean(text, *, required, limit, too_long) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ServiceError(required)
    if len(text) > limit:
        raise ServiceError(too_long % {"limit": limit})
    return text


def _comment_days(days) -> int:
    if days is None:
        return settings.MEETING_MINUTES_COMMENT_DAYS
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= COMMENT_DAYS_MAX:
        raise ServiceError(COMMENT_DAYS_RANGE % {"limit": COMMENT_DAYS_MAX})
    return days


def _label(status: str) -> str:
    return str(M(status).label) if status in M.values else status


def minutes_transition(minutes: Minutes, *, target: str, staff, now: datetime) -> None:
    """The one place the minutes' status moves; refuses what the table does not list."""
    move = MINUTES_TRANSITIONS.get((minutes.status, target))
    if move is None:
        raise ServiceError(TRANSITION_REFUSED % {"source": _label(minutes.status), "target": _label(target)})
    before = minutes.status
    minutes.status = target
    fields = ["status", "updated_at"]
    minutes.updated_at = now
    if target == M.CIRCULATED:
        minutes.circulated_at = now
        minutes.comments_until = due_date(now, minutes.comment_days)
        fields += ["circulated_at", "comments_until"]
    if target == M.APPROVED:
        minutes.approved_at, minutes.approved_by = now, staff
        fields += ["approved_at", "approved_by"]
    minutes.save(update_fields=fields)
    log(
        instance=minutes.meeting,
        action=move.action,
        user=staff,
        data={"minutes": minutes.pk, "before": before, "after": target},
    )


@transaction.atomic
def minutes_write(*, meeting: Meeting, staff, text: str, comment_days=None, now: datetime | None = None) -> Minutes:
    """Write the draft, or change it while it is a draft or circulated (comments stay; a change
    while circulated circulates it anew)."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("territory").get(pk=meeting.pk)
    _require_staff(staff, meeting)
    if meeting.status != MeetingStatus.ANNOUNCED:
        raise ServiceError(NOT_HELD)
    if now < meeting.starts_at:
        raise ServiceError(NOT_STARTED)
    text = _clean(text, required=TEXT_REQUIRED, limit=TEXT_MAX, too_long=TEXT_TOO_LONG)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes.objects.create(
            meeting=meeting, text=text, comment_days=_comment_days(comment_days), updated_at=now
        )
        log(instance=meeting, action="meetings.minutes_written", user=staff, data={"minutes": minutes.pk})
        return minutes
    if minutes.status == M.APPROVED:
        raise ServiceError(APPROVED_LOCKED)
    fields = ["text", "updated_at"]
    if comment_days is not None and minutes.status == M.DRAFT:
        minutes.comment_days = _comment_days(comment_days)
        fields.append("comment_days")
    # Changed while circulated: the attendees get the new text and a full comment period again,
    # so nothing is approved that those who were there did not have the time to read.
    recirculated = minutes.status == M.CIRCULATED and text != minutes.text
    if recirculated:
        minutes.circulated_at = now
        minutes.comments_until = due_date(now, minutes.comment_days)
        fields += ["circulated_at", "comments_until"]
    minutes.text, minutes.updated_at = text, now
    minutes.save(update_fields=fields)
    log(instance=meeting, action="meetings.minutes_changed", user=staff, data={"minutes": minutes.pk})
    if recirculated:
        enqueue_on_commit("meetings.meetings.tasks.notify_minutes_circulated", minutes_id=minutes.pk)
    return minutes


@transaction.atomic
def minutes_circulate(*, minutes: Minutes, staff, comment_days=None, now: datetime | None = None) -> Minutes:
    """Send the draft to the registered attendees, who may comment for ``comment_days`` days
    (to the end of the last day in Tashkent); each is e-mailed a link in their language."""
    now = now or timezone.now()
    minutes = _lock(minutes)
    _require_staff(staff, minutes.meeting)
    if minutes.status == M.DRAFT:
        minutes.comment_days = _comment_days(comment_days if comment_days is not None else minutes.comment_days)
        minutes.save(update_fields=["comment_days"])
    minutes_transition(minutes, target=M.CIRCULATED, staff=staff, now=now)
    enqueue_on_commit("meetings.meetings.tasks.notify_minutes_circulated", minutes_id=minutes.pk)
    return minutes


@transaction.atomic
def minutes_approve(*, minutes: Minutes, staff, now: datetime | None = None) -> Minutes:
    """Approve and publish the minutes on the meeting page, once the comment period is over."""
    now = now or timezone.now()
    minutes = _lock(minutes)
    _require_staff(staff, minutes.meeting)
    if minutes.status == M.CIRCULATED and now <= minutes.comments_until:
        raise ServiceError(APPROVE_TOO_EARLY % {"date": when(minutes.comments_until)})
    minutes_transition(minutes, target=M.APPROVED, staff=staff, now=now)
    pages_changed("meetings")
    return minutes


@transaction.atomic
def minutes_comment(*, minutes: Minutes, user, text: str, now: datetime | None = None) -> MinutesComment:
    """An attendee's comment on the circulated draft, during the comment period only."""
    now = now or timezone.now()
    minutes = _lock(minutes)
    if not minutes_attendee(user, minutes.meeting):
        raise ServiceError(NOT_ATTENDEE)
    if minutes.status != M.CIRCULATED:
        raise ServiceError(COMMENTS_NOT_OPEN)
    if now > minutes.comments_until:
        raise ServiceError(COMMENTS_CLOSED % {"date": when(minutes.comments_until)})
    text = _clean(text, required=COMMENT_REQUIRED, limit=COMMENT_MAX, too_long=COMMENT_TOO_LONG)
    comment = MinutesComment.objects.create(minutes=minutes, author=user, text=text, created_at=now)
    log(instance=minutes.meeting, action="meetings.minutes_commented", user=user, data={"comment": comment.pk})
    return comment


@transaction.atomic
def minutes_correct(*, minutes: Minutes, staff, text: str, now: datetime | None = None) -> MinutesCorrection:
    """Add a dated correction beside approved minutes (they themselves never change)."""
    now = now or timezone.now()
    minutes = _lock(minutes)
    _require_staff(staff, minutes.meeting)
    if minutes.status != M.APPROVED:
        raise ServiceError(CORRECTION_NOT_APPROVED)
    text = _clean(text, required=CORRECTION_REQUIRED, limit=CORRECTION_MAX, too_long=TEXT_TOO_LONG)
    correction = MinutesCorrection.objects.create(minutes=minutes, text=text, created_at=now, created_by=staff)
    log(instance=minutes.meeting, action="meetings.minutes_corrected", user=staff, data={"correction": correction.pk})
    pages_changed("meetings")
    return correction
