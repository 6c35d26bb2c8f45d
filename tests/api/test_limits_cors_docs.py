"""The API's limit per address (429 with Retry-After; 503, not 500, when Redis is down), CORS
for other sites' scripts, the schema, the local docs page and Wagtail's pages API."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.factories.petitions import PetitionFactory
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db


def limited(count: int):
    return override_settings(RATE_LIMITS={"api_read": {"ip": (count, 3600)}})


def test_an_address_over_its_limit_is_asked_to_wait(client):
    with limited(3):
        for _ in range(3):
            assert client.get("/api/v1/territories/").status_code == 200
        refused = client.get("/api/v1/petitions/")
        assert refused.status_code == 429
        assert 0 < int(refused["Retry-After"]) <= 3600
        assert client.get("/api/v1/territories/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_redis_down_is_a_503_with_retry_after_not_a_500(client, cache_down):
    response = client.get("/api/v1/petitions/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"]


def test_another_site_may_read_the_api_from_a_browser(client, tree):
    PetitionFactory(territory=tree.yangiqorgon, published_at=T0)
    response = client.get("/api/v1/petitions/", HTTP_ORIGIN="https://journalist.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/petitions/", HTTP_ORIGIN="https://journalist.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # The site's own pages keep the browser's same-origin rule.
    page = client.get("/en/petitions/", HTTP_ORIGIN="https://journalist.example")
    assert "Access-Control-Allow-Origin" not in page


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/petitions/{id}/" in (tmp_path / "schema.yaml").read_text()


def test_the_schema_is_served(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/territories/" in response.json()["paths"]


def test_the_docs_page_loads_nothing_from_another_site(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(not re.match(r"^(https?:)?//", source) for source in sources), sources
    # Our policy allows only this site's scripts and styles, and the page needs no inline script.
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)
    assert "<style" not in html and " style=" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_wagtail_pages_api_lists_live_pages_only(client, api_rows):
    decision = api_rows.make("decisions", 1)
    listed = {row["id"] for row in client.get("/api/v2/pages/?limit=20").json()["items"]}
    assert decision.pk in listed
    decision.unpublish()
    listed = {row["id"] for row in client.get("/api/v2/pages/?limit=20").json()["items"]}
    assert decision.pk not in listed
