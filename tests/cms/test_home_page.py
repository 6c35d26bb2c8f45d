import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.models import TerritoryKind
from tests.fixtures.pages import sitemap_crawl

LANGUAGES = {"uz": "uz-Latn", "uz-cyrl": "uz-Cyrl", "kaa": "kaa", "ru": "ru", "en": "en"}


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES.items())
def test_home_page_in_every_language(client, tree, prefix, lang):
    response = client.get(f"/{prefix}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in page
    # Every language version is declared, plus the language-picking address.
    hreflangs = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
    assert hreflangs == {
        **{tag: f"http://testserver/{code}/" for code, tag in LANGUAGES.items()},
        "x-default": "http://testserver/",
    }
    # The switcher links to the same page in the other languages and marks the current one.
    switcher = re.search(r'<nav class="language-switcher.*?</nav>', page, re.S).group(0)
    assert re.findall(r'href="(/[^"]*)"', switcher) == [f"/{code}/" for code in LANGUAGES]
    assert f'href="/{prefix}/" aria-current="true"' in switcher
    assert '<a class="skip-link" href="#main">' in page and '<main id="main"' in page


def test_home_lists_regions_and_khokimiyats_in_the_reader_language(client, tree):
    assert "Наманганская область" in client.get("/ru/").content.decode()
    cyrillic = client.get("/uz-cyrl/").content.decode()
    assert "Наманган вилояти" in cyrillic and "Янгиқўрғон тумани" in cyrillic
    latin = client.get("/uz/").content.decode()
    assert "Yangiqoʻrgʻon tumani" in latin and "Zomin tumani" in latin


def test_home_query_count_does_not_grow_with_territories(client, tree):
    client.get("/uz/")  # warm Wagtail's site cache
    with CaptureQueriesContext(connection) as small:
        client.get("/uz/")
    for index in range(30):
        tree.jizzakh.add_child(kind=TerritoryKind.DISTRICT, name_uz=f"Tuman {index}")
    with CaptureQueriesContext(connection) as large:
        page = client.get("/uz/").content.decode()
    assert "Tuman 29" in page
    # Site, locale, view restrictions, khokimiyat pages, regions, districts: none per row.
    assert len(large) == len(small) <= 10


def test_root_redirects_to_the_browser_language(client, db):
    assert client.get("/")["Location"] == "/uz/"
    assert client.get("/", headers={"accept-language": "ru-RU,ru;q=0.9"})["Location"] == "/ru/"


def test_sitemap_lists_every_language_version(client, tree):
    body = sitemap_crawl(client)
    for code in LANGUAGES:
        assert f"<loc>http://testserver/{code}/</loc>" in body
    assert 'hreflang="x-default"' in body


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body and "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.parametrize(("prefix", "phrase"), [("en", "Page not found"), ("ru", None), ("uz", None)])
def test_not_found_page_speaks_the_language_of_the_address(client, db, prefix, phrase):
    from django.utils import translation

    with translation.override(prefix):
        expected = str(translation.gettext("Page not found"))
    response = client.get(f"/{prefix}/no-such-page/")
    assert response.status_code == 404
    assert expected in response.content.decode()
    assert phrase is None or expected == phrase
    if prefix != "en":
        assert expected != "Page not found"  # actually translated


def test_forbidden_and_server_error_pages_are_translated(rf, db):
    from django.utils import translation
    from django.views.defaults import permission_denied, server_error

    request = rf.get("/ru/")
    request.user = type("Anon", (), {"is_authenticated": False})()
    with translation.override("ru"):
        expected_500 = translation.gettext("Something went wrong")
        expected_403 = translation.gettext("Not allowed")
        error = server_error(request).content.decode()
        denied = permission_denied(request, Exception()).content.decode()
    assert expected_500 != "Something went wrong" and expected_500 in error
    assert '<html lang="ru">' in error
    assert expected_403 != "Not allowed" and expected_403 in denied
