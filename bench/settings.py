"""Settings of the servers the benches start (``bench.server``): the test settings plus one
bare view (``bench.urls``)."""

import os

from participation.config.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# bench.growth gives each server one key space that both its workers share (the test settings
# give each process its own), so a page one worker cached is served from the cache by the other.
if REDIS_URL and os.environ.get("BENCH_CACHE_KEY_PREFIX"):  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = os.environ["BENCH_CACHE_KEY_PREFIX"]  # noqa: F405

# bench.growth times the exports once more as production serves them: from the page cache.
if os.environ.get("BENCH_PAGE_CACHE_SECONDS"):
    PAGE_CACHE_SECONDS = int(os.environ["BENCH_PAGE_CACHE_SECONDS"])

# Signing is measured as production counts signatures: later, about once a second per petition.
PETITION_COUNT_ROLL_UP_SECONDS = 1
# Translated pages' keys are checked as production checks them: once a second per process.
TRANSLATION_KEYS_MAX_AGE_SECONDS = 1.0
