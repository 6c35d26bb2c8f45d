"""RSS and Atom feeds of one khokimiyat's news and decisions (Django's syndication
framework escapes every field, so staff-written titles cannot inject markup).

Atom (RFC 4287) requires an author for every entry, given by the feed or the entry: the
feed names the khokimiyat whose feed it is, each entry the khokimiyat that published it (a
region's feed carries its districts' news). Untranslated pages reach Russian and English
readers in Uzbek, so each entry says its own language (``xml:lang``); RSS has one
``<language>`` for the channel, which names the language most of its items are in.
"""

from collections import Counter
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from cms.models.base import url_in_active_language
from cms.selectors.feeds import khokimiyat_feed_items
from cms.text import stream_text
from participation.languages import document_language
from participation.translit import in_reader_script


def feed_title(khokimiyat) -> str:
    """The feed's title, also the title of the ``<link rel="alternate">`` that announces it."""
    return in_reader_script(_("%(khokimiyat)s: news and decisions") % {"khokimiyat": khokimiyat.title})


class LocalisedAtom1Feed(Atom1Feed):
    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


class KhokimiyatRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, page=None, **kwargs):
        self.page = page
        self.request = request
        self.entries = khokimiyat_feed_items(page)
        self.language = self.feed_language()
        return super().__call__(request, *args, **kwargs)

    def feed_language(self) -> str:
        languages = Counter(entry.feed_language for entry in self.entries)
        if not languages:
            return document_language(translation.get_language())
        return languages.most_common(1)[0][0]

    def title(self):
        return feed_title(self.page)

    def link(self):
        return self.page.url

    def description(self):
        return in_reader_script(
            _("News, announcements and decisions published by %(khokimiyat)s.") % {"khokimiyat": self.page.title}
        )

    def author_name(self):
        return in_reader_script(self.page.title)

    def author_link(self):
        return self.request.build_absolute_uri(self.page.url)

    def items(self):
        return self.entries

    def item_title(self, item):
        if hasattr(item, "number"):
            return in_reader_script(
                _("Decision № %(number)s: %(title)s") % {"number": item.number, "title": item.title}
            )
        return in_reader_script(item.title)

    def item_description(self, item):
        if item.listing_summary:
            return in_reader_script(item.listing_summary)
        body = getattr(item, "body", None) or getattr(item, "summary", None)
        return in_reader_script(stream_text(body)[:500])

    def item_link(self, item):
        return item.url

    def item_author_name(self, item):
        return in_reader_script(item.feed_publisher.title)

    def item_author_link(self, item):
        return self.request.build_absolute_uri(url_in_active_language(item.feed_publisher.get_url(self.request)))

    def item_extra_kwargs(self, item):
        return {"language": item.feed_language}

    def item_pubdate(self, item):
        # The date of the news or of the decision's adoption, not of its upload: a decision
        # adopted in March and published in May is a March decision.
        return datetime.combine(item.date, time(9), tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, item):
        return item.last_published_at


class KhokimiyatAtomFeed(KhokimiyatRssFeed):
    feed_type = LocalisedAtom1Feed
    subtitle = KhokimiyatRssFeed.description

    def feed_language(self) -> str:
        # The feed's own words (title, subtitle) are in the language the interface really
        # shows (Karakalpak falls back to Uzbek until translated); each entry carries the
        # language of its text.
        return document_language(translation.get_language())
