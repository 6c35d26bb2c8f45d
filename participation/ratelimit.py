"""Rate limits on what residents do (create, co-sponsor, sign, flag), per person and per IP.

Counters live in the cache (Redis in production, so every web process shares them). The
limits are settings, ``RATE_LIMITS[action] = {"user": (count, seconds), "ip": (count, seconds)}``,
so a khokimiyat running a big campaign can raise them without a release.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from participation.exceptions import ServiceError

TOO_MANY = _("You have done this too many times in a short while. Please try again later.")


def client_ip(request) -> str:
    """The client's address. Behind a proxy, only the proxy's own header is trusted (one hop)."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or ""


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one use; True while the count stays within ``limit`` in a fixed ``window``."""
    # add() is atomic on Redis and local memory: only the first request in a window creates it.
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def rate_limit(action: str, *, user=None, ip: str = "") -> None:
    """Raise ``ServiceError`` when this person or this address has used ``action`` too often."""
    limits = getattr(settings, "RATE_LIMITS", {}).get(action, {})
    checks = []
    if "user" in limits and getattr(user, "pk", None) is not None:
        checks.append((f"rl:{action}:u:{user.pk}", *limits["user"]))
    if "ip" in limits and ip:
        checks.append((f"rl:{action}:ip:{ip}", *limits["ip"]))
    for key, limit, window in checks:
        if not _hit(key, limit, window):
            raise ServiceError(TOO_MANY)
