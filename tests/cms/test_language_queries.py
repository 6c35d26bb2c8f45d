"""Languages without a tax: a reader of Russian or Uzbek Cyrillic costs the database what an
Uzbek reader does, and the locale rows are read once per process, not on every request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from cms.models import KhokimiyatPage
from participation.languages import locale_for
from participation.web import generations
from proposals.petitions.models import PetitionStatus
from tests.factories import pages as b

LANGUAGES = ("uz", "uz-cyrl", "ru")


@pytest.fixture
def site(tree, home_page, make_petition):
    region = b.khokimiyat(home_page, tree.namangan, "namangan", "Namangan viloyati hokimligi")
    district = b.khokimiyat(region, tree.yangiqorgon, "yangiqorgon", "Yangiqoʻrgʻon tumani hokimligi")
    news_index, _decisions, services, _centres = b.sections(district)
    b.news(news_index, "Yoʻl taʼmirlandi")
    service = b.service(services, "Tugʻilishni qayd etish")
    petition = make_petition(PetitionStatus.COLLECTING)
    return {
        "home": "/{}/",
        "khokimiyat": "/{}/namangan/yangiqorgon/",
        "service": "/{}/" + service.url.split("/", 2)[2],
        "petitions": "/{}/petitions/",
        "petition": f"/{{}}/petitions/{petition.pk}/",
    }


def queries(client, path: str) -> list[str]:
    client.get(path)  # Wagtail's site root paths and the locales, once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured]


@pytest.mark.parametrize("page", ["home", "khokimiyat", "service", "petitions", "petition"])
def test_russian_and_cyrillic_pages_run_the_queries_of_the_uzbek_page(client, site, page):
    counts = {code: len(queries(client, site[page].format(code))) for code in LANGUAGES}
    assert counts["uz-cyrl"] == counts["uz"] and counts["ru"] == counts["uz"], counts


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_page_request_reads_the_locale_table(client, site, code):
    for path in site.values():
        read = [sql for sql in queries(client, path.format(code)) if 'FROM "wagtailcore_locale"' in sql]
        assert read == [], path


def test_a_translation_made_later_is_served(client, site, home_page, django_capture_on_commit_callbacks):
    # The keys of translated pages are kept per process: a new translation must be found.
    client.get("/ru/namangan/yangiqorgon/")
    district = KhokimiyatPage.objects.get(slug="yangiqorgon", locale=Locale.get_default())
    with django_capture_on_commit_callbacks(execute=True):
        russian_home = home_page.copy_for_translation(locale_for("ru"))
        russian_home.save_revision().publish()
        region = district.get_parent().specific.copy_for_translation(locale_for("ru"))
        region.save_revision().publish()
        russian = district.copy_for_translation(locale_for("ru"))
        russian.title = "Хоким Янгикурганского района"
        russian.save_revision().publish()
    assert "Хоким Янгикурганского района" in client.get("/ru/namangan/yangiqorgon/").content.decode()


def test_a_locale_added_is_read_again(db):
    Locale.objects.get_or_create(language_code="uz")
    assert locale_for("uz").language_code == "uz"
    Locale.objects.filter(language_code="ru").delete()
    with pytest.raises(Locale.DoesNotExist):
        locale_for("ru")
    created = Locale.objects.create(language_code="ru")
    assert locale_for("ru").pk == created.pk


def test_a_translation_made_by_another_process_is_found_within_a_second(site, monkeypatch, settings):
    """Another process's new translation reaches this one through the ``pages`` generation,
    which this process reads from the shared cache at most once a second (not on every page)."""
    from cms.selectors import languages

    settings.TRANSLATION_KEYS_MAX_AGE_SECONDS = 1.0  # as production (the tests check every time)
    clock = [1000.0]
    monkeypatch.setattr(languages.time, "monotonic", lambda: clock[0])
    russian = locale_for("ru")
    district = KhokimiyatPage.objects.get(slug="yangiqorgon", locale=Locale.get_default())
    before = languages.translation_keys(russian.pk)
    assert str(district.translation_key) not in before
    # As another process does: the row, then the generation renewed after its commit. This
    # process's signal would forget its keys at once; the other process's does not reach it.
    monkeypatch.setattr("cms.signals.forget_translation_keys", lambda: None)
    for page in (district.get_parent().get_parent(), district.get_parent(), district):
        if not page.has_translation(russian):
            page.specific.copy_for_translation(russian)
    generations.renew(languages.PAGES_GENERATION)
    clock[0] += 0.5
    assert languages.translation_keys(russian.pk) == before
    clock[0] += 0.6
    assert str(district.translation_key) in languages.translation_keys(russian.pk)
