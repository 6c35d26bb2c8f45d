import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import translation

# The shared fixtures (clock, territory tree, people in every role, each feature's items), and
# the rule for race tests (tests/fixtures/concurrency.py: skipped on SQLite, required on CI).
pytest_plugins = ["tests.fixtures"]


@pytest.fixture(autouse=True)
def english_unless_asked():
    """Requests activate the language of their URL and leave it active in the thread; start
    every test from English so one test's language never leaks into the next."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def nothing_cached_from_another_test():
    """The sitemap's pages are cached under a generation, and Wagtail locales and the keys of
    translated pages are kept per process: a test's rows are rolled back without the signals
    that renew them, so each test starts with none of them."""
    from cms.selectors.languages import forget_translation_keys
    from participation.languages import forget_locales
    from participation.web.sitemap import sitemap_generation_renew

    forget_locales()
    forget_translation_keys()
    sitemap_generation_renew()


@pytest.fixture(autouse=True)
def browser_tests_start_with_no_sign_ins_counted(request):
    """The browser tests run one after another in one process, every one signing people in
    from 127.0.0.1: allauth counts sign-ins per address (30 a minute) in the cache, so the later
    walks were refused (429) once there were enough of them. Each browser test starts with
    nothing counted; ``participation.cache.RedisCache.clear`` deletes this run's keys only."""
    if request.node.get_closest_marker("browser") is not None:
        caches["default"].clear()
    yield


@pytest.fixture(autouse=True)
def empty_local_cache():
    """Each test starts with an empty local-memory cache (the SQLite runs): SQLite gives a
    rolled-back row's id to the next test's row, so counters named by ids (a petition's burst
    count) would carry over. Redis runs need nothing: a key prefix per run, ids never reused."""
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    yield
