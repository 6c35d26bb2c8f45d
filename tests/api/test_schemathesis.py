"""schemathesis against ``/api/schema/``: generated requests to every operation, on a database
with a few rows of each kind, never get a 5xx, and every response conforms to the schema.

Bounded (a few examples per operation, no shrinking) so it runs in well under two minutes;
run it alone with ``pytest tests/api/test_schemathesis.py`` (docs/api.md).
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from participation.config.wsgi import application
from tests.api.conftest import ENDPOINTS

pytestmark = pytest.mark.django_db
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 8


@pytest.fixture
def connection_kept():
    """The test's transaction stays open across requests sent straight to the WSGI app (as
    Django's test client does): a finished request would otherwise close the connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_generated_requests_never_fail_and_every_response_conforms(api_rows, connection_kept):
    for endpoint in ENDPOINTS:
        for n in range(2):
            api_rows.make(endpoint, n)
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 2 * len(ENDPOINTS)  # a list and a detail each

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def conforms(case):
            case.call_and_validate(checks=CHECKS)

        conforms()
