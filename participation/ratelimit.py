"""Rate limits on what residents do (create, co-sponsor, sign, flag, vote), per person and per IP.

Counters live in the cache (Redis in production, so every web process shares them). The
limits are settings, ``RATE_LIMITS[action] = {"user": (count, seconds), "ip": (count, seconds)}``,
so a khokimiyat running a big campaign can raise them without a release.

Windows are fixed and aligned to the clock (an hour window runs from :00 to :00 UTC): the key
names its window, and the counter expires exactly at the window's end. A counter therefore
tells someone who reads Redis only *which* window an action fell in, never when in it; for
voting that is the hour, which ``Participation.voted_hour`` already keeps. (A counter created
with "expire in 3600 s" would keep the exact second of a person's vote for an hour.) The price
of aligned windows: up to twice the limit across a window's edge, which these limits allow for.

When the cache cannot be reached nobody can be counted, so the action is refused with a
message saying the fault is ours and to try again shortly: a limit that silently stops
counting during an outage is no limit (see ``participation.cache``).
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from participation.cache import CacheUnavailable
from participation.exceptions import ServiceError

TOO_MANY = _("You have done this too many times in a short while. Please try again later.")
UNAVAILABLE = _(
    "This cannot be done right now because of a temporary fault on our side. Nothing was saved; "
    "please try again in a few minutes."
)


class RateLimited(ServiceError):
    """This person or address has used the action too often in the current window."""


class RateLimitUnavailable(ServiceError):
    """The counters cannot be reached (the cache is down); nothing was counted or saved."""


def client_ip(request) -> str:
    """The client's address. Behind a proxy, only the proxy's own header is trusted (one hop)."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or ""


def window_bounds(window: int, now: float) -> tuple[int, int]:
    """The clock-aligned window of ``window`` seconds holding the Unix time ``now``: (start, end)."""
    start = int(now // window) * window
    return start, start + window


def _count(key: str, *, window: int, now: float) -> int:
    """Count one use in the current window; the counter expires when the window ends."""
    start, end = window_bounds(window, now)
    key = f"{key}:{start}"
    count_until = getattr(cache, "count_until", None)
    if count_until is not None:
        # Redis: created with an absolute expiry (EXAT), so the expiry is the window's end
        # to the second and its milliseconds do not echo the moment of the first use either.
        return count_until(key, expires_at=end)
    # Other caches (local memory in development): the expiry only needs to outlive the window.
    timeout = max(1, math.ceil(end - now))
    cache.add(key, 0, timeout=timeout)  # atomic: only the first use in a window creates it
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


def rate_limit(action: str, *, user=None, ip: str = "", too_many=TOO_MANY, now: float | None = None) -> None:
    """Raise ``RateLimited`` (a ``ServiceError`` with ``too_many`` as its message) when this
    person or this address has used ``action`` too often, and ``RateLimitUnavailable`` when the
    counters cannot be reached. Call it before writing anything."""
    now = time.time() if now is None else now
    limits = getattr(settings, "RATE_LIMITS", {}).get(action, {})
    checks = []
    if "user" in limits and getattr(user, "pk", None) is not None:
        checks.append((f"rl:{action}:u:{user.pk}", *limits["user"]))
    if "ip" in limits and ip:
        checks.append((f"rl:{action}:ip:{ip}", *limits["ip"]))
    for key, limit, window in checks:
        try:
            count = _count(key, window=window, now=now)
        except CacheUnavailable:
            raise RateLimitUnavailable(UNAVAILABLE) from None
        if count > limit:
            raise RateLimited(too_many)
