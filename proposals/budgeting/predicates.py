"""Predicates for participatory budgeting. Targets: a Cycle, or a Project (its cycle is read
through ``.cycle``). Phase rules ask ``phase_allows``, so time is read in one place."""

import rules
from django.utils import timezone

from participation.models import StaffRoleKind
from participation.selectors import staff_role_paths, territory_contains, user_holds_role_on
from proposals.budgeting.models import ProjectStatus
from proposals.budgeting.selectors.cycles import phase_allows
from proposals.budgeting.selectors.staff import BUDGET_STAFF_ROLES, cycle_territories_managed_by


def _cycle_of(target):
    return getattr(target, "cycle", target)


def _pb_holds(user, target, roles) -> bool:
    territory = getattr(_cycle_of(target), "territory", None)
    return territory is not None and user_holds_role_on(user, roles, territory)


@rules.predicate
def manages_cycle(user, target) -> bool:
    return _pb_holds(user, target, [StaffRoleKind.MANAGER])


@rules.predicate
def moderates_cycle(user, target) -> bool:
    return _pb_holds(user, target, [StaffRoleKind.MODERATOR, StaffRoleKind.MANAGER])


@rules.predicate
def reviews_cycle(user, target) -> bool:
    """Feasibility and implementation are the khokimiyat's answer: responders and managers."""
    return _pb_holds(user, target, [StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER])


def _phase_predicate(action: str):
    @rules.predicate(name=f"phase_allows_{action}")
    def allows(user, target) -> bool:
        return phase_allows(_cycle_of(target), action)

    return allows


phase_allows_submit = _phase_predicate("submit")
phase_allows_edit = _phase_predicate("edit")
phase_allows_comment = _phase_predicate("comment")
phase_allows_vote = _phase_predicate("vote")


@rules.predicate
def is_project_author(user, project) -> bool:
    return getattr(user, "pk", None) is not None and project.author_id == user.pk


@rules.predicate
def lives_in_cycle_territory(user, target) -> bool:
    home = getattr(user, "home_territory", None)
    return home is not None and territory_contains(_cycle_of(target).territory, home)


@rules.predicate
def verified_for_cycle(user, target) -> bool:
    return getattr(user, "verification_level", 0) >= _cycle_of(target).verification_level


@rules.predicate
def old_enough_for_cycle(user, target) -> bool:
    """Birth year is optional and self-declared; without it the age rule cannot be met when the
    cycle sets one (a voter adds it in the profile). Age counts by year, the only data kept."""
    minimum = _cycle_of(target).minimum_age
    if not minimum:
        return True
    birth_year = getattr(user, "birth_year", None)
    return birth_year is not None and timezone.localdate().year - birth_year >= minimum


@rules.predicate
def project_awaits_feasibility(user, project) -> bool:
    return project.status in (ProjectStatus.REVIEW, ProjectStatus.FEASIBLE, ProjectStatus.NOT_FEASIBLE)


@rules.predicate
def project_is_editable(user, project) -> bool:
    return project.status in (ProjectStatus.MODERATION, ProjectStatus.REVIEW)


@rules.predicate
def project_won(user, project) -> bool:
    return project.status == ProjectStatus.SELECTED


@rules.predicate
def chairs_project_mahalla(user, project) -> bool:
    """The mahalla chair holds the manager role on the project's mahalla itself; a district's
    manager is above the mahalla but is not its chair, and the sign-off is the chair's word."""
    mahalla = project.mahalla
    return mahalla.kind == "mahalla" and (StaffRoleKind.MANAGER, mahalla.path) in set(staff_role_paths(user))


@rules.predicate
def results_not_published(user, target) -> bool:
    return _cycle_of(target).results_published_at is None


@rules.predicate
def serves_the_budget(user) -> bool:
    """Holds a role the budget screens serve (manager, moderator, responder) somewhere."""
    return any(role in BUDGET_STAFF_ROLES for role, _path in staff_role_paths(user))


@rules.predicate
def staffs_cycle(user, target) -> bool:
    return _pb_holds(user, target, BUDGET_STAFF_ROLES)


@rules.predicate
def starts_cycles(user) -> bool:
    return cycle_territories_managed_by(user).exists()
