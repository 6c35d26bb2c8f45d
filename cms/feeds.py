"""RSS and Atom feeds of one khokimiyat's news and decisions (Django's syndication
framework escapes every field, so staff-written titles cannot inject markup)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cms.selectors.feeds import khokimiyat_feed_items
from cms.text import stream_text
from participation.translit import in_reader_script


class KhokimiyatRssFeed(Feed):
    def __call__(self, request, *args, page=None, **kwargs):
        self.page = page
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return in_reader_script(_("%(khokimiyat)s: news and decisions") % {"khokimiyat": self.page.title})

    def link(self):
        return self.page.url

    def description(self):
        return in_reader_script(
            _("News, announcements and decisions published by %(khokimiyat)s.") % {"khokimiyat": self.page.title}
        )

    def items(self):
        return khokimiyat_feed_items(self.page)

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

    def item_pubdate(self, item):
        # The date of the news or of the decision's adoption, not of its upload: a decision
        # adopted in March and published in May is a March decision.
        return datetime.combine(item.date, time(9), tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, item):
        return item.last_published_at


class KhokimiyatAtomFeed(KhokimiyatRssFeed):
    feed_type = Atom1Feed
    subtitle = KhokimiyatRssFeed.description
