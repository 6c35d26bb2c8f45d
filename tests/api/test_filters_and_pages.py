"""Filters (territory with everything inside it, status, dates) and bounded pagination."""

from datetime import timedelta

import pytest

from participation.api.pagination import PAGE_SIZE, PAGE_SIZE_MAX
from proposals.petitions.models import PetitionStatus
from tests.factories.petitions import PetitionFactory
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db


def titles(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


@pytest.fixture
def spread(tree):
    """A petition of a mahalla, of its district, and of a district of another region."""
    PetitionFactory(title="Navbahor", territory=tree.navbahor, published_at=T0 - timedelta(days=10))
    PetitionFactory(title="Yangiqoʻrgʻon", territory=tree.yangiqorgon, published_at=T0 - timedelta(days=5))
    PetitionFactory(
        title="Zomin", territory=tree.zomin, published_at=T0, status=PetitionStatus.ANSWERED, answer="Bajarildi"
    )


def test_a_territory_lists_its_own_rows_and_those_of_everything_inside_it(client, tree, spread):
    assert titles(client, f"/api/v1/petitions/?territory={tree.namangan.pk}") == {"Navbahor", "Yangiqoʻrgʻon"}
    assert titles(client, f"/api/v1/petitions/?territory={tree.yangiqorgon.pk}") == {"Navbahor", "Yangiqoʻrgʻon"}
    assert titles(client, f"/api/v1/petitions/?territory={tree.navbahor.pk}") == {"Navbahor"}
    assert titles(client, f"/api/v1/petitions/?territory={tree.jizzakh.pk}") == {"Zomin"}
    assert titles(client, f"/api/v1/petitions/?territory={tree.country.pk}") == {"Navbahor", "Yangiqoʻrgʻon", "Zomin"}
    assert titles(client, "/api/v1/petitions/?territory=987654321") == set()


def test_the_territory_filter_reaches_rows_through_their_parents(client, api_rows, tree):
    api_rows.make("action-items", 1)  # of a Yangiqoʻrgʻon meeting
    api_rows.make("decisions", 1)  # under Yangiqoʻrgʻon's khokimiyat page
    for endpoint in ("action-items", "decisions"):
        assert client.get(f"/api/v1/{endpoint}/?territory={tree.namangan.pk}").json()["count"] == 1
        assert client.get(f"/api/v1/{endpoint}/?territory={tree.zomin.pk}").json()["count"] == 0


def test_status_and_dates_narrow_the_list(client, spread):
    assert titles(client, "/api/v1/petitions/?status=answered") == {"Zomin"}
    assert titles(client, "/api/v1/petitions/?status=collecting") == {"Navbahor", "Yangiqoʻrgʻon"}
    day = lambda moment: moment.date().isoformat()  # noqa: E731
    url = f"/api/v1/petitions/?date_from={day(T0 - timedelta(days=6))}&date_to={day(T0 - timedelta(days=1))}"
    assert titles(client, url) == {"Yangiqoʻrgʻon"}
    assert titles(client, f"/api/v1/petitions/?date_from={day(T0)}") == {"Zomin"}
    assert titles(client, f"/api/v1/petitions/?date_to={day(T0 - timedelta(days=10))}") == {"Navbahor"}


def test_a_malformed_filter_is_refused_rather_than_ignored(client, spread):
    for query in ("territory=abc", "status=draft", "date_from=yesterday", "date_to=2026-13-01", "territory=-1"):
        response = client.get(f"/api/v1/petitions/?{query}")
        assert response.status_code == 400, query
        assert query.split("=")[0] in response.json()


def test_pages_are_bounded_and_linked(client, tree):
    for n in range(PAGE_SIZE + 5):
        PetitionFactory(territory=tree.yangiqorgon, published_at=T0 - timedelta(hours=n))
    first = client.get("/api/v1/petitions/").json()
    assert first["count"] == PAGE_SIZE + 5
    assert len(first["results"]) == PAGE_SIZE
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert not {row["id"] for row in first["results"]} & {row["id"] for row in second["results"]}
    assert len(client.get("/api/v1/petitions/?page_size=10").json()["results"]) == 10
    big = client.get(f"/api/v1/petitions/?page_size={PAGE_SIZE_MAX * 10}").json()
    assert len(big["results"]) == min(PAGE_SIZE + 5, PAGE_SIZE_MAX)
    assert client.get("/api/v1/petitions/?page=9").status_code == 404


@pytest.mark.parametrize("endpoint", ["petitions", "decisions", "cycles"])
def test_the_first_and_last_days_of_the_calendar_are_dates_like_any_other(client, spread, endpoint):
    """A year-9999 bound has no following day and a year-1 bound no Tashkent start in UTC:
    both once answered 500 (OverflowError)."""
    everything = client.get(f"/api/v1/{endpoint}/").json()["count"]
    for query in ("date_to=9999-12-31", "date_from=0001-01-01", "date_from=0001-01-01&date_to=9999-12-31"):
        response = client.get(f"/api/v1/{endpoint}/?{query}")
        assert response.status_code == 200, (query, response.content[:200])
        assert response.json()["count"] == everything, query
