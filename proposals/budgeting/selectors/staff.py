"""Reads for the budget's staff screens: which roles serve the budget, the cycles a staff
member reaches, the territories where they may start one. ``predicates`` builds the rules on
these; the admin's listing is their scope."""

from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet

from participation.models import StaffRoleKind, TerritoryKind
from participation.selectors import staff_role_paths, territories_current, within_staff_territories
from proposals.budgeting.models import Cycle, PBCategory

# The roles the budget screens serve; an editor keeps the information centre, not the budget.
BUDGET_STAFF_ROLES = (StaffRoleKind.MANAGER, StaffRoleKind.MODERATOR, StaffRoleKind.RESPONDER)
CYCLE_TERRITORY_KINDS = (TerritoryKind.DISTRICT, TerritoryKind.CITY, TerritoryKind.REGION)


def cycles_for_staff(user) -> QuerySet[Cycle]:
    """Cycles of the user's territories, newest first: one query for the page and one for all
    their phases, whatever the number of rows."""
    return within_staff_territories(
        Cycle.objects.select_related("territory")
        .prefetch_related("phases")
        .annotate(project_count=Count("projects", distinct=True)),
        user,
        BUDGET_STAFF_ROLES,
    ).order_by("-created_at", "-pk")


def cycle_territories_managed_by(user):
    """Districts, cities and regions in force where the user is a manager (or below such a
    territory): where they may start a cycle. Grouped by the tree's path, regions first."""
    territories = territories_current().filter(kind__in=CYCLE_TERRITORY_KINDS).order_by("path")
    if user.is_superuser:
        return territories
    paths = [path for role, path in staff_role_paths(user) if role == StaffRoleKind.MANAGER]
    if not paths:
        return territories.none()
    return territories.filter(reduce(or_, (Q(path__startswith=path) for path in paths)))


def categories_for_staff(user=None) -> QuerySet[PBCategory]:
    """Every category, retired ones too, in list order, with the number of cycles offering it."""
    return PBCategory.objects.annotate(cycle_count=Count("cycles")).order_by("position", "slug")
