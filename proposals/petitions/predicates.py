"""Predicates for petitions: who may answer, invalidate, see, support. ``proposals.petitions.rules``
names them; services and views ask ``user.has_perm("proposals.<verb>", petition)``."""

import rules

from participation.models import StaffRoleKind
from participation.predicates import manages_whole_country
from participation.selectors import territory_contains, user_holds_role_on
from proposals.petitions.models import PetitionStatus
from proposals.petitions.transitions import SIGNING_STATUSES


def _holds(user, petition, roles) -> bool:
    territory = getattr(petition, "territory", None)
    return territory is not None and user_holds_role_on(user, roles, territory)


@rules.predicate
def responds_here(user, petition) -> bool:
    return _holds(user, petition, [StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER])


@rules.predicate
def moderates_here(user, petition) -> bool:
    return _holds(user, petition, [StaffRoleKind.MODERATOR, StaffRoleKind.MANAGER])


@rules.predicate
def is_author(user, petition) -> bool:
    return getattr(user, "pk", None) is not None and petition.author_id == user.pk


@rules.predicate
def is_verified_enough(user, petition) -> bool:
    return getattr(user, "verification_level", 0) >= petition.verification_level


@rules.predicate
def lives_where_required(user, petition) -> bool:
    if not petition.residents_only:
        return True
    home = getattr(user, "home_territory", None)
    return home is not None and territory_contains(petition.territory, home)


@rules.predicate
def is_collecting(user, petition) -> bool:
    return petition.status in SIGNING_STATUSES


@rules.predicate
def is_awaiting_answer(user, petition) -> bool:
    return petition.status == PetitionStatus.THRESHOLD_REACHED


# Managers at the top of the tree (the whole country) set the rules for every level.
may_edit_rules = manages_whole_country
