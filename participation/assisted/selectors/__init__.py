"""Reads of the operator desk: where an operator works, whom they may find, what was done."""

from django.db.models import Q, QuerySet

from participation.centres import centres_in
from participation.models import StaffRoleKind, Territory, TerritoryKind, User
from participation.selectors import staff_role_paths

SEARCH_LIMIT = 20


def operator_territories(operator) -> list[Territory]:
    """The territories where ``operator`` holds the operator role, outermost first."""
    paths = [path for role, path in staff_role_paths(operator) if role == StaffRoleKind.OPERATOR]
    if not paths:
        return []
    return list(Territory.objects.filter(path__in=paths).order_by("path"))


def operator_centres(operator) -> list:
    """The live service centres in the operator's territories, by name. One query per territory
    the operator serves (usually one)."""
    seen, centres = set(), []
    for territory in operator_territories(operator):
        for centre in centres_in(territory):
            if centre.pk not in seen:
                seen.add(centre.pk)
                centres.append(centre)
    return sorted(centres, key=lambda centre: centre.title)


def _within(queryset: QuerySet, operator) -> QuerySet:
    if getattr(operator, "is_superuser", False):
        return queryset
    paths = [path for role, path in staff_role_paths(operator) if role == StaffRoleKind.OPERATOR]
    if not paths:
        return queryset.none()
    scope = Q()
    for path in paths:
        scope |= Q(home_territory__path__startswith=path)
    return queryset.filter(scope)


def operator_mahallas(operator) -> QuerySet[Territory]:
    """The mahallas where the operator may register residents."""
    paths = [path for role, path in staff_role_paths(operator) if role == StaffRoleKind.OPERATOR]
    queryset = Territory.objects.filter(kind=TerritoryKind.MAHALLA)
    if getattr(operator, "is_superuser", False):
        return queryset.order_by("name_uz")
    if not paths:
        return queryset.none()
    scope = Q()
    for path in paths:
        scope |= Q(path__startswith=path)
    return queryset.filter(scope).order_by("name_uz")


def residents_find(operator, *, name: str = "", phone: str | None = None, mahalla: Territory | None = None):
    """Residents the operator may act for, matching every word of ``name`` (and living in
    ``mahalla`` when given), or with ``phone``; at most SEARCH_LIMIT, by name. One query."""
    queryset = _within(User.objects.filter(is_active=True), operator)
    words = name.split()
    if not words and not phone:
        return []
    if phone:
        queryset = queryset.filter(phone=phone)
    for word in words:
        queryset = queryset.filter(full_name__icontains=word)
    if mahalla is not None:
        queryset = queryset.filter(home_territory=mahalla)
    return list(queryset.select_related("home_territory").order_by("full_name", "pk")[:SEARCH_LIMIT])


def residents_matching(*, full_name: str, mahalla: Territory, phone: str | None) -> list[User]:
    """Accounts that may be the person about to be registered: the same name in the same
    mahalla, or the same number. One query."""
    same_name = Q(full_name__iexact=" ".join(full_name.split()), home_territory=mahalla)
    condition = same_name | Q(phone=phone) if phone else same_name
    return list(
        User.objects.filter(condition, is_active=True).select_related("home_territory").order_by("pk")[:SEARCH_LIMIT]
    )


def resident_for_operator(operator, resident_id: int) -> User | None:
    """The resident, if the operator may act for them; None otherwise (the page is then 404)."""
    resident = User.objects.select_related("home_territory").filter(pk=resident_id, is_active=True).first()
    if resident is None or not operator.has_perm("participation.assist_resident", resident):
        return None
    return resident


# What the resident and staff read about acts already done (their list, the staff screen, flags).
from participation.assisted.selectors.watch import (  # noqa: E402, F401
    AssistedFlag,
    ResidentAct,
    assisted_acts_filtered,
    assisted_acts_for_staff,
    assisted_acts_of_resident,
    assisted_centres,
    assisted_flags,
    assisted_operators,
    assisted_reported,
    targets_of,
)
