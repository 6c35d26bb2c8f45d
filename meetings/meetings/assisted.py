"""Registering a resident for a public meeting at an operator's desk (participation.assisted).

The meeting's own ``registration_create`` does it, as the resident (for themself, never for an
organisation); this adapter wraps it in ``assisted_act_run``. A resident without e-mail gets no
message: the desk shows the registration's code, for the operator to write down for them.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.meetings.models import Meeting, MeetingStatus, Registration
from meetings.meetings.services.registrations import registration_create
from participation.assisted.models import AssistedAct, AssistedActKind
from participation.assisted.registry import Target
from participation.assisted.services import Assistance, assisted_act_run
from participation.models import User

LIST_LIMIT = 30
WHAT = _("register for the meeting “%(title)s”")


def meeting_consent_reference(meeting: Meeting) -> str:
    return f"meeting-register:{meeting.pk}"


def meeting_consent_what(meeting: Meeting) -> str:
    """What the text message tells the resident they agree to (call in their language)."""
    return str(WHAT % {"title": meeting.title[:80]})


def meetings_open_for(resident: User, now: datetime | None = None) -> list[Meeting]:
    """Announced meetings not started yet in the resident's territories (their mahalla and every
    territory above it), soonest first. One query, at most LIST_LIMIT."""
    now = now or timezone.now()
    home = resident.home_territory
    if home is None:
        return []
    return list(
        Meeting.objects.filter(
            status=MeetingStatus.ANNOUNCED, starts_at__gt=now, territory__path__in=home.ancestor_paths
        )
        .select_related("territory")
        .order_by("starts_at", "pk")[:LIST_LIMIT]
    )


def meeting_register_assisted(
    *, assistance: Assistance, meeting: Meeting, needs: dict, now: datetime | None = None
) -> tuple[AssistedAct, Registration]:
    """Register the resident for ``meeting`` (``needs``: the three ``needs_*`` flags); refused,
    with nothing written, exactly as their own registration would be."""
    made = {}

    def register():
        made["registration"] = registration_create(
            meeting=meeting,
            user=assistance.resident,
            language=assistance.resident.preferred_language,
            now=now,
            **needs,
        )
        return made["registration"], True

    act = assisted_act_run(assistance=assistance, kind=AssistedActKind.MEETING_REGISTRATION, act=register)
    return act, made["registration"]


PUBLIC = (MeetingStatus.ANNOUNCED, MeetingStatus.CANCELLED)


def registrations_described(ids) -> dict:
    """For the resident's "Done for you" list: the meeting each registration is for, linked
    once the meeting is public (one query)."""
    keys = [int(value) for value in map(str, ids) if value.isdigit()]
    rows = Registration.objects.filter(pk__in=keys).values_list("pk", "meeting_id", "meeting__title", "meeting__status")
    return {
        pk: Target(title, reverse("meetings:detail", args=[meeting_id]) if status in PUBLIC else "")
        for pk, meeting_id, title, status in rows
    }
