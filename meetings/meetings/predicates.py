"""Small facts about a person and a meeting. ``rules`` names the combinations; services ask the
same predicates, so a page and a refusal never disagree. Targets: a ``Meeting``."""

import rules
from django.utils import timezone

from meetings.meetings.models import MeetingStatus
from meetings.meetings.selectors import MEETING_STAFF_ROLES
from meetings.meetings.transitions import PUBLIC_MEETING_STATUSES
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
    return meeting.status in PUBLIC_MEETING_STATUSES


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


# --- minutes and action items (meetfollow). Targets: ``Minutes`` and ``ActionItem``. ---------


@rules.predicate
def runs_meeting_of(user, row) -> bool:
    """Staff who run the meeting these minutes or this action item belong to."""
    return runs_meeting(user, row.meeting)


@rules.predicate
def attended(user, minutes) -> bool:
    """A person with a confirmed registration for the meeting (checked-in ones are confirmed)."""
    from meetings.meetings.selectors.minutes import minutes_attendee

    return minutes_attendee(user, minutes.meeting)


@rules.predicate
def minutes_in_circulation(user, minutes) -> bool:
    from meetings.meetings.models import MinutesStatus

    return minutes.status == MinutesStatus.CIRCULATED


@rules.predicate
def minutes_comment_period_open(user, minutes) -> bool:
    from django.utils import timezone

    from meetings.meetings.models import MinutesStatus

    return (
        minutes.status == MinutesStatus.CIRCULATED
        and minutes.comments_until is not None
        and timezone.now() <= minutes.comments_until
    )


@rules.predicate
def minutes_approved(user, minutes) -> bool:
    from meetings.meetings.models import MinutesStatus

    return minutes.status == MinutesStatus.APPROVED


@rules.predicate
def represents_action_owner(user, item) -> bool:
    """A representative (membership open today) of the organisation that owns the item."""
    if not item.owner_organisation_id or not getattr(user, "is_authenticated", False):
        return False
    from participation.organisations.selectors import organisations_user_can_represent

    return organisations_user_can_represent(user).filter(pk=item.owner_organisation_id).exists()
