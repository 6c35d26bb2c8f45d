"""pytest: SQLite by default, PostgreSQL and Redis when ``DATABASE_URL`` / ``REDIS_URL`` are
set (as ``.ci/run`` does). Unit tests run Celery tasks inline even with Redis present; the
broker round-trip has its own test that turns eager mode off."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if REDIS_URL:  # noqa: F405
    import os

    # Each test run gets its own key space, so parallel runs on one Redis do not collide.
    CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"  # noqa: F405
ALLOW_DEMO_DATA = True

# Wagtail's own background work (search index, reference index) runs at once in tests: the
# Celery route enqueues on commit, which a test's rolled-back transaction never reaches.
# test_settings.py checks the real routing (Redis → CeleryTaskBackend) in a subprocess.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Tests sign hundreds of times from 127.0.0.1; rate-limit tests set their own limits.
RATE_LIMITS = {action: {"user": (10_000, 3600), "ip": (100_000, 3600)} for action in RATE_LIMITS}  # noqa: F405

# Pages are rendered for every request: a test that changes rows directly (factories, no
# commit) would otherwise read the copy kept before. tests/participation/test_page_cache.py
# turns the cache on.
PAGE_CACHE_SECONDS = 0
ONEID_PINFL_PEPPER = "test-only-pinfl-pepper"

# Every signature counted by its own request, as a petition signed now and then is: the tests
# read counts right after signing. Tests of counting later set it back.
PETITION_COUNT_ROLL_UP_SECONDS = 0
# Translated pages' keys checked on every request, so that a test's query count never depends on
# whether a second has passed. Tests of the wait set it back.
TRANSLATION_KEYS_MAX_AGE_SECONDS = 0
