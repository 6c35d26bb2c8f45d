from django.conf import settings
from django.contrib.sitemaps import Sitemap

from cms.questions import question_path_on
from cms.selectors.pages import khokimiyat_pages_by_territory, pages_for_sitemap
from proposals.questions.selectors import questions_all_published


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
        questions = list(questions_all_published().order_by("pk"))
        # One query for the pages of every territory asked, not one per question.
        by_territory = khokimiyat_pages_by_territory({q.territory_id for q in questions})
        return [question for question in questions if self._page(question, by_territory)]

    @staticmethod
    def _page(question, by_territory):
        question.khokimiyat_page = by_territory.get(question.territory_id)
        return question.khokimiyat_page

    def location(self, question):
        return question_path_on(question.khokimiyat_page, question)

    def lastmod(self, question):
        return question.answered_at or question.published_at
