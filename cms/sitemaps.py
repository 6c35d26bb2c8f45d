from django.conf import settings
from django.contrib.sitemaps import Sitemap

from cms.models import Question, QuestionStatus
from cms.selectors.pages import pages_for_sitemap


class PageSitemap(Sitemap):
    """Every live public page once per interface language, each entry listing its
    ``hreflang`` alternates, so search engines index the Uzbek, Cyrillic and Russian
    versions as one page in several languages.

    Items are the default-language pages; in each language the URL leads to that language's
    translation, or to the Uzbek page shown in that language (``cms.models.base``).
    """

    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _label in settings.LANGUAGES]

    def items(self):
        return pages_for_sitemap()

    def location(self, page):
        return page.get_url()

    def lastmod(self, page):
        return page.last_published_at


class QuestionSitemap(Sitemap):
    """Published questions: they are public records of what residents asked and were told."""

    i18n = True
    alternates = True
    x_default = True
    languages = PageSitemap.languages

    def items(self):
        return Question.objects.filter(status=QuestionStatus.PUBLISHED).select_related("khokimiyat").order_by("pk")

    def location(self, question):
        page = question.khokimiyat
        return page.get_url() + page.reverse_subpage("question", args=(question.pk,))

    def lastmod(self, question):
        return question.answered_at or question.published_at
