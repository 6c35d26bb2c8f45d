"""Feeds as a feed reader and a validator read them: RFC 4287 wants an author on every entry,
each entry says the language its text is in, and the pages that have feeds announce them."""

import re
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Locale

from tests.factories import pages as b

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def site(tree, home_page):
    region = b.khokimiyat(home_page, tree.namangan, "namangan", "Namangan viloyati hokimligi")
    district = b.khokimiyat(region, tree.yangiqorgon, "yangiqorgon", "Yangiqoʻrgʻon tumani hokimligi")
    news_index, decisions, services, _centres = b.sections(district)
    region_news, _d, _s, _c = b.sections(region)
    b.news(news_index, "Yoʻl taʼmirlandi", day=3)
    b.decision(decisions, "Bozor toʻgʻrisida", "7-q", day=2)
    b.news(region_news, "Viloyat yangiligi", day=1)
    return {"region": region, "district": district, "news": news_index, "services": services}


def atom(client, path) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries_by_title(feed: ET.Element) -> dict[str, ET.Element]:
    return {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}


@pytest.mark.parametrize("lang", ["uz", "ru", "en", "uz-cyrl"])
def test_feed_and_every_entry_name_an_author(client, site, lang):
    feed = atom(client, f"/{lang}/namangan/feed/atom/")
    entries = list(feed.iter(f"{ATOM}entry"))
    assert len(entries) == 3
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    for entry in entries:
        assert entry.find(f"{ATOM}author/{ATOM}name").text, entry.findtext(f"{ATOM}title")
        assert entry.find(f"{ATOM}author/{ATOM}uri").text.startswith(f"http://testserver/{lang}/namangan/")


def test_each_entry_names_the_khokimiyat_that_published_it(client, site):
    feed = atom(client, "/uz/namangan/feed/atom/")
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Namangan viloyati hokimligi"
    entries = entries_by_title(feed)
    district = entries["Yoʻl taʼmirlandi"].find(f"{ATOM}author")
    assert district.findtext(f"{ATOM}name") == "Yangiqoʻrgʻon tumani hokimligi"
    assert district.findtext(f"{ATOM}uri") == "http://testserver/uz/namangan/yangiqorgon/"
    assert entries["Viloyat yangiligi"].find(f"{ATOM}author").findtext(f"{ATOM}name") == "Namangan viloyati hokimligi"


def test_uzbek_text_in_the_russian_feed_is_marked_uzbek(client, site):
    """Untranslated news reach Russian readers in Uzbek: the entry says ``uz-Latn``; a page
    translated into Russian says ``ru``; the feed's own words are Russian."""
    russian = Locale.objects.get(language_code="ru")
    for page in (site["region"].get_parent().specific, site["region"], site["district"], site["news"]):
        page.copy_for_translation(russian).save_revision().publish()
    news = site["news"].get_children().get(title="Yoʻl taʼmirlandi").specific
    translated = news.copy_for_translation(russian)
    translated.title = "Дорога отремонтирована"
    translated.save_revision().publish()

    feed = atom(client, "/ru/namangan/feed/atom/")
    assert feed.get(XML_LANG) == "ru"
    entries = entries_by_title(feed)
    assert entries["Дорога отремонтирована"].get(XML_LANG) == "ru"
    assert entries["Viloyat yangiligi"].get(XML_LANG) == "uz-Latn"
    decision = next(entry for title, entry in entries.items() if "Bozor toʻgʻrisida" in title)
    assert decision.get(XML_LANG) == "uz-Latn"


def test_cyrillic_feed_marks_its_transliterated_entries_cyrillic(client, site):
    feed = atom(client, "/uz-cyrl/namangan/feed/atom/")
    assert feed.get(XML_LANG) == "uz-Cyrl"
    assert {entry.get(XML_LANG) for entry in feed.iter(f"{ATOM}entry")} == {"uz-Cyrl"}
    assert "Йўл таъмирланди" in entries_by_title(feed)


def test_rss_channel_language_is_the_language_of_its_items(client, site):
    channel = ET.fromstring(client.get("/en/namangan/feed/rss/").content).find("channel")
    assert channel.findtext("language") == "uz-Latn"  # the English reader gets Uzbek news
    assert ET.fromstring(client.get("/uz/namangan/feed/rss/").content).find("channel").findtext("language") == "uz-Latn"


def feed_links(page: str) -> dict[str, str]:
    head = page.split("</head>", 1)[0]
    return {
        re.search(r'type="([^"]+)"', tag).group(1): re.search(r'href="([^"]+)"', tag).group(1)
        for tag in re.findall(r'<link rel="alternate" type="[^"]+"[^>]*>', head)
    }


@pytest.mark.parametrize("path", ["/ru/namangan/yangiqorgon/", "/ru/namangan/yangiqorgon/yangiliklar/"])
def test_pages_with_feeds_announce_them_in_the_head(client, site, path):
    links = feed_links(client.get(path).content.decode())
    assert links == {
        "application/atom+xml": "/ru/namangan/yangiqorgon/feed/atom/",
        "application/rss+xml": "/ru/namangan/yangiqorgon/feed/rss/",
    }
    for href in links.values():
        assert client.get(href).status_code == 200


def test_pages_without_feeds_announce_none(client, site):
    assert feed_links(client.get("/uz/namangan/yangiqorgon/davlat-xizmatlari/").content.decode()) == {}
    assert feed_links(client.get("/uz/petitions/").content.decode()) == {}


def test_the_karakalpak_feed_is_karakalpak_and_its_uzbek_news_say_so(client, site):
    """The feed's own words come from the Karakalpak catalogue; the news stay in Uzbek."""
    feed = atom(client, "/kaa/namangan/feed/atom/")
    assert feed.get(XML_LANG) == "kaa"
    assert "jańalıqlar hám qararlar" in feed.find(f"{ATOM}title").text
    assert {entry.get(XML_LANG) for entry in feed.iter(f"{ATOM}entry")} <= {"uz-Latn", "ru"}
