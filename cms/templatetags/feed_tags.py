"""``<link rel="alternate">`` for the feeds a page offers, so feed readers find them.

A khokimiyat page serves its feeds (``feed/atom/``, ``feed/rss/``); its news list and its
register of decisions list the same items, so they announce the same feeds.
"""

from django import template
from wagtail.templatetags.wagtailcore_tags import pageurl

from cms.feeds import feed_title
from cms.models import DecisionIndexPage, KhokimiyatPage, NewsIndexPage
from cms.models.base import url_in_active_language
from cms.selectors.languages import in_reader_language

register = template.Library()

FEED_TYPES = (("feed_atom", "application/atom+xml"), ("feed_rss", "application/rss+xml"))


@register.simple_tag(takes_context=True)
def page_feeds(context, page) -> list[dict]:
    if isinstance(page, KhokimiyatPage):
        khokimiyat = page
    elif isinstance(page, NewsIndexPage | DecisionIndexPage):
        parent = page.get_parent()
        if parent is None:
            return []
        khokimiyat = in_reader_language([parent])[0]
    else:
        return []
    base = url_in_active_language(pageurl(context, khokimiyat))
    if not base:
        return []
    specific = khokimiyat.specific if not isinstance(khokimiyat, KhokimiyatPage) else khokimiyat
    title = feed_title(khokimiyat)
    return [
        {"type": mime, "title": title, "href": base + specific.reverse_subpage(route)} for route, mime in FEED_TYPES
    ]
