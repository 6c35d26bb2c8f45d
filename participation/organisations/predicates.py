"""Facts about a person and an organisation on a day. ``rules`` names the combinations;
features (consultations, meetings) ask ``can_act_for_organisation`` directly with a date.

An organisation acts only while verified and before its verification's expiry date (checked
here, by date, so a verification that lapsed overnight stops at once, before any task has
moved its status). A membership counts from ``starts_on`` and stops on ``ends_on``: a person
whose membership ended that day can no longer act for the organisation.
"""

from datetime import date

import rules
from django.db.models import Q
from django.utils import timezone

from participation.models import StaffRoleKind, Territory, VerificationLevel
from participation.organisations.models import Membership, MembershipRole, Organisation, OrganisationStatus
from participation.selectors import staff_role_paths, user_holds_role_on


def today() -> date:
    return timezone.localdate()  # the date in Tashkent (TIME_ZONE), not the server's


def membership_open_on(on: date, *, prefix: str = "") -> Q:
    """Memberships in force on ``on`` (a filter on Membership, or through ``prefix``)."""
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": on})
    )


def organisation_is_active(organisation: Organisation, *, on: date | None = None) -> bool:
    """Verified, and the verification has not expired on ``on``."""
    on = on or today()
    return (
        organisation.status == OrganisationStatus.VERIFIED
        and organisation.verification_expires_on is not None
        and on < organisation.verification_expires_on
    )


def holds_open_membership(user, organisation: Organisation, *, roles=None, on: date | None = None) -> bool:
    if not getattr(user, "is_authenticated", False) or not isinstance(organisation, Organisation):
        return False
    queryset = Membership.objects.filter(membership_open_on(on or today()), organisation=organisation, user=user)
    if roles is not None:
        queryset = queryset.filter(role__in=list(roles))
    return queryset.exists()


def can_act_for_organisation(user, organisation: Organisation, *, on: date | None = None) -> bool:
    """Whether ``user`` may act on behalf of ``organisation`` on ``on`` (today by default): the
    organisation is verified and not expired, and the user's representative membership is open."""
    on = on or today()
    if not isinstance(organisation, Organisation) or not organisation_is_active(organisation, on=on):
        return False
    return holds_open_membership(user, organisation, roles=[MembershipRole.REPRESENTATIVE], on=on)


# --- Predicates for ``rules``: (user, organisation) ------------------------------------------


@rules.predicate
def acts_for(user, organisation) -> bool:
    return can_act_for_organisation(user, organisation)


@rules.predicate
def is_representative(user, organisation) -> bool:
    return holds_open_membership(user, organisation, roles=[MembershipRole.REPRESENTATIVE])


@rules.predicate
def is_member(user, organisation) -> bool:
    """Any open membership, representative or member."""
    return holds_open_membership(user, organisation)


@rules.predicate
def is_in_good_standing(user, organisation) -> bool:
    """Requested (not decided yet) or verified and current: a group being formed may gather its
    members before the manager sees it; a rejected, suspended or expired one may not grow."""
    if not isinstance(organisation, Organisation):
        return False
    return organisation.status == OrganisationStatus.REQUESTED or organisation_is_active(organisation)


@rules.predicate
def manages_organisation_territory(user, organisation) -> bool:
    """A manager of the territory the organisation works in, or of one above it."""
    territory = getattr(organisation, "territory", None)
    if not isinstance(territory, Territory):
        return False
    return user_holds_role_on(user, [StaffRoleKind.MANAGER], territory)


@rules.predicate
def has_confirmed_email(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.verification_level >= VerificationLevel.EMAIL


@rules.predicate
def manages_somewhere(user) -> bool:
    return any(role == StaffRoleKind.MANAGER for role, _path in staff_role_paths(user))
