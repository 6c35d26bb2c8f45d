"""Named permissions of residents' public questions, built from small predicates.

Loaded by ``rules.apps.AutodiscoverRulesConfig``. Each staff predicate takes ``(user,
question)`` or ``(user, khokimiyat_page)`` and asks whether the user holds a role on that
khokimiyat's territory or above it. Superusers pass every check through Django's backend.
"""

import rules

from cms.models import KhokimiyatPage, Question
from participation.models import StaffRoleKind, Territory, VerificationLevel
from participation.selectors import staff_role_paths, user_holds_role_on

QUESTION_MODERATOR_ROLES = (StaffRoleKind.MODERATOR, StaffRoleKind.MANAGER)
QUESTION_RESPONDER_ROLES = (StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER)
QUESTION_STAFF_ROLES = (StaffRoleKind.MODERATOR, StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER)


def territory_of(target) -> Territory | None:
    """The territory whose staff decide about a question or a khokimiyat page."""
    if isinstance(target, Question):
        return target.khokimiyat.territory
    if isinstance(target, KhokimiyatPage):
        return target.territory
    return None


def _holds_question_role(user, target, roles) -> bool:
    territory = territory_of(target)
    return territory is not None and user_holds_role_on(user, roles, territory)


@rules.predicate
def is_question_moderator_here(user, target) -> bool:
    return _holds_question_role(user, target, QUESTION_MODERATOR_ROLES)


@rules.predicate
def is_question_responder_here(user, target) -> bool:
    return _holds_question_role(user, target, QUESTION_RESPONDER_ROLES)


@rules.predicate
def is_question_staff_here(user, target) -> bool:
    return _holds_question_role(user, target, QUESTION_STAFF_ROLES)


@rules.predicate
def has_confirmed_email(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.verification_level >= VerificationLevel.EMAIL


@rules.predicate
def holds_question_role_anywhere(user) -> bool:
    return any(role in QUESTION_STAFF_ROLES for role, _path in staff_role_paths(user))


rules.add_perm("cms.ask_question", has_confirmed_email)
rules.add_perm("cms.moderate_question", is_question_moderator_here)
rules.add_perm("cms.answer_question", is_question_responder_here)
# Whoever answers may ask for more time; the manager is among them.
rules.add_perm("cms.extend_question", is_question_responder_here)
# Staff may read a question before it is published (the admin queue and its preview).
rules.add_perm("cms.view_unpublished_question", is_question_staff_here)
rules.add_perm("cms.use_question_queue", holds_question_role_anywhere)
