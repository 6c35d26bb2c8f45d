"""Reads of the core. Views, templates and predicates ask here instead of building queries."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from participation.models import ModerationItem, ReasonCode, StaffRole, StaffRoleKind, Territory, TerritoryKind

_ROLE_CACHE_ATTR = "_staff_role_paths"


def territories_current(on: date | None = None) -> QuerySet[Territory]:
    """Territories in force on ``on`` (today when omitted): merged or abolished units drop out."""
    on = on or timezone.localdate()  # the date in Tashkent, not on the server's clock
    return Territory.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )


def territory_descendants(territory: Territory, *, include_self: bool = False) -> QuerySet[Territory]:
    """Everything inside ``territory``: one indexed prefix query on the materialised path."""
    queryset = Territory.objects.filter(path__startswith=territory.path, depth__gte=territory.depth)
    if not include_self:
        queryset = queryset.exclude(pk=territory.pk)
    return queryset.order_by("path")


def territory_ancestors(territory: Territory, *, include_self: bool = False) -> QuerySet[Territory]:
    """Everything ``territory`` lies inside, country first: one query on at most four paths."""
    paths = territory.ancestor_paths if include_self else territory.ancestor_paths[:-1]
    return Territory.objects.filter(path__in=paths).order_by("depth")


def territory_contains(outer: Territory, inner: Territory) -> bool:
    """Whether ``inner`` is ``outer`` or lies inside it; no query."""
    return inner.path.startswith(outer.path)


@dataclass(frozen=True)
class RegionListing:
    region: Territory
    khokimiyats: list[Territory]


def regions_with_khokimiyats() -> list[RegionListing]:
    """The 14 first-level units, each with the districts and cities that have a khokimiyat.

    Two queries whatever the number of districts (a query-budget test holds it there).
    treebeard keeps no parent foreign key, so districts are grouped by their parent's path.
    """
    regions = list(territories_current().filter(kind=TerritoryKind.REGION).order_by("name_uz"))
    by_path: dict[str, list[Territory]] = {region.path: [] for region in regions}
    local = territories_current().filter(kind__in=[TerritoryKind.DISTRICT, TerritoryKind.CITY]).order_by("name_uz")
    for territory in local:
        parent_path = territory.path[: -territory.steplen]
        if parent_path in by_path:
            by_path[parent_path].append(territory)
    return [RegionListing(region=region, khokimiyats=by_path[region.path]) for region in regions]


def staff_role_paths(user) -> list[tuple[str, str]]:
    """(role, territory path) pairs the user holds, loaded once per user object.

    Permission checks run many times per page; caching on the instance keeps them at one
    query per request without a cache that could outlive a revoked role.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _ROLE_CACHE_ATTR, None)
    if cached is None:
        cached = list(StaffRole.objects.filter(user=user).values_list("role", "territory__path"))
        setattr(user, _ROLE_CACHE_ATTR, cached)
    return cached


def staff_role_paths_forget(user) -> None:
    if hasattr(user, _ROLE_CACHE_ATTR):
        delattr(user, _ROLE_CACHE_ATTR)


def user_holds_role_on(user, roles: Iterable[str], territory: Territory) -> bool:
    """Whether the user holds one of ``roles`` on ``territory`` or on a territory above it."""
    wanted = set(roles)
    return any(role in wanted and territory.path.startswith(path) for role, path in staff_role_paths(user))


def staff_roles_of(user) -> QuerySet[StaffRole]:
    return StaffRole.objects.filter(user=user).select_related("territory").order_by("territory__path", "role")


def within_staff_territories(queryset: QuerySet, user, roles: Iterable[str] | None = None) -> QuerySet:
    """Rows of ``queryset`` (which has a ``territory``) in the territories where the user holds
    one of ``roles`` (any role when None), or below them. Superusers see every territory."""
    if getattr(user, "is_superuser", False):
        return queryset
    paths = [path for role, path in staff_role_paths(user) if roles is None or role in roles]
    if not paths:
        return queryset.none()
    scope = Q()
    for path in paths:
        scope |= Q(territory__path__startswith=path)
    return queryset.filter(scope)


def moderation_queue(user, *, include_decided: bool = False) -> QuerySet:
    """Items in the territories the user moderates, most urgent first: system flags, then
    items reported by several people, each by due date. Superusers see every territory.

    One query for the page whatever kinds of content are listed (titles are copied onto
    the item); a query-budget test holds it there.
    """
    queryset = within_staff_territories(
        ModerationItem.objects.select_related("territory", "reason", "decided_by"),
        user,
        [StaffRoleKind.MODERATOR, StaffRoleKind.MANAGER],
    )
    if include_decided:
        return queryset.order_by("-decided_at", "-pk")
    return queryset.filter(decided_at__isnull=True).order_by("-priority", "due_at", "pk")


def moderation_item_for(user, item_id: int):
    """One item the user may see in the queue (open or decided), or None."""
    return moderation_queue(user, include_decided=True).filter(pk=item_id).first()


def moderation_reasons(*, for_flags: bool = False) -> QuerySet:
    queryset = ReasonCode.objects.filter(is_active=True)
    if for_flags:
        queryset = queryset.filter(for_flags=True)
    return queryset.order_by("position", "code")


def moderation_decision_for(obj):
    """The latest decided item about ``obj`` (for the author's view: reason, appeal button)."""
    return (
        ModerationItem.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, decided_at__isnull=False
        )
        .select_related("reason")
        .order_by("-decided_at", "-pk")
        .first()
    )


def moderation_queue_decided(user) -> QuerySet:
    """Decided items the user may see (the same territories as the queue), latest first."""
    return moderation_queue(user, include_decided=True).filter(decided_at__isnull=False)


def moderation_item_reports(item) -> QuerySet:
    """The reports filed with this item, oldest first, with their reason and reporter."""
    return item.flags.select_related("reason", "user").order_by("created_at", "pk")


def moderation_items_related(item) -> QuerySet:
    """The other items about the same content (the decision under appeal, earlier reports),
    newest first; they lie in the item's territory, so whoever sees the item may see them."""
    return (
        ModerationItem.objects.filter(content_type_id=item.content_type_id, object_id=item.object_id)
        .exclude(pk=item.pk)
        .select_related("reason", "decided_by")
        .order_by("-created_at", "-pk")
    )


def reason_codes_all() -> QuerySet:
    """Every reason, retired ones too, in list order (for the managers' screen)."""
    return ReasonCode.objects.order_by("-is_active", "position", "code")


def mahallas_of(district_id) -> list[Territory]:
    """The mahallas in force directly under a district or city, by name, for a select.

    Empty when ``district_id`` is not a district or city (a tampered or stale form), so a
    form never offers mahallas of a place the resident did not choose.
    """
    district = (
        territories_current().filter(pk=district_id, kind__in=[TerritoryKind.DISTRICT, TerritoryKind.CITY]).first()
        if str(district_id or "").isdigit()
        else None
    )
    if district is None:
        return []
    return list(
        territories_current()
        .filter(kind=TerritoryKind.MAHALLA, path__startswith=district.path, depth=district.depth + 1)
        .order_by("name_uz")
    )
