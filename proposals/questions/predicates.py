"""Predicates for residents' questions. ``proposals.questions.rules`` names them; services and
views ask ``user.has_perm("proposals.<verb>_question", question)``.

Staff predicates take ``(user, question)`` or ``(user, territory)`` and ask whether the user
holds a role on that territory or above it. Superusers pass every check through Django's backend.
"""

import rules

from participation.models import StaffRoleKind, Territory, VerificationLevel
from participation.selectors import staff_role_paths, user_holds_role_on

QUESTION_MODERATOR_ROLES = (StaffRoleKind.MODERATOR, StaffRoleKind.MANAGER)
QUESTION_RESPONDER_ROLES = (StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER)
QUESTION_STAFF_ROLES = (StaffRoleKind.MODERATOR, StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER)


def territory_of(target) -> Territory | None:
    """The territory whose staff decide about a question (or the territory itself)."""
    if isinstance(target, Territory):
        return target
    return getattr(target, "territory", None)


def _holds(user, target, roles) -> bool:
    territory = territory_of(target)
    return territory is not None and user_holds_role_on(user, roles, territory)


@rules.predicate
def moderates_here(user, target) -> bool:
    return _holds(user, target, QUESTION_MODERATOR_ROLES)


@rules.predicate
def responds_here(user, target) -> bool:
    return _holds(user, target, QUESTION_RESPONDER_ROLES)


@rules.predicate
def is_question_staff_here(user, target) -> bool:
    return _holds(user, target, QUESTION_STAFF_ROLES)


@rules.predicate
def has_confirmed_email(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.verification_level >= VerificationLevel.EMAIL


@rules.predicate
def holds_question_role_anywhere(user) -> bool:
    return any(role in QUESTION_STAFF_ROLES for role, _path in staff_role_paths(user))
