"""Reads about kiosks: the device a request comes from, and the kiosks a manager sees."""

from django.db.models import Q, QuerySet

from participation.centres import centre_model
from participation.kiosk.device import cookie_read, secret_matches
from participation.kiosk.models import Kiosk, KioskStatus
from participation.models import StaffRoleKind
from participation.selectors import staff_role_paths


def kiosk_from_cookie(value: str) -> Kiosk | None:
    """The active kiosk this cookie proves, with its centre (one query); None for a forged,
    damaged or revoked one."""
    found = cookie_read(value)
    if found is None:
        return None
    kiosk_id, secret = found
    kiosk = Kiosk.objects.select_related("centre").filter(pk=kiosk_id, status=KioskStatus.ACTIVE).first()
    if kiosk is None or not secret_matches(secret, kiosk.secret_hash):
        return None
    return kiosk


def _managed_scope(user) -> Q | None:
    """The centres' territories a person manages (everything for a superuser; None: nothing)."""
    if getattr(user, "is_superuser", False):
        return Q()
    scope = None
    for role, path in staff_role_paths(user):
        if role == StaffRoleKind.MANAGER:
            part = Q(territory__path__startswith=path)
            scope = part if scope is None else scope | part
    return scope


def kiosk_centres_for(user) -> QuerySet:
    """The live centres where ``user`` may register a kiosk: those in the territories they
    manage, or below them."""
    centres = centre_model().objects.live().select_related("territory").order_by("title")
    scope = _managed_scope(user)
    return centres.none() if scope is None else centres.filter(scope)


def kiosks_for(user) -> QuerySet[Kiosk]:
    """The kiosks of every centre (published or not) in the territories ``user`` manages,
    newest first, with what the list shows (one query)."""
    scope = _managed_scope(user)
    if scope is None:
        return Kiosk.objects.none()
    centre_ids = centre_model().objects.filter(scope).values("pk")
    return Kiosk.objects.filter(centre_id__in=centre_ids).select_related("centre", "registered_by", "revoked_by")
