"""Reads of organisations: public lists and pages, the private member list, a resident's own
organisations, the staff screens. Every list is a fixed number of queries however many rows."""

from datetime import date

from django.db.models import Case, Count, Q, QuerySet, Value, When

from participation.models import StaffRoleKind, Territory, TerritoryKind
from participation.organisations.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationStatus,
)
from participation.organisations.predicates import membership_open_on, today
from participation.selectors import territories_current, within_staff_territories
from participation.translit import cyrillic_to_latin, normalize_apostrophes


def active_organisations(*, on: date | None = None) -> QuerySet[Organisation]:
    """Verified organisations whose verification has not expired on ``on``."""
    return Organisation.objects.filter(status=OrganisationStatus.VERIFIED, verification_expires_on__gt=on or today())


def organisations_user_can_represent(user, *, on: date | None = None) -> QuerySet[Organisation]:
    """Verified (and not expired on ``on``) organisations where ``user`` holds a representative
    membership open on ``on`` (today in Tashkent by default), by name."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    on = on or today()
    open_here = Membership.objects.filter(membership_open_on(on), user=user, role=MembershipRole.REPRESENTATIVE)
    return (
        active_organisations(on=on)
        .filter(pk__in=open_here.values("organisation_id"))
        .select_related("territory")
        .order_by("name_uz", "pk")
    )


def organisations_public(*, kind: str = "", territory: Territory | None = None) -> QuerySet[Organisation]:
    """The public list: current verified organisations, of a kind and inside a territory when
    given, by name. One query per page (the territory is joined)."""
    queryset = active_organisations().select_related("territory")
    if kind:
        queryset = queryset.filter(kind=kind)
    if territory is not None:
        queryset = queryset.filter(territory__path__startswith=territory.path)
    return queryset.order_by("name_uz", "pk")


def organisation_public(slug: str) -> Organisation | None:
    """One organisation as its public page shows it (current verified ones only), or None."""
    return active_organisations().select_related("territory").filter(slug=slug).first()


def organisation_by_slug(slug: str) -> Organisation | None:
    """Any organisation (for its representatives and staff), or None."""
    return Organisation.objects.select_related("territory").filter(slug=slug).first()


def organisation_member_count(organisation: Organisation, *, on: date | None = None) -> int:
    return Membership.objects.filter(membership_open_on(on or today()), organisation=organisation).count()


def organisation_named_representatives(organisation: Organisation, *, on: date | None = None) -> list:
    """The representatives who agreed to be named, as people (one query)."""
    memberships = (
        Membership.objects.filter(
            membership_open_on(on or today()),
            organisation=organisation,
            role=MembershipRole.REPRESENTATIVE,
            named_publicly=True,
        )
        .select_related("user")
        .order_by("starts_on", "pk")
    )
    return [membership.user for membership in memberships]


def organisation_members(organisation: Organisation, *, on: date | None = None) -> QuerySet[Membership]:
    """The private member list: open memberships, representatives first (one query)."""
    return (
        Membership.objects.filter(membership_open_on(on or today()), organisation=organisation)
        .select_related("user")
        .order_by("-role", "starts_on", "pk")
    )


def organisation_past_members(organisation: Organisation, *, limit: int = 50) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, ends_on__isnull=False)
        .select_related("user")
        .order_by("-ends_on", "-pk")[:limit]
    )


def memberships_of_user(user, *, on: date | None = None) -> QuerySet[Membership]:
    """A resident's open memberships with their organisations ("my organisations")."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return (
        Membership.objects.filter(membership_open_on(on or today()), user=user)
        .select_related("organisation", "organisation__territory")
        .order_by("organisation__name_uz", "pk")
    )


def membership_open_of(user, organisation: Organisation, *, on: date | None = None) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(membership_open_on(on or today()), organisation=organisation, user=user).first()


def organisations_for_staff(user, *, status: str = "") -> QuerySet[Organisation]:
    """Organisations in the territories the user manages (the verification screen), those
    waiting first, with the number of open memberships, in one query."""
    queryset = within_staff_territories(Organisation.objects.select_related("territory"), user, [StaffRoleKind.MANAGER])
    if status:
        queryset = queryset.filter(status=status)
    waiting_first = Case(When(status=OrganisationStatus.REQUESTED, then=Value(0)), default=Value(1))
    return queryset.annotate(
        open_members=Count("memberships", filter=membership_open_on(today(), prefix="memberships__"))
    ).order_by(waiting_first, "name_uz", "pk")


def organisation_territories(*, mahallas_of: Territory | None = None) -> QuerySet[Territory]:
    """Where an organisation may work: regions, districts and cities, and the mahallas of
    ``mahallas_of`` (the person's district), so a select never lists every mahalla of the country."""
    queryset = territories_current().filter(kind__in=[TerritoryKind.REGION, TerritoryKind.DISTRICT, TerritoryKind.CITY])
    if mahallas_of is not None:
        queryset = queryset | territories_current().filter(
            kind=TerritoryKind.MAHALLA, path__startswith=mahallas_of.path
        )
    return queryset.order_by("path")


def home_district(user) -> Territory | None:
    """The district or city of the person's home mahalla (the default place of a new group)."""
    home = getattr(user, "home_territory", None)
    if home is None:
        return None
    return (
        territories_current()
        .filter(path__in=home.ancestor_paths, kind__in=[TerritoryKind.DISTRICT, TerritoryKind.CITY])
        .order_by("-depth")
        .first()
    )


def organisations_for_sitemap() -> QuerySet:
    """``(pk, slug, verified_at)`` of the organisations whose public page is up."""
    return active_organisations().values_list("pk", "slug", "verified_at")


def organisations_search(query: str, *, limit: int = 10) -> list[Organisation]:
    """Current verified organisations whose Uzbek or Russian name contains ``query`` (a
    Cyrillic query is read as Latin for the Uzbek name; any apostrophe spelling matches)."""
    query = (query or "").strip()
    if not query:
        return []
    latin = normalize_apostrophes(cyrillic_to_latin(query))
    matches = Q(name_uz__icontains=latin) | Q(name_ru__icontains=query) | Q(name_other__icontains=query)
    return list(active_organisations().filter(matches).select_related("territory").order_by("name_uz", "pk")[:limit])
