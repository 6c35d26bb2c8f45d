"""Every open-data address costs the same number of queries at 3 rows of each kind as at 30:
a table is read in one query (chunked through a server-side cursor), the catalogue and the
package in one aggregate per table."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


def every_address(client) -> list[str]:
    package = json.loads(client.get("/open-data/datapackage.json").content)
    tables = [resource["name"] for resource in package["resources"] if resource["type"] == "table"]
    return [
        "/open-data/datapackage.json",
        "/en/open-data/",
        *(f"/open-data/{name}.csv" for name in tables),
        *(f"/open-data/{name}.json" for name in tables),
    ]


def test_a_table_costs_the_same_queries_at_3_rows_as_at_30(client, seed, settings):
    settings.PAGE_CACHE_SECONDS = 0  # count the rendering, not the kept copy
    seed(3)
    addresses = every_address(client)
    at_3 = {path: queries(client, path) for path in addresses}

    seed(27)
    at_30 = {path: queries(client, path) for path in addresses}

    assert at_30 == at_3
    assert all(
        count <= 3 for path, count in at_3.items() if path.endswith((".csv", ".json")) and "datapackage" not in path
    )
