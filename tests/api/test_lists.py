"""Every list of the API: it answers, each row has a stable id and a detail at
``/api/v1/<list>/{id}/``, nothing can be written, and a page costs the same queries at 3 rows
as at 30."""

import pytest

from tests.api.conftest import ENDPOINTS, api_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_list_costs_the_same_queries_at_3_rows_as_at_30(client, api_rows, endpoint):
    url = f"/api/v1/{endpoint}/?page_size=100"
    for n in range(3):
        api_rows.make(endpoint, n)
    few = api_queries(client, url)
    listed = client.get(url).json()["count"]
    for n in range(3, 30):
        api_rows.make(endpoint, n)
    assert api_queries(client, url) == few
    assert client.get(url).json()["count"] == listed + 27


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_row_has_a_detail_at_its_id(client, api_rows, endpoint):
    row = api_rows.make(endpoint, 1)
    listed = client.get(f"/api/v1/{endpoint}/?page_size=100").json()["results"]
    assert row.pk in {item["id"] for item in listed}
    detail = client.get(f"/api/v1/{endpoint}/{row.pk}/")
    assert detail.status_code == 200
    assert detail.json()["id"] == row.pk


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_nothing_can_be_written(client, api_rows, endpoint):
    row = api_rows.make(endpoint, 1)
    for url in (f"/api/v1/{endpoint}/", f"/api/v1/{endpoint}/{row.pk}/"):
        assert client.post(url, {"title": "x"}).status_code == 405
        assert client.put(url, {}, content_type="application/json").status_code == 405
        assert client.patch(url, {}, content_type="application/json").status_code == 405
        assert client.delete(url).status_code == 405
    assert client.get(f"/api/v1/{endpoint}/{row.pk}/").status_code == 200


def test_an_id_that_is_not_a_number_is_not_found(client, api_rows):
    api_rows.make("petitions", 1)
    assert client.get("/api/v1/petitions/abc/").status_code == 404
    assert client.get("/api/v1/petitions/99999999/").status_code == 404


def test_every_registered_list_is_covered_by_these_tests():
    from participation.api.registry import endpoints

    assert {endpoint.prefix for endpoint in endpoints()} == set(ENDPOINTS)


def test_money_is_whole_soum(client, api_rows):
    cycle = api_rows.make("cycles", 1)
    project = api_rows.make("projects", 1)
    listed = client.get(f"/api/v1/cycles/{cycle.pk}/").json()
    assert listed["budget"] == 1_000_000_000 and isinstance(listed["budget"], int)
    assert client.get(f"/api/v1/projects/{project.pk}/").json()["estimated_cost"] == 100_000_000


def test_territories_name_their_parent(client, tree):
    rows = {
        row["id"]: row for row in client.get(f"/api/v1/territories/?territory={tree.namangan.pk}").json()["results"]
    }
    assert rows[tree.navbahor.pk]["parent"] == tree.yangiqorgon.pk
    assert rows[tree.yangiqorgon.pk]["parent"] == tree.namangan.pk
    assert rows[tree.namangan.pk]["parent"] == tree.country.pk
    assert tree.zomin.pk not in rows
    mahallas = client.get(f"/api/v1/territories/?territory={tree.yangiqorgon.pk}&kind=mahalla").json()["results"]
    assert {row["name_uz"] for row in mahallas} == {"Navbahor", "Istiqlol"}
