"""The cookie that makes a browser a kiosk: ``[kiosk id, secret]`` signed with the site's key
(``django.core.signing``, salted for this use only), so a visitor can neither forge one nor
reuse another signed value of the site as one. The secret is checked against the hash the
kiosk row keeps (a cookie naming a kiosk with another secret is refused), and only an active
kiosk's cookie counts."""

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare

SALT = "participation.kiosk.device"
# Browsers keep a cookie at most 400 days; the middleware sends it again with every answer, so a
# kiosk in use never loses it.
COOKIE_MAX_AGE = 400 * 24 * 3600


def secret_new() -> str:
    return secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return constant_time_compare(secret_hash(secret), stored_hash)


def cookie_value(kiosk_id: int, secret: str) -> str:
    return signing.dumps([kiosk_id, secret], salt=SALT)


def cookie_read(value: str) -> tuple[int, str] | None:
    """(kiosk id, secret) from a cookie this site signed for a kiosk; None for anything else."""
    try:
        kiosk_id, secret = signing.loads(value, salt=SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(kiosk_id, int) or not isinstance(secret, str):
        return None
    return kiosk_id, secret


def cookie_set(response, value: str, *, secure: bool) -> None:
    response.set_cookie(
        settings.KIOSK_COOKIE_NAME,
        value,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=secure or settings.SESSION_COOKIE_SECURE,
    )


def cookie_delete(response) -> None:
    response.delete_cookie(settings.KIOSK_COOKIE_NAME, samesite="Lax")
