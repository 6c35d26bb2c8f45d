"""The agenda of a meeting: ordered items, nested one level, each with a presenter, a time and
what it is about (a paragraph of the meeting's consultation, or a petition or project).

Staff write the whole agenda at once (the admin's form is the list as it should be): the old
items are replaced in the same transaction, so a refused item leaves the agenda as it was.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from meetings.consultations.selectors import version_latest
from meetings.meetings.models import AgendaItem, Meeting, MeetingStatus
from meetings.meetings.services.fields import SUBJECT_NOT_PUBLIC
from meetings.meetings.services.meetings import CANCELLED_LOCKED, _changed, _lock, _require_staff
from participation.exceptions import ServiceError
from participation.subjects import subject_is_public

ITEM_TITLE_REQUIRED = _("Give every agenda item a title.")
TOO_DEEP = _("An agenda item can have sub-items, but a sub-item cannot have its own.")
TIME_OUTSIDE = _("The time of “%(title)s” must fall within the meeting.")
PARAGRAPH_WITHOUT_CONSULTATION = _("Choose the meeting's consultation before linking an item to its paragraphs.")
PARAGRAPH_UNKNOWN = _("The consultation has no paragraph “%(anchor)s” in its current version.")
AGENDA_HELD = _("The meeting has started: its agenda is what it discussed and can no longer be changed.")
ITEMS_MAX = 60


@dataclass
class AgendaEntry:
    """One item as staff wrote it; ``children`` are its sub-items (one level only)."""

    title: str
    presenter: str = ""
    starts_at: datetime | None = None
    paragraph_anchor: str = ""
    subject: object = None
    children: list = field(default_factory=list)


def _rows(meeting: Meeting, entries, anchors: set[str] | None, *, depth: int = 0):
    """Check ``entries`` and yield (entry, children rows) ready to save, in order."""
    for entry in entries:
        title = (entry.title or "").strip()[:300]
        if not title:
            raise ServiceError(ITEM_TITLE_REQUIRED)
        if depth and entry.children:
            raise ServiceError(TOO_DEEP)
        starts_at = entry.starts_at
        if starts_at is not None:
            starts_at = starts_at if timezone.is_aware(starts_at) else timezone.make_aware(starts_at)
            if not meeting.starts_at <= starts_at <= meeting.ends_at:
                raise ServiceError(TIME_OUTSIDE % {"title": title})
        anchor = (entry.paragraph_anchor or "").strip()
        if anchor and anchors is None:
            raise ServiceError(PARAGRAPH_WITHOUT_CONSULTATION)
        if anchor and anchor not in anchors:
            raise ServiceError(PARAGRAPH_UNKNOWN % {"anchor": anchor})
        subject_type = subject_id = None
        if entry.subject is not None:
            if not subject_is_public(entry.subject):
                raise ServiceError(SUBJECT_NOT_PUBLIC)
            subject_type, subject_id = ContentType.objects.get_for_model(entry.subject), entry.subject.pk
        item = AgendaItem(
            meeting=meeting,
            title=title,
            presenter=(entry.presenter or "").strip()[:200],
            starts_at=starts_at,
            consultation=meeting.consultation if anchor else None,
            paragraph_anchor=anchor,
            subject_type=subject_type,
            subject_id=subject_id,
        )
        yield item, [child for child, _none in _rows(meeting, entry.children, anchors, depth=depth + 1)]


@transaction.atomic
def agenda_set(*, meeting: Meeting, staff, entries: list[AgendaEntry], now: datetime | None = None) -> list[AgendaItem]:
    """Replace the agenda with ``entries``; an announced meeting's page shows it at once."""
    now = now or timezone.now()
    meeting = _lock(meeting)
    _require_staff(staff, meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError(CANCELLED_LOCKED)
    if meeting.status == MeetingStatus.ANNOUNCED and meeting.starts_at <= now:
        # The agenda was what the meeting discussed: its decisions and action items point at
        # its items, which a replacement would cut loose.
        raise ServiceError(AGENDA_HELD)
    version = version_latest(meeting.consultation) if meeting.consultation_id else None
    anchors = set(version.paragraphs.values_list("anchor", flat=True)) if version else None
    tree = list(_rows(meeting, entries, anchors))
    if sum(1 + len(children) for _item, children in tree) > ITEMS_MAX:
        raise ServiceError(_("An agenda can have at most %(count)d items.") % {"count": ITEMS_MAX})
    meeting.agenda_items.all().delete()
    position = 0
    saved = []
    for item, children in tree:
        position += 1
        item.position = position
        item.save()
        saved.append(item)
        for child in children:
            position += 1
            child.position, child.parent = position, item
            child.save()
            saved.append(child)
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=now)
    log(instance=meeting, action="meetings.agenda_changed", user=staff, data={"items": len(saved)})
    _changed(meeting)
    return saved
