# The petition fixtures live in tests/petition_fixtures.py (a plugin of tests/conftest.py), so
# the moderation-core tests can use them too; the names are re-exported for imports.
from tests.petition_fixtures import T0, TASHKENT  # noqa: F401
