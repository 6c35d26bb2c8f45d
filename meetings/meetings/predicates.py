"""Small facts about a person and a meeting. ``rules`` names the combinations; services ask the
same predicates, so a page and a refusal never disagree. Targets: a ``Meeting``."""

import rules
from django.utils import timezone

from meetings.meetings.models import MeetingStatus
from meetings.meetings.selectors import MEETING_STAFF_ROLES
from participation.models import VerificationLevel
from participation.selectors import staff_role_paths, user_holds_role_on


@rules.predicate
def runs_meeting(user, meeting) -> bool:
    """The khokimiyat's responders and managers of the meeting's territory (or above it)."""
    territory = getattr(meeting, "territory", None)
    return territory is not None and user_holds_role_on(user, MEETING_STAFF_ROLES, territory)


@rules.predicate
def runs_meetings_somewhere(user) -> bool:
    return any(role in MEETING_STAFF_ROLES for role, _path in staff_role_paths(user))


@rules.predicate
def is_public(user, meeting) -> bool:
    return meeting.status in (MeetingStatus.ANNOUNCED, MeetingStatus.CANCELLED)


@rules.predicate
def acts_for_organisation(user, organisation) -> bool:
    """A representative of ``organisation`` while it is verified (the organisations' own rule)."""
    from participation.organisations.predicates import can_act_for_organisation

    return organisation is not None and can_act_for_organisation(user, organisation)
# --- Registration and check-in ------------------------------------------------------------------


@rules.predicate
def has_confirmed_email(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.verification_level >= VerificationLevel.EMAIL


@rules.predicate
def takes_registrations(user, meeting) -> bool:
    """Announced and not started yet (the service asks the same with its own clock)."""
    return meeting.status == MeetingStatus.ANNOUNCED and timezone.now() < meeting.starts_at


@rules.predicate
def is_announced(user, meeting) -> bool:
    return meeting.status == MeetingStatus.ANNOUNCED
