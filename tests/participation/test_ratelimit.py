"""Rate-limit windows are aligned to the clock: a counter names its window and expires at the
window's end, so what Redis holds about a vote says the hour at most (participation.ratelimit)."""

import pytest
from django.test import override_settings
from django.utils import timezone

from participation import ratelimit
from proposals.budgeting.services import voting
from tests.fixtures.outage import redis_keys

HOUR = 3600
# 2026-11-02 10:00:00 UTC and moments inside and after that hour.
H = 1793613600
assert H % HOUR == 0


@pytest.fixture
def own_counters(request):
    """A cache of this test's own (``FLUSHDB`` on a shared Redis would empty other runs' keys)."""
    location = f"ratelimit-{request.node.name}"
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": location}}
    ):
        yield


def test_a_window_is_the_clock_aligned_period_holding_the_moment():
    assert ratelimit.window_bounds(HOUR, H) == (H, H + HOUR)
    assert ratelimit.window_bounds(HOUR, H + 1234.567) == (H, H + HOUR)
    assert ratelimit.window_bounds(HOUR, H + HOUR - 0.001) == (H, H + HOUR)
    assert ratelimit.window_bounds(HOUR, H + HOUR) == (H + HOUR, H + 2 * HOUR)
    assert ratelimit.window_bounds(86400, H + 5) == (H - 36000, H - 36000 + 86400)  # UTC midnight


@override_settings(RATE_LIMITS={"flag": {"user": (2, HOUR)}})
def test_the_limit_holds_within_a_window_and_the_next_window_starts_afresh(people, own_counters):
    person = people.resident
    ratelimit.rate_limit("flag", user=person, now=H + 10)
    ratelimit.rate_limit("flag", user=person, now=H + 3000)
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.rate_limit("flag", user=person, now=H + 3599)
    assert str(refused.value.message) == str(ratelimit.TOO_MANY)
    ratelimit.rate_limit("flag", user=person, now=H + HOUR)  # a new window


@override_settings(RATE_LIMITS={"question_ask": {"user": (1, HOUR)}})
def test_a_feature_may_say_too_many_in_its_own_words(people, own_counters):
    ratelimit.rate_limit("question_ask", user=people.resident, now=H)
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.rate_limit("question_ask", user=people.resident, now=H + 1, too_many="Wait a few hours.")
    assert refused.value.message == "Wait a few hours."


@pytest.mark.redis_only
@override_settings(RATE_LIMITS={"pb_vote": {"user": (20, HOUR), "ip": (300, HOUR)}})
def test_after_a_vote_redis_holds_no_time_finer_than_the_hour(real_redis, make_cycle, make_project, resident):
    cycle = make_cycle("voting", at=timezone.now())
    project = make_project(cycle, cost=100_000_000)
    voter = resident()
    voting.ballot_cast(cycle, voter, {project.pk: 1}, ip="198.51.100.23")

    client = real_redis._cache.get_client(write=True)
    keys = redis_keys(real_redis)
    vote_keys = [key for key in keys if ":rl:pb_vote:" in key]
    assert {key.split(":rl:pb_vote:")[1].rsplit(":", 1)[0] for key in vote_keys} == {
        f"u:{voter.pk}",
        "ip:198.51.100.23",
    }
    for key in keys:
        # Every counter expires on the hour, to the millisecond, and names its hour: nothing
        # says when within the hour it was made. (Values are counts, not times.)
        expires_ms = client.pexpiretime(key)
        assert expires_ms > 0 and expires_ms % (HOUR * 1000) == 0, (key, expires_ms)
        assert int(key.rsplit(":", 1)[1]) == expires_ms // 1000 - HOUR, key
        assert client.get(key) == b"1", key
