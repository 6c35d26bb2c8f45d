from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cms.questions import question_path_on
from cms.selectors.pages import khokimiyat_pages_by_territory, pages_for_sitemap
from cms.selectors.public_records import (
    budget_cycles,
    budget_cycles_with_results,
    budget_projects_published,
    petitions_published,
)
from participation.languages import bcp47
from proposals.questions.selectors import questions_all_published


class LocalisedSitemap(Sitemap):
    """Every item once per interface language, each entry listing its ``hreflang`` alternates.

    Django writes its language codes (``uz``, ``uz-cyrl``) into ``hreflang``; the pages say
    ``uz-Latn`` and ``uz-Cyrl``. A search engine told two names for one language keeps two
    sets of alternates, so the sitemap takes its codes from the same function as the pages.
    """

    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _label in settings.LANGUAGES]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            for alternate in url["alternates"]:
                if alternate["lang_code"] != "x-default":
                    alternate["lang_code"] = bcp47(alternate["lang_code"])
        return urls


class PageSitemap(LocalisedSitemap):
    """Every live public page, so search engines index the Uzbek, Cyrillic and Russian versions
    as one page in several languages.

    Items are the default-language pages; in each language the URL leads to that language's
    translation, or to the Uzbek page shown in that language (``cms.models.base``).
    """

    def items(self):
        return pages_for_sitemap()

    def location(self, page):
        return page.get_url()

    def lastmod(self, page):
        return page.last_published_at


class QuestionSitemap(LocalisedSitemap):
    """Published questions: they are public records of what residents asked and were told."""

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


class PetitionSitemap(LocalisedSitemap):
    """Published petitions (never drafts, petitions in moderation, rejected or withdrawn)."""

    def items(self):
        return petitions_published()

    def location(self, petition):
        return reverse("petitions:detail", args=[petition.pk])

    def lastmod(self, petition):
        return petition.answered_at or petition.threshold_reached_at or petition.published_at


class BudgetCycleSitemap(LocalisedSitemap):
    def items(self):
        return budget_cycles()

    def location(self, cycle):
        return reverse("budgeting:cycle", args=[cycle.pk])


class BudgetProjectSitemap(LocalisedSitemap):
    """Projects in a public status (not those in moderation, rejected or withdrawn)."""

    def items(self):
        return budget_projects_published()

    def location(self, project):
        return reverse("budgeting:project", args=[project.pk])


class BudgetResultsSitemap(LocalisedSitemap):
    """Results pages, once the count is published."""

    def items(self):
        return budget_cycles_with_results()

    def location(self, cycle):
        return reverse("budgeting:results", args=[cycle.pk])

    def lastmod(self, cycle):
        return cycle.results_published_at


SITEMAPS = {
    "pages": PageSitemap,
    "questions": QuestionSitemap,
    "petitions": PetitionSitemap,
    "budget-cycles": BudgetCycleSitemap,
    "budget-projects": BudgetProjectSitemap,
    "budget-results": BudgetResultsSitemap,
}
