import pytest
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
