"""Small predicates that answer "may this person do X here?".

Each takes ``(user, target)``; ``participation.rules`` combines them into named
permissions, and the rest of the code asks ``user.has_perm("participation.<verb>_<model>",
target)``. A rule changes here, in one place, and the permission-matrix tests follow it.
"""

import rules

from participation.models import StaffRoleKind, Territory
from participation.models.roles import STAFF_TOOL_ROLES
from participation.selectors import staff_role_paths, user_holds_role_on


def _role_predicate(*roles: str):
    @rules.predicate(name=f"holds_{'_or_'.join(roles)}_role_here")
    def holds_role(user, territory) -> bool:
        if not isinstance(territory, Territory):
            return False
        return user_holds_role_on(user, roles, territory)

    return holds_role


is_editor_here = _role_predicate(StaffRoleKind.EDITOR)
is_moderator_here = _role_predicate(StaffRoleKind.MODERATOR)
is_responder_here = _role_predicate(StaffRoleKind.RESPONDER)
is_manager_here = _role_predicate(StaffRoleKind.MANAGER)
is_operator_here = _role_predicate(StaffRoleKind.OPERATOR)
is_any_staff_here = _role_predicate(*STAFF_TOOL_ROLES)


@rules.predicate
def is_self(user, other_user) -> bool:
    return getattr(user, "pk", None) is not None and user.pk == getattr(other_user, "pk", None)


@rules.predicate
def manages_home_territory_of(user, other_user) -> bool:
    """The other user lives in a territory this user manages (or below it)."""
    territory = getattr(other_user, "home_territory", None)
    if territory is None:
        return False
    return user_holds_role_on(user, [StaffRoleKind.MANAGER], territory)


@rules.predicate
def operates_home_territory_of(user, other_user) -> bool:
    """The other user lives in a territory where this user is an operator (or below it)."""
    territory = getattr(other_user, "home_territory", None)
    if territory is None:
        return False
    return user_holds_role_on(user, [StaffRoleKind.OPERATOR], territory)


@rules.predicate
def holds_any_role(user) -> bool:
    """Holds a role of the staff tools (an operator's role is not one: see STAFF_TOOL_ROLES)."""
    return any(role in STAFF_TOOL_ROLES for role, _path in staff_role_paths(user))


@rules.predicate
def operates_somewhere(user) -> bool:
    return any(role == StaffRoleKind.OPERATOR for role, _path in staff_role_paths(user))


@rules.predicate
def moderates_item_territory(user, item) -> bool:
    """A moderator or manager of the item's territory or of a territory above it."""
    territory = getattr(item, "territory", None)
    if not isinstance(territory, Territory):
        return False
    return user_holds_role_on(user, [StaffRoleKind.MODERATOR, StaffRoleKind.MANAGER], territory)


@rules.predicate
def is_excluded_from_item(user, item) -> bool:
    """The moderator who made the decision under appeal, or the content's own author."""
    user_id = getattr(user, "pk", None)
    return user_id is not None and user_id in {getattr(item, "excluded_moderator_id", None), item.author_id}


@rules.predicate
def moderates_somewhere(user) -> bool:
    return any(role in (StaffRoleKind.MODERATOR, StaffRoleKind.MANAGER) for role, _path in staff_role_paths(user))


@rules.predicate
def manages_somewhere(user) -> bool:
    return any(role == StaffRoleKind.MANAGER for role, _path in staff_role_paths(user))


@rules.predicate
def manages_whole_country(user) -> bool:
    """Holds the manager role on the root of the tree: national settings (the moderation
    reasons every rejection e-mail quotes, the petition rules) are theirs, not a district's."""
    return any(
        role == StaffRoleKind.MANAGER and len(path) <= Territory.steplen for role, path in staff_role_paths(user)
    )
