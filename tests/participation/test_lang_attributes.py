"""WCAG 3.1.2: a passage in another language than the page's says which (``lang``)."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from participation.languages import document_language, lang_attribute, text_language
from tests.fixtures.pages import OLD_TITLE
from tests.fixtures.petitions import ROAD, url


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def element(page: str, tag: str, marker: str) -> str:
    """The opening tag of the ``tag`` element whose attributes contain ``marker``."""
    return re.search(rf"<{tag}\b[^>]*{re.escape(marker)}[^>]*>", page).group(0)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ROAD, "uz-Latn"),  # oʻ, the separating sign, -dagi
        ("Ko'cha chiroqlari", "uz-Latn"),  # oʻ typed as a plain apostrophe
        ("Suv quvuri", "uz-Latn"),  # a frequent Uzbek word
        ("Ремонт водопровода на улице", "ru"),
        ("Сув қувурини таъмирлаш", "uz-Cyrl"),  # ў қ ғ ҳ are Uzbek only
        ("Repair the road to our school", "en"),
        ("Jańa mektep qurılısı", "kaa"),  # Karakalpak letters
        ("Park", None),  # cannot be told: the page's language
        ("", None),
    ],
)
def test_the_language_of_resident_text(text, language):
    assert text_language(text) == language


@pytest.mark.parametrize(
    ("interface", "attribute"),
    [("uz", ""), ("uz-cyrl", ""), ("kaa", ' lang="uz-Latn"'), ("ru", ' lang="uz-Latn"'), ("en", ' lang="uz-Latn"')],
)
def test_uzbek_text_is_marked_only_where_the_page_is_in_another_language(db, interface, attribute):
    # uz-cyrl: the page transliterates Latin text, so it is in the page's own script there;
    # kaa: the page is Karakalpak (its catalogue is complete), so Uzbek text on it says so.
    assert lang_attribute(ROAD, code=interface) == attribute


def test_russian_text_on_the_uzbek_page_is_marked_russian(db):
    assert lang_attribute("Ремонт водопровода", code="uz") == ' lang="ru"'
    assert lang_attribute("Ремонт водопровода", code="ru") == ""


def test_the_template_tag_escapes_nothing_away_and_adds_nothing_in_the_same_language(db):
    template = Template("{% load lang_tags %}<p{% lang_attr text %}>{{ text }}</p>")
    with translation.override("ru"):
        assert template.render(Context({"text": ROAD})) == f'<p lang="uz-Latn">{ROAD}</p>'
        assert template.render(Context({"text": "Ремонт дороги"})) == "<p>Ремонт дороги</p>"


def test_karakalpak_pages_declare_kaa_now_that_their_text_is_karakalpak(client, home_page):
    assert document_language("kaa") == "kaa"  # the Karakalpak catalogue translates every string
    page = client.get("/kaa/").content.decode()
    assert html_lang(page) == "kaa"
    # The other languages' names in the switcher say which language they are in.
    assert 'lang="uz-Latn"' in page and 'lang="ru"' in page
    assert html_lang(client.get("/ru/").content.decode()) == "ru"
    assert html_lang(client.get("/uz-cyrl/").content.decode()) == "uz-Cyrl"


@pytest.mark.parametrize(("prefix", "marked"), [("ru", True), ("en", True), ("uz", False), ("uz-cyrl", False)])
def test_an_uzbek_petition_on_the_russian_and_english_site_says_it_is_uzbek(client, publish, prefix, marked):
    petition = publish()
    detail = client.get(url(petition, lang=prefix)).content.decode()
    listing = client.get(f"/{prefix}/petitions/").content.decode()
    title, text = element(detail, "h1", 'id="petition-title"'), element(detail, "div", 'class="petition-text"')
    item = element(listing, "h2", 'class="petition-item-title"')
    for opening in (title, text, item):
        assert ('lang="uz-Latn"' in opening) is marked, opening
    assert html_lang(detail) == {"ru": "ru", "en": "en", "uz": "uz-Latn", "uz-cyrl": "uz-Cyrl"}[prefix]


def test_a_russian_petition_on_the_uzbek_site_says_it_is_russian(client, publish):
    petition = publish(
        "Ремонт дороги в махалле Навбахор", text="Дорога разбита уже два года, дети идут в школу по грязи."
    )
    detail = client.get(url(petition, lang="uz")).content.decode()
    assert 'lang="ru"' in element(detail, "h1", 'id="petition-title"')
    assert 'lang="' not in element(client.get(url(petition, lang="ru")).content.decode(), "h1", 'id="petition-title"')


def test_an_uzbek_only_information_page_under_russian_is_marked_uzbek(client, pages):
    """The Russian site serves the Uzbek original of an untranslated page (the fallback)."""
    path = pages.yangiqorgon_news.url_path.split("/", 2)[2]
    russian = client.get(f"/ru/{path}")
    assert russian.status_code == 200
    page = russian.content.decode()
    assert OLD_TITLE in page
    assert html_lang(page) == "ru"
    assert 'lang="uz-Latn"' in element(page, "h1", "lang=")
    assert 'lang="uz-Latn"' in element(page, "div", 'class="prose"')
    # On the Uzbek site the same page needs no attribute.
    uzbek = client.get(f"/uz/{path}").content.decode()
    assert "<h1>" + OLD_TITLE in uzbek.replace("&#x27;", "'") or f"<h1>{OLD_TITLE}</h1>" in uzbek
    # The listing card on the Russian district page is marked too.
    index_path = pages.yangiqorgon_news_index.url_path.split("/", 2)[2]
    listing = client.get(f"/ru/{index_path}").content.decode()
    assert 'class="card" lang="uz-Latn"' in listing


def test_a_translated_page_carries_no_attribute(client, pages):
    from wagtail.models import Locale

    locale = Locale.objects.get(language_code="ru")
    home = pages.namangan.get_parent().specific
    for ancestor in (home, pages.namangan, pages.yangiqorgon, pages.yangiqorgon_news_index):
        ancestor.copy_for_translation(locale).save_revision().publish()
    russian = pages.yangiqorgon_news.copy_for_translation(locale)
    russian.title = "Дорога отремонтирована"
    russian.save_revision().publish()
    path = pages.yangiqorgon_news.url_path.split("/", 2)[2]
    page = client.get(f"/ru/{path}").content.decode()
    assert "<h1>Дорога отремонтирована</h1>" in page
    assert 'class="card" lang=' not in client.get(f"/ru/{path.rsplit('/', 2)[0]}/").content.decode()


@pytest.mark.parametrize(("code", "expected"), [("kaa", "kaa"), ("uz-cyrl", "uz-Cyrl"), ("ru", "ru")])
def test_the_server_error_page_declares_the_language_its_text_is_in(rf, code, expected):
    from django.views.defaults import server_error

    with translation.override(code):
        page = server_error(rf.get("/")).content.decode()
    assert html_lang(page) == expected


def test_an_uzbek_budget_project_and_cycle_on_the_russian_site_say_they_are_uzbek(client, make_cycle, make_project):
    from django.utils import timezone

    cycle = make_cycle("voting", at=timezone.now(), title="Yangiqoʻrgʻon 2026: ochiq budjet")
    project = make_project(cycle, title="Navbahor mahallasida bolalar maydonchasi")
    page = client.get(f"/ru/budget/projects/{project.pk}/").content.decode()
    assert 'lang="uz-Latn"' in element(page, "h1", 'id="project-title"')
    listing = client.get(f"/ru/budget/{cycle.pk}/").content.decode()
    assert 'lang="uz-Latn"' in element(listing, "h1", 'id="cycle-title"')
    assert 'lang="uz-Latn"' in element(listing, "h3", 'class="pb-project-title"')
    uzbek = client.get(f"/uz/budget/projects/{project.pk}/").content.decode()
    assert "lang=" not in element(uzbek, "h1", 'id="project-title"')


def test_uzbek_region_pages_listed_on_the_russian_home_page_say_they_are_uzbek(client, pages):
    russian = client.get("/ru/").content.decode()
    assert '<a href="/ru/namangan/" lang="uz-Latn">Namangan viloyati hokimligi</a>' in russian
    uzbek = client.get("/uz/").content.decode()
    assert '<a href="/uz/namangan/">Namangan viloyati hokimligi</a>' in uzbek


def test_uzbek_project_titles_on_the_russian_ballot_and_search_say_they_are_uzbek(
    client, make_cycle, make_project, resident
):
    from django.utils import timezone

    cycle = make_cycle("voting", at=timezone.now())
    project = make_project(cycle, title="Navbahor mahallasida bolalar maydonchasi")
    client.force_login(resident())
    ballot = client.get(f"/ru/budget/{cycle.pk}/vote/").content.decode()
    assert f'<label for="project-{project.pk}" lang="uz-Latn">{project.title}</label>' in ballot
    found = client.get("/ru/search/", {"q": "maydonchasi"}).content.decode()
    assert f'<a href="/ru/budget/projects/{project.pk}/" lang="uz-Latn">{project.title}</a>' in found
    uzbek = client.get(f"/uz/budget/{cycle.pk}/vote/").content.decode()
    assert f'<label for="project-{project.pk}">{project.title}</label>' in uzbek
