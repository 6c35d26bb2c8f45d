"""The items of a khokimiyat's RSS and Atom feeds.

``KhokimiyatPage`` serves its feeds (``cms.feeds``), so this reads the news and decision
pages from their own modules and never imports the khokimiyat page's module.
"""

from cms.models.decisions import DecisionPage
from cms.models.news import NewsPage
from cms.selectors.languages import in_reader_language, source_page

FEED_LENGTH = 30


def khokimiyat_feed_items(khokimiyat) -> list:
    """The latest news and decisions of a khokimiyat and its districts, newest first.

    Two queries; each list is already capped, so merging in Python stays cheap.
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
    return in_reader_language(items[:FEED_LENGTH])
