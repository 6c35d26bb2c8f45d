"""The items of a khokimiyat's RSS and Atom feeds.

``KhokimiyatPage`` serves its feeds (``cms.feeds``), so this reads the news and decision
pages from their own modules and never imports the khokimiyat page's module.
"""

from django.utils import translation
from wagtail.models import Page

from cms.models.decisions import DecisionPage
from cms.models.news import NewsPage
from cms.selectors.languages import in_reader_language, source_page
from participation.languages import bcp47, locale_codes
from participation.translit import CYRILLIC_LANGUAGE

FEED_LENGTH = 30
# News sit under the khokimiyat's news list, decisions under its register: the page two
# levels up is the khokimiyat that published them.
PUBLISHER_LEVELS_UP = 2


def khokimiyat_feed_items(khokimiyat) -> list:
    """The latest news and decisions of a khokimiyat and its districts, newest first, each
    with ``feed_publisher`` (the khokimiyat that published it, in the reader's language: a
    region's feed carries its districts' news under their own names) and ``feed_language``
    (the BCP 47 tag of the text the reader gets).

    A fixed number of queries whatever the number of items: news, decisions, their
    translations, the publishers and theirs, the locales.
    """
    khokimiyat = source_page(khokimiyat)
    news = list(
        NewsPage.objects.live()
        .public()
        .descendant_of(khokimiyat)
        .order_by("-date", "-first_published_at")[:FEED_LENGTH]
    )
    decisions = list(
        DecisionPage.objects.live()
        .public()
        .descendant_of(khokimiyat)
        .order_by("-date", "-first_published_at")[:FEED_LENGTH]
    )
    items = sorted(news + decisions, key=lambda page: (page.date, page.first_published_at), reverse=True)
    items = in_reader_language(items[:FEED_LENGTH])
    cut = PUBLISHER_LEVELS_UP * Page.steplen
    found = list(Page.objects.filter(path__in={item.path[:-cut] for item in items}))
    publishers = dict(zip((page.path for page in found), in_reader_language(found), strict=True))
    codes = locale_codes()
    for item in items:
        item.feed_publisher = publishers.get(item.path[:-cut], khokimiyat)
        item.feed_language = content_language(item, codes)
    return items


def content_language(page, codes: dict[int, str]) -> str:
    """The BCP 47 tag of the text a reader gets for ``page``: its locale's language, except
    that the Uzbek Cyrillic reader gets Uzbek Latin pages transliterated (``in_reader_script``).

    A Russian reader of an untranslated Uzbek page reads Uzbek: ``uz-Latn``, not ``ru``.
    """
    code = codes.get(page.locale_id, "uz")
    if translation.get_language() == CYRILLIC_LANGUAGE and code == "uz":
        code = CYRILLIC_LANGUAGE
    return bcp47(code)
