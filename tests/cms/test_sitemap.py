"""The sitemap as a crawler meets it: an index of bounded pages, the same addresses and language
alternates as the single sitemap it replaced, a fixed number of queries per page whatever the
number of rows, and a cache that a publication or a withdrawal renews."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page

from cms import sitemaps
from cms.models import KhokimiyatPage
from cms.questions import question_path_on
from participation.languages import bcp47
from proposals.budgeting.models import PUBLIC_PROJECT_STATUSES, Cycle, Project, ProjectStatus
from proposals.budgeting.services.results import cycle_publish_results
from proposals.budgeting.services.voting import ballot_cast
from proposals.petitions.models import Petition, PetitionStatus
from proposals.petitions.services import lifecycle as petitions
from proposals.petitions.transitions import PUBLIC_STATUSES
from proposals.questions.models import Question, QuestionStatus
from tests.factories import UserFactory
from tests.fixtures.pages import news, sitemap_crawl

URL = re.compile(r"<url>(.*?)</url>", re.S)


def entries(xml: str) -> set[tuple]:
    """Each ``<url>`` as (loc, lastmod, its alternates): order on the page does not matter."""
    found = set()
    for body in URL.findall(xml):
        loc = re.search(r"<loc>([^<]*)</loc>", body).group(1)
        lastmod = re.search(r"<lastmod>([^<]*)</lastmod>", body)
        alternates = frozenset(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', body))
        found.add((loc, lastmod.group(1) if lastmod else None, alternates))
    return found


# --- The sitemap it replaced: Django's framework over model instances, kept as the reference ---


class _OldLocalised(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _label in settings.LANGUAGES]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            for alternate in url["alternates"]:
                if alternate["lang_code"] != "x-default":
                    alternate["lang_code"] = bcp47(alternate["lang_code"])
        return urls


class _OldPages(_OldLocalised):
    def items(self):
        default = Locale.get_default()
        return Page.objects.live().public().filter(depth__gt=1, locale=default).order_by("path").specific()

    def location(self, page):
        return page.get_url()

    def lastmod(self, page):
        return page.last_published_at


class _OldQuestions(_OldLocalised):
    def items(self):
        questions = list(Question.objects.filter(status=QuestionStatus.PUBLISHED).order_by("pk"))
        pages = KhokimiyatPage.objects.filter(
            territory_id__in={q.territory_id for q in questions}, locale=Locale.get_default()
        )
        by_territory = {page.territory_id: page for page in pages}
        for question in questions:
            question.khokimiyat_page = by_territory.get(question.territory_id)
        return [question for question in questions if question.khokimiyat_page]

    def location(self, question):
        return question_path_on(question.khokimiyat_page, question)

    def lastmod(self, question):
        return question.answered_at or question.published_at


class _OldPetitions(_OldLocalised):
    def items(self):
        return Petition.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk")

    def location(self, petition):
        return reverse("petitions:detail", args=[petition.pk])

    def lastmod(self, petition):
        return petition.answered_at or petition.threshold_reached_at or petition.published_at


class _OldCycles(_OldLocalised):
    def items(self):
        return Cycle.objects.order_by("pk")

    def location(self, cycle):
        return reverse("budgeting:cycle", args=[cycle.pk])


class _OldProjects(_OldLocalised):
    def items(self):
        return Project.objects.filter(status__in=PUBLIC_PROJECT_STATUSES).order_by("pk")

    def location(self, project):
        return reverse("budgeting:project", args=[project.pk])


class _OldResults(_OldLocalised):
    def items(self):
        return Cycle.objects.filter(results_published_at__isnull=False, result__isnull=False).order_by("pk")

    def location(self, cycle):
        return reverse("budgeting:results", args=[cycle.pk])

    def lastmod(self, cycle):
        return cycle.results_published_at


OLD_SITEMAPS = {
    "pages": _OldPages,
    "questions": _OldQuestions,
    "petitions": _OldPetitions,
    "budget-cycles": _OldCycles,
    "budget-projects": _OldProjects,
    "budget-results": _OldResults,
}


def old_sitemap(rf) -> str:
    response = django_sitemap(rf.get("/sitemap.xml"), sitemaps=OLD_SITEMAPS)
    return response.render().content.decode()


# --- A small site with something in every section ----------------------------------------------


@pytest.fixture
def small_site(pages, make_petition, make_cycle, make_project, resident, make_staff, tree):
    from participation.models import StaffRoleKind

    author = UserFactory()
    now = timezone.now()
    for number, status in enumerate([QuestionStatus.PUBLISHED, QuestionStatus.PUBLISHED, QuestionStatus.PENDING]):
        Question.objects.create(
            territory=tree.yangiqorgon,
            author=author,
            title=f"Savol {number}",
            text="Matn",
            topic="roads",
            status=status,
            published_at=now - timedelta(days=number),
            due_at=now + timedelta(days=15),
        )
    make_petition(PetitionStatus.COLLECTING, title="Yoʻl taʼmiri")
    make_petition(PetitionStatus.DRAFT, title="Qoralama")
    open_cycle = make_cycle("review")
    make_project(open_cycle, title="Suv tarmogʻi", status=ProjectStatus.REVIEW)
    make_project(open_cycle, title="Moderatsiyada", status=ProjectStatus.MODERATION)
    counted = make_cycle("results", at=now, title="Yangiqoʻrgʻon 2025")
    project = make_project(counted, title="Suv minorasi")
    ballot_cast(
        counted, resident(), {project.pk: 1}, now=counted.phases.get(kind="voting").starts_at + timedelta(hours=1)
    )
    cycle_publish_results(counted, staff=make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon))


def test_the_index_lists_the_same_addresses_and_alternates_as_the_single_sitemap_did(client, rf, small_site):
    old = entries(old_sitemap(rf))
    new = entries(sitemap_crawl(client))
    assert new == old
    # Something of every section is there, so the comparison covers each.
    for part in ("/namangan/yangiqorgon/yangiliklar/yol/", "/questions/", "/petitions/", "/budget/projects/"):
        assert any(part in loc for loc, _lastmod, _alternates in new), part
    assert any(loc.endswith("/results/") for loc, _lastmod, _alternates in new)


def test_the_index_names_one_page_per_section_and_range(client, small_site):
    index = client.get("/sitemap.xml").content.decode()
    pages = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", index)]
    assert pages == sorted(set(pages), key=pages.index)  # each once
    sections = {re.fullmatch(r"/sitemap-([a-z-]+)-\d+\.xml", path).group(1) for path in pages}
    assert sections == {"pages", "questions", "petitions", "budget-cycles", "budget-projects", "budget-results"}
    assert client.get("/sitemap-petitions-999.xml").status_code == 404  # a range with nothing
    assert client.get("/sitemap-nothing-0.xml").status_code == 404


def test_no_page_exceeds_the_limit(client, monkeypatch, publish):
    monkeypatch.setattr(sitemaps, "ENTRIES_PER_PAGE", 10)  # two petitions (five languages each)
    published = [publish(f"Petitsiya {number}") for number in range(7)]
    index = client.get("/sitemap.xml").content.decode()
    petition_pages = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", index) if "petitions" in loc]
    assert len(petition_pages) >= 4
    listed = set()
    for path in petition_pages:
        body = client.get(path).content.decode()
        assert 0 < body.count("<url>") <= 10
        listed |= set(re.findall(r"<loc>http://testserver/uz/petitions/(\d+)/</loc>", body))
    assert listed == {str(petition.pk) for petition in published}


def page_queries(client, path: str) -> int:
    from participation.web.sitemap import sitemap_generation_renew

    sitemap_generation_renew()  # built, not served from the cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_a_page_costs_the_same_queries_at_3_rows_as_at_30(client, monkeypatch, pages, publish, tree):
    monkeypatch.setattr(sitemaps, "ENTRIES_PER_PAGE", 10**9)  # every row on page 0
    author = UserFactory()

    def grow(start: int, stop: int) -> None:
        for number in range(start, stop):
            publish(f"Petitsiya {number}")
            news(pages.yangiqorgon_news_index, f"Yangilik {number}", f"yangilik-{number}")
            Question.objects.create(
                territory=tree.yangiqorgon,
                author=author,
                title=f"Savol {number}",
                text="Matn",
                topic="roads",
                status=QuestionStatus.PUBLISHED,
                published_at=timezone.now(),
                due_at=timezone.now() + timedelta(days=15),
            )

    def costs() -> dict[str, int]:
        return {
            section: page_queries(client, f"/sitemap-{section}-0.xml")
            for section in ("pages", "questions", "petitions")
        }

    client.get("/sitemap-pages-0.xml")  # Wagtail's site root paths, cached once per site
    grow(0, 3)
    few = costs()
    grow(3, 30)
    assert costs() == few
    body = sitemap_crawl(client)
    assert body.count("<loc>http://testserver/uz/petitions/") == 30
    assert body.count("<loc>http://testserver/uz/namangan/yangiqorgon/questions/") == 30
    assert body.count("<loc>http://testserver/uz/namangan/yangiqorgon/yangiliklar/yangilik-") == 30


def test_a_cached_page_is_served_without_the_database(client, publish):
    publish()
    client.get("/sitemap.xml")
    client.get("/sitemap-petitions-0.xml")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/sitemap.xml").status_code == 200
    assert len(captured) == 0


def test_publishing_and_withdrawing_a_petition_renew_the_cached_sitemap(
    client, make_petition, moderator, django_capture_on_commit_callbacks
):
    first = make_petition(PetitionStatus.COLLECTING, title="Birinchi")
    assert f"/uz/petitions/{first.pk}/" in sitemap_crawl(client)  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        second = make_petition(PetitionStatus.COLLECTING, title="Ikkinchi", moderator=moderator)
    assert f"/uz/petitions/{second.pk}/" in sitemap_crawl(client)
    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_withdraw(petition=second, author=second.author)
    body = sitemap_crawl(client)
    assert f"/uz/petitions/{second.pk}/" not in body and f"/uz/petitions/{first.pk}/" in body


def test_a_change_rolled_back_keeps_the_cache(client, publish):
    from participation.web.sitemap import sitemap_changed, sitemap_generation

    publish()
    before = sitemap_generation()
    sitemap_changed()  # inside the test's transaction, which never commits
    assert sitemap_generation() == before


def test_unpublishing_a_page_takes_it_out_of_the_sitemap(client, pages, django_capture_on_commit_callbacks):
    news = pages.yangiqorgon_news
    assert "/uz/namangan/yangiqorgon/yangiliklar/yol/" in sitemap_crawl(client)
    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
    body = sitemap_crawl(client)
    assert "/namangan/yangiqorgon/yangiliklar/yol/" not in body and "/jizzax/zomin/yangiliklar/yol/" in body


def test_robots_txt_names_the_index(client, pages):
    robots = client.get("/robots.txt").content.decode()
    location = re.search(r"^Sitemap: (\S+)$", robots, re.M).group(1)
    assert "<sitemapindex" in client.get(urlsplit(location).path).content.decode()
