"""Registering a browser as a kiosk of a centre, and revoking it. Both audited."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from participation.exceptions import ServiceError
from participation.kiosk.device import cookie_value, secret_hash, secret_new
from participation.kiosk.models import Kiosk, KioskStatus
from participation.kiosk.transitions import transition_allowed
from participation.models import User

REGISTER_NOT_ALLOWED = _("You may register kiosks only at service centres in the territories you manage.")
REVOKE_NOT_ALLOWED = _("You may revoke only the kiosks of service centres in the territories you manage.")
NOT_ALLOWED_STATE = _("This kiosk is %(status)s; that cannot change.")
NAME_NEEDED = _("Give the kiosk a name, so staff can tell it from the others.")


@dataclass(frozen=True)
class KioskRegistration:
    kiosk: Kiosk
    # The value of the device's cookie: the only place the secret ever exists in clear.
    cookie: str


def kiosk_register(*, centre, name: str, by: User, now: datetime | None = None) -> KioskRegistration:
    """Make a new kiosk of ``centre``; the caller sets ``cookie`` on the browser being registered."""
    if not by.has_perm("participation.register_kiosk", centre):
        raise ServiceError(REGISTER_NOT_ALLOWED)
    name = " ".join(name.split())
    if not name:
        raise ServiceError(NAME_NEEDED)
    secret = secret_new()
    with transaction.atomic():
        kiosk = Kiosk.objects.create(
            centre=centre,
            name=name,
            secret_hash=secret_hash(secret),
            registered_by=by,
            registered_at=now or timezone.now(),
        )
        log(
            instance=kiosk,
            action="participation.kiosk_registered",
            user=by,
            data={"centre": centre.pk, "centre_title": centre.title, "name": name},
        )
    return KioskRegistration(kiosk=kiosk, cookie=cookie_value(kiosk.pk, secret))


def kiosk_transition(*, kiosk: Kiosk, to: str, by: User, now: datetime | None = None) -> Kiosk:
    """The one way a kiosk's status changes: allowed by ``transitions``, by a manager of its
    centre, with the row locked and the move in the audit log."""
    if not by.has_perm("participation.revoke_kiosk", kiosk):
        raise ServiceError(REVOKE_NOT_ALLOWED)
    with transaction.atomic():
        locked = Kiosk.objects.select_for_update().get(pk=kiosk.pk)
        move = transition_allowed(locked.status, to)
        if move is None:
            raise ServiceError(NOT_ALLOWED_STATE % {"status": locked.get_status_display()})
        locked.status = to
        if to == KioskStatus.REVOKED:
            locked.revoked_at = now or timezone.now()
            locked.revoked_by = by
        locked.save(update_fields=["status", "revoked_at", "revoked_by"])
        log(instance=locked, action=move.action, user=by, data={"centre": locked.centre_id, "name": locked.name})
    return locked


def kiosk_revoke(*, kiosk: Kiosk, by: User, now: datetime | None = None) -> Kiosk:
    """The device stops being a kiosk: its cookie is refused, and removed, on its next request."""
    return kiosk_transition(kiosk=kiosk, to=KioskStatus.REVOKED, by=by, now=now)
