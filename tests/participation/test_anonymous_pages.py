"""What an anonymous reader downloads: no cookie, a short public lifetime with a validator, and
a page a shared cache may keep; a signed-in person's pages are private.

Every public page type of the demo, read without signing in: a cookie (``csrftoken`` from a
form, ``sessionid``) would make each reader's page different, so neither a proxy nor the
site's own cache (participation.web.page_cache) could share it.
"""

import pytest
from django.test import Client

from cms.models import HomePage, KhokimiyatPage, ServicePage
from participation.demo import DEMO_PASSWORD
from proposals.budgeting.models import Cycle, Project
from proposals.petitions.models import Petition, PetitionStatus
from proposals.questions.models import Question

PAGE_TYPES = [
    "home",
    "khokimiyat",
    "service",
    "petition_list",
    "petition_collecting",
    "question",
    "cycle_voting",
    "results",
    "project",
    "search",
]


def demo_path(kind: str) -> str:
    """The demo's page of this type, in Uzbek."""
    home = HomePage.objects.get()

    def path(page) -> str:
        return "/uz" + page.url_path[len(home.url_path) - 1 :]

    district = KhokimiyatPage.objects.get(slug="yangiqorgon-tumani")
    counted = Cycle.objects.exclude(results_published_at=None).get()
    if kind == "home":
        return "/uz/"
    if kind == "khokimiyat":
        return path(district)
    if kind == "service":
        return path(ServicePage.objects.live().descendant_of(district).order_by("path").first())
    if kind == "petition_list":
        return "/uz/petitions/"
    if kind == "petition_collecting":
        return f"/uz/petitions/{Petition.objects.filter(status=PetitionStatus.COLLECTING).first().pk}/"
    if kind == "question":
        question = Question.objects.filter(territory=district.territory).exclude(answer="").order_by("pk").first()
        return f"{path(district)}questions/{question.pk}/"
    if kind == "cycle_voting":
        return f"/uz/budget/{Cycle.objects.get(title__contains='2026').pk}/"
    if kind == "results":
        return f"/uz/budget/{counted.pk}/results/"
    if kind == "project":
        winner = Project.objects.filter(pk__in=counted.result.selected).order_by("pk").first()
        return f"/uz/budget/projects/{winner.pk}/"
    assert kind == "search"
    return "/uz/search/?q=suv"


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_an_anonymous_reader_gets_no_cookie_and_a_page_anyone_may_keep_briefly(seeded, kind, settings):
    response = Client().get(demo_path(kind))
    assert response.status_code == 200
    assert not response.cookies, f"{kind} set {sorted(response.cookies)}"
    assert response["Cache-Control"] == f"public, max-age={settings.PUBLIC_PAGE_MAX_AGE}"
    assert "Cookie" in response["Vary"]  # a browser that signs in does not reuse it
    assert response["ETag"].startswith('W/"')


def test_the_sign_button_of_a_collecting_petition_is_a_link_to_sign_in_and_back(seeded):
    path = demo_path("petition_collecting")
    page = Client().get(path).content.decode()
    assert 'name="csrfmiddlewaretoken"' not in page
    assert f'<a class="button petition-sign" href="/uz/accounts/login/?next={path}">' in page


def test_a_matching_validator_gets_304_without_the_page(seeded):
    client = Client()
    first = client.get("/uz/petitions/")
    again = client.get("/uz/petitions/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_a_signed_in_person_gets_private_pages(seeded):
    client = Client()
    assert client.login(email="dilnoza@demo.test", password=DEMO_PASSWORD)
    for kind in ("home", "petition_collecting", "project"):
        response = client.get(demo_path(kind))
        assert response.status_code == 200
        assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}, kind


def test_the_sign_in_form_keeps_its_csrf_token_and_is_never_public(seeded):
    response = Client().get("/uz/accounts/login/")
    assert "csrftoken" in response.cookies
    assert "public" not in response.get("Cache-Control", "")
