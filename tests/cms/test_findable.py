"""Petitions, budget cycles, projects and results are found by site search and listed in the
sitemap, only once public; the sitemap names languages as the pages do."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.languages import BCP47
from participation.models import StaffRoleKind
from proposals.budgeting.models import ProjectStatus
from proposals.budgeting.services.results import cycle_publish_results
from proposals.budgeting.services.voting import ballot_cast
from proposals.petitions.models import PetitionStatus
from tests.fixtures.pages import sitemap_crawl

WATER = "Istiqlol mahallasiga ichimlik suvi"
WATER_TEXT = "Istiqlol mahallasida uch yildan beri ichimlik suvi yoʻq, odamlar suvni uzoqdan tashiydi."


@pytest.fixture
def records(make_petition, make_cycle, make_project, tree):
    """A published petition and a public project about water, and the same words in a draft and
    a rejected petition, and in projects still in moderation or rejected."""
    cycle = make_cycle("review", title="Yangiqoʻrgʻon 2027: ochiq budjet")
    return {
        "petition": make_petition(PetitionStatus.COLLECTING, title=WATER, text=WATER_TEXT),
        "draft": make_petition(PetitionStatus.DRAFT, title=WATER + " (qoralama)", text=WATER_TEXT),
        "rejected": make_petition(PetitionStatus.REJECTED, title=WATER + " (rad etilgan)", text=WATER_TEXT),
        "cycle": cycle,
        "project": make_project(cycle, title="Istiqlol: ichimlik suvi tarmogʻi", status=ProjectStatus.REVIEW),
        "hidden_projects": [
            make_project(cycle, title=f"Istiqlol: suv quvuri ({status})", status=status)
            for status in (ProjectStatus.MODERATION, ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN)
        ],
    }


def results_page(client, query, lang="uz") -> str:
    response = client.get(f"/{lang}/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", ["suv", "SUV", "сув", "ichimlik suvi"])
def test_search_finds_the_published_petition_and_the_public_project(client, records, query):
    page = results_page(client, query)
    assert f'href="/uz/petitions/{records["petition"].pk}/"' in page
    assert f'href="/uz/budget/projects/{records["project"].pk}/"' in page
    for hidden in (records["draft"], records["rejected"]):
        assert f"/petitions/{hidden.pk}/" not in page
    for hidden in records["hidden_projects"]:
        assert f"/budget/projects/{hidden.pk}/" not in page


def test_search_finds_budget_cycles_and_links_results_once_published(client, records):
    cycle = records["cycle"]
    page = results_page(client, "budjet", lang="ru")
    assert f'href="/ru/budget/{cycle.pk}/"' in page
    assert f"/budget/{cycle.pk}/results/" not in page


@pytest.fixture
def published_results(make_cycle, make_project, resident, make_staff, tree):
    cycle = make_cycle("results", at=timezone.now(), title="Yangiqoʻrgʻon 2025: ochiq budjet")
    project = make_project(cycle, title="Navbahor: suv minorasi")
    ballot_cast(cycle, resident(), {project.pk: 1}, now=cycle.phases.get(kind="voting").starts_at + timedelta(hours=1))
    cycle_publish_results(cycle, staff=make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon))
    return cycle


def test_search_links_published_results(client, published_results):
    page = results_page(client, "2025 budjet")
    assert f'href="/uz/budget/{published_results.pk}/results/"' in page


def test_search_query_count_does_not_grow_with_matches(client, records, make_petition, make_project):
    client.get("/uz/search/", {"q": "suv"})  # warm Wagtail's site and locale caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            results_page(client, "suv")
        return len(captured)

    few = queries()
    for number in range(6):
        make_petition(PetitionStatus.COLLECTING, title=f"{WATER} {number}", text=WATER_TEXT)
        make_project(records["cycle"], title=f"Suv quvuri {number}", status=ProjectStatus.REVIEW)
    assert queries() == few


def sitemap(client) -> str:
    return sitemap_crawl(client)


def test_sitemap_lists_published_petitions_cycles_and_public_projects_only(client, records):
    body = sitemap(client)
    for code in ("uz", "uz-cyrl", "ru"):
        assert f"<loc>http://testserver/{code}/petitions/{records['petition'].pk}/</loc>" in body
        assert f"<loc>http://testserver/{code}/budget/{records['cycle'].pk}/</loc>" in body
        assert f"<loc>http://testserver/{code}/budget/projects/{records['project'].pk}/</loc>" in body
    for hidden in (records["draft"], records["rejected"]):
        assert f"/petitions/{hidden.pk}/" not in body
    for hidden in records["hidden_projects"]:
        assert f"/budget/projects/{hidden.pk}/" not in body
    assert f"/budget/{records['cycle'].pk}/results/" not in body  # not counted yet


def test_sitemap_lists_results_once_published(client, published_results):
    assert f"<loc>http://testserver/uz/budget/{published_results.pk}/results/</loc>" in sitemap(client)


def test_sitemap_and_pages_name_languages_alike(client, records, home_page):
    page_codes = set(re.findall(r'<link rel="alternate" hreflang="([^"]+)"', client.get("/uz/").content.decode()))
    sitemap_codes = set(re.findall(r'hreflang="([^"]+)"', sitemap(client)))
    assert page_codes == sitemap_codes == {*BCP47.values(), "x-default"}
    assert "uz-Latn" in sitemap_codes and 'hreflang="uz"' not in sitemap(client)
