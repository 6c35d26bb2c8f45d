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

import contextlib
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


def _count(windows: dict[str, tuple[int, int]], *, also_read=(), now: float) -> list[int]:
    """Count one use on each counter of ``windows`` (key: the window's (start, end)), and read
    the counters of ``also_read``; Redis does it all in one round trip. Each counter expires
    when its window ends."""
    count_until_many = getattr(cache, "count_until_many", None)
    if count_until_many is not None:
        # Redis: created with an absolute expiry (EXAT), so the expiry is the window's end
        # to the second and its milliseconds do not echo the moment of the first use either.
        return count_until_many({key: end for key, (_start, end) in windows.items()}, also_read=also_read)
    # Other caches (local memory in development): the expiry only needs to outlive the window.
    counts = []
    for key, (_start, end) in windows.items():
        timeout = max(1, math.ceil(end - now))
        cache.add(key, 0, timeout=timeout)  # atomic: only the first use in a window creates it
        try:
            counts.append(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=timeout)
            counts.append(1)
    read = cache.get_many(list(also_read)) if also_read else {}
    return counts + [int(read.get(key) or 0) for key in also_read]


def _checks(action: str, user, ip: str) -> dict[str, tuple[int, int]]:
    """The counters of ``action`` that apply to this person and address: key: (limit, window)."""
    limits = getattr(settings, "RATE_LIMITS", {}).get(action, {})
    checks = {}
    if "user" in limits and getattr(user, "pk", None) is not None:
        checks[f"rl:{action}:u:{user.pk}"] = limits["user"]
    if "ip" in limits and ip:
        checks[f"rl:{action}:ip:{ip}"] = limits["ip"]
    return checks


def _windows(checks: dict[str, tuple[int, int]], now: float) -> dict[str, tuple[int, int]]:
    """The counter of the current window of each check, named after the window's start."""
    windows = {}
    for key, (_limit, window) in checks.items():
        start, end = window_bounds(window, now)
        windows[f"{key}:{start}"] = (start, end)
    return windows


def rate_limit_uncount(action: str, *, user=None, ip: str = "", now: float) -> None:
    """Take back one use of ``action`` that ``rate_limit(..., now=now)`` counted for something
    that turned out not to be an attempt the limit is about (the signing fast path counts
    before it knows whether the person may sign at all; a refusal is not counted). Raises
    ``CacheUnavailable`` when Redis cannot be reached."""
    for key in _windows(_checks(action, user, ip), now):
        with contextlib.suppress(ValueError):  # its window is over and its counter gone
            cache.decr(key)


def rate_limit(
    action: str,
    *,
    user=None,
    ip: str = "",
    too_many=TOO_MANY,
    now: float | None = None,
    count_recent: tuple[str, int, float] | None = None,
    also_read=(),
) -> tuple[int, list[int]] | None:
    """Raise ``RateLimited`` (a ``ServiceError`` with ``too_many`` as its message) when this
    person or this address has used ``action`` too often, and ``RateLimitUnavailable`` when the
    counters cannot be reached. Call it before writing anything (or inside the transaction
    that its refusal rolls back). Every counter is counted in one round trip to Redis.

    ``count_recent=(key, window, at)`` counts one event at the Unix time ``at`` for
    ``recent_total`` in that same round trip (the caller takes it back with
    ``recent_uncount`` if what it counted does not happen after all); the same round trip then
    reads the counter's total as ``recent_total`` would, and the integer values of the keys
    ``also_read``, and returns them, so the caller needs no second trip to learn them."""
    now = time.time() if now is None else now
    checks = _checks(action, user, ip)
    windows = _windows(checks, now)
    earlier: list[str] = []
    if count_recent is not None:
        key, window, at = count_recent
        current, earlier, expires_at = _recent_slices(key, window, at)
        # A moment already past (a back-dated event) still gets a counter that lives a window.
        expires_at = max(expires_at, math.ceil(now) + window)
        windows[current] = (expires_at - window, expires_at)
    if not windows:
        return None
    try:
        counts = _count(windows, also_read=[*earlier, *also_read], now=now)
    except CacheUnavailable:
        raise RateLimitUnavailable(UNAVAILABLE) from None
    if any(count > limit for count, (limit, _window) in zip(counts, checks.values(), strict=False)):
        raise RateLimited(too_many)
    if count_recent is None:
        return None
    # After the limits' counters: the recent counter, then the earlier slices, then also_read.
    recent = counts[len(checks) : len(checks) + 1 + len(earlier)]
    return sum(recent), counts[len(checks) + 1 + len(earlier) :]


# Slices a window is cut into for ``recent_total``: the count reaches back at most one slice
# (a sixth of the window) further than the window.
RECENT_SLICES = 6


def _recent_slices(key: str, window: int, at: float) -> tuple[str, list[str], int]:
    """The counter of the slice holding ``at``, the counters of the earlier slices that overlap
    the window before ``at``, and when the first counter may go (its slice has left every window)."""
    size = max(1, window // RECENT_SLICES)
    start, end = window_bounds(size, at)
    earlier = [f"{key}:{start - size * back}" for back in range(1, RECENT_SLICES + 1)]
    return f"{key}:{start}", earlier, end + window


def recent_total(key: str, *, window: int, at: float, also_read=()) -> tuple[int, list[int]]:
    """How many events ``rate_limit(count_recent=...)`` counted under ``key`` in the ``window``
    seconds before ``at``, give or take a sixth of it: the window is cut into clock-aligned
    slices with one counter each, so the sum covers between ``window`` and ``window * 7/6``
    seconds back, never less. With it, the integer values of the keys ``also_read`` (0 when
    absent).

    One round trip to Redis; raises ``CacheUnavailable`` when it cannot be reached (the caller
    counts in the database instead)."""
    current, earlier, _expires_at = _recent_slices(key, window, at)
    values = _count({}, also_read=[current, *earlier, *also_read], now=time.time())
    return sum(values[: 1 + len(earlier)]), values[1 + len(earlier) :]


def recent_uncount(key: str, *, window: int, at: float) -> None:
    """Take back one event counted at ``at`` (a signature withdrawn or rolled back), if its
    slice is still counted. Raises ``CacheUnavailable`` when Redis cannot be reached."""
    current, _earlier, expires_at = _recent_slices(key, window, at)
    if expires_at <= time.time():
        return
    with contextlib.suppress(ValueError):  # its counter is gone already
        cache.decr(current)
