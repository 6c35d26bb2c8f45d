from django.conf import settings
from django.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PageSitemap(Sitemap):
    """Every live public page once per interface language, each entry listing its
    ``hreflang`` alternates, so search engines index the Uzbek, Cyrillic and Russian
    versions as one page in several languages."""

    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _label in settings.LANGUAGES]

    def items(self):
        return Page.objects.live().public().filter(depth__gt=1).order_by("path").specific()

    def location(self, page):
        return page.get_url()

    def lastmod(self, page):
        return page.last_published_at
