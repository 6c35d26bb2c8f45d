"""The Redis cache, for a site that must keep serving when Redis is down.

Two kinds of callers share Django's cache, and a dead Redis means something different to each:

* **Caches proper** (Wagtail's site root paths, read on every page; anything using ``get`` and
  ``set``). A miss is always a correct answer (entries may be evicted at any time), so when
  Redis cannot be reached ``get`` answers a miss and ``set``/``delete`` do nothing: pages are
  built from the database, a little slower, instead of failing.
* **Counters and locks** (our rate limits, allauth's sign-in limits and their locks, through
  ``add``/``incr``). No made-up answer is safe there: "allowed" would lift every limit while
  Redis is down, "refused" would blame the resident. These raise ``CacheUnavailable``, which
  ``participation.ratelimit`` turns into a form error and ``participation.middleware`` into a
  translated 503 page with ``Retry-After``. Nothing was written before the check, so nothing is
  half-done.

Short socket timeouts (settings ``CACHES[...]["OPTIONS"]``) keep a Redis that does not answer
from holding every request for the kernel's TCP timeout.
"""

import logging
import re

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What "Redis is unreachable" looks like from redis-py (a refused or reset connection, a
# timeout). Other errors (a wrong command, a full memory) are bugs or ops faults to see as such.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


class CacheUnavailable(Exception):
    """The shared cache cannot be reached, so a limit or a lock cannot be checked."""


class RedisCache(DjangoRedisCache):
    """Django's Redis cache; a dead Redis is a miss for caches and an error for counters."""

    def _miss(self, operation: str, error: Exception, default=None):
        logger.warning("Redis cache unreachable (%s: %s); serving without the cache.", operation, error)
        return default

    # --- caches proper: a miss, or nothing done ---------------------------------------------
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            return self._miss("get", error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            return self._miss("get_many", error, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            return self._miss("has_key", error, False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            self._miss("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            return self._miss("set_many", error, list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            return self._miss("touch", error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            return self._miss("delete", error, False)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except UNREACHABLE as error:
            return self._miss("delete_many", error)

    def clear(self):
        """Delete this cache's keys, and only these. Django's ``clear`` empties the whole Redis
        database (FLUSHDB), which here also holds Celery's queue (the broker shares
        ``REDIS_URL``) and every other process's keys under their own prefix: a ``clear`` would
        drop the e-mails waiting to be sent."""
        # Django's keys are "<prefix>:<version>:<key>"; every version goes (Wagtail uses its own).
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*"
        client = self._cache.get_client(write=True)
        try:
            batch = []
            for key in client.scan_iter(match=pattern, count=1000):
                batch.append(key)
                if len(batch) == 1000:
                    client.unlink(*batch)
                    batch.clear()
            if batch:
                client.unlink(*batch)
        except UNREACHABLE as error:
            return self._miss("clear", error, False)
        return True

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's version stores with ``add``; here the value is only cached, so a dead Redis
        # means computing it, as for any miss.
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            if value is not None:
                self.set(key, value, timeout=timeout, version=version)
        return value

    # --- counters and locks: no safe made-up answer ----------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            raise CacheUnavailable(str(error)) from error

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            raise CacheUnavailable(str(error)) from error

    def count_until(self, key, *, expires_at: int, version=None) -> int:
        """Add one to the counter ``key`` and return it; a new counter expires at the Unix time
        ``expires_at`` exactly (``EXAT``), so its expiry says nothing about when it was made."""
        return self.count_until_many({key: expires_at}, version=version)[0]

    def count_until_many(self, expiries: dict[str, int], *, also_read=(), version=None) -> list[int]:
        """``count_until`` for every counter of ``expiries`` (key: Unix expiry), and the
        current value of each counter of ``also_read`` (0 when absent), in one round trip:
        a request that checks several limits waits for Redis once, not once per limit."""
        keys = [self.make_and_validate_key(key, version=version) for key in expiries]
        read = [self.make_and_validate_key(key, version=version) for key in also_read]
        client = self._cache.get_client(write=True)
        try:
            # One EVALSHA: a MULTI/EXEC pipeline of the same commands cost the hottest request
            # (signing) twice the client's CPU (0.32 against 0.14 ms) in packing and parsing.
            counts = _count(client, [*keys, *read], [len(keys), *expiries.values()])
        except UNREACHABLE as error:
            raise CacheUnavailable(str(error)) from error
        return [int(count) for count in counts]


# KEYS: the counters to count, then the keys to read; ARGV: how many to count, then each
# counter's Unix expiry. A new counter is made at 0 with its absolute expiry (EXAT), then counted;
# a key to read answers 0 when absent. A script runs atomically, as MULTI/EXEC did.
_COUNT_UNTIL = """
local counted = tonumber(ARGV[1])
local answers = {}
for i = 1, counted do
  redis.call('SET', KEYS[i], 0, 'NX', 'EXAT', ARGV[i + 1])
  answers[i] = redis.call('INCR', KEYS[i])
end
for i = counted + 1, #KEYS do
  answers[i] = tonumber(redis.call('GET', KEYS[i])) or 0
end
return answers
"""
_count_script = None


def _count(client, keys: list[str], args: list[int]) -> list[int]:
    """Run the counting script on ``client``: EVALSHA, and the script itself once more if Redis
    restarted and forgot it (redis-py's ``Script``)."""
    global _count_script
    if _count_script is None:
        _count_script = client.register_script(_COUNT_UNTIL)
    return _count_script(keys=keys, args=args, client=client)
