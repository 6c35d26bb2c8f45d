from cms.models import DecisionPage, KhokimiyatPage, NewsPage

FEED_LENGTH = 30


def khokimiyat_feed_items(khokimiyat: KhokimiyatPage) -> list:
    """The latest news and decisions of a khokimiyat and its districts, newest first.

    Two queries; each list is already capped, so merging in Python stays cheap.
    """
    from cms.selectors.pages import in_reader_language, source_page

    khokimiyat = source_page(khokimiyat)
    news = list(NewsPage.objects.live().public().descendant_of(khokimiyat).order_by("-date", "-first_published_at")[:FEED_LENGTH])
    decisions = list(
        DecisionPage.objects.live().public().descendant_of(khokimiyat).order_by("-date", "-first_published_at")[:FEED_LENGTH]
    )
    items = sorted(news + decisions, key=lambda page: (page.date, page.first_published_at), reverse=True)
    return in_reader_language(items[:FEED_LENGTH])
