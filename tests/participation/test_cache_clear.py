"""Clearing the cache empties this site's cache and nothing else in its Redis database."""

import pytest

from tests.fixtures.outage import redis_keys

pytestmark = pytest.mark.redis_only


def test_clearing_the_cache_keeps_the_broker_queue_and_other_prefixes(real_redis):
    client = real_redis._cache.get_client(write=True)
    queued = f"celery-queue-of-{real_redis.key_prefix}"  # the broker's list, no cache prefix
    neighbour = f"{real_redis.key_prefix}-other:1:page"  # another site's prefix that starts alike
    client.rpush(queued, "an e-mail waiting to be sent")
    client.set(neighbour, "kept")
    try:
        real_redis.set("page", "built")
        real_redis.set("wagtail_site_root_paths", ["/home/"], version=2)
        assert len(redis_keys(real_redis)) == 2

        real_redis.clear()

        assert redis_keys(real_redis) == []
        assert real_redis.get("page") is None
        assert client.lrange(queued, 0, -1) == [b"an e-mail waiting to be sent"]
        assert client.get(neighbour) == b"kept"
    finally:
        client.delete(queued, neighbour)


def test_clearing_an_unreachable_cache_is_a_warning_not_an_error(cache_down):
    assert cache_down.clear() is False
