"""Site search over pages, services, centres, questions, petitions, budget cycles and projects,
and verified organisations.

Everything is indexed through ``participation.translit.search_key`` and the query goes
through the same function, so ``oʻ``, ``o'``, ``o‘``, ``o’`` and no apostrophe at all match
each other, and a Cyrillic query matches Latin text. The last word is matched as a prefix
(Uzbek adds suffixes: ``tugʻilish`` finds ``tugʻilishni``).
"""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from cms.models.khokimiyat import KhokimiyatPage
from cms.selectors.languages import in_reader_language
from meetings.consultations.models import Consultation
from meetings.consultations.transitions import PUBLIC_CONSULTATION_STATUSES
from meetings.meetings.selectors.meetings import meetings_search
from participation.organisations.selectors import organisations_search
from participation.translit import search_key
from proposals.budgeting.models import PUBLIC_PROJECT_STATUSES, Cycle, Project
from proposals.petitions.selectors import petitions_public
from proposals.questions.selectors import questions_all_published

MAX_QUERY_LENGTH = 200
PAGE_RESULTS = 30
QUESTION_RESULTS = 10
PETITION_RESULTS = 10
BUDGET_RESULTS = 10
ORGANISATION_RESULTS = 10
CONSULTATION_RESULTS = 10
MEETING_RESULTS = 10


@dataclass
class SearchResults:
    query: str
    pages: list
    questions: list
    petitions: list = field(default_factory=list)
    cycles: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    consultations: list = field(default_factory=list)
    meetings: list = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(
            self.pages
            or self.questions
            or self.petitions
            or self.cycles
            or self.projects
            or self.organisations
            or self.consultations
            or self.meetings
        )


def _attach_khokimiyats(pages: list) -> None:
    """Name each result's khokimiyat (``page.search_khokimiyat``): both districts offer "Birth
    registration", and the reader needs to see which is theirs. One query."""
    steplen = Page.steplen
    prefixes = {page.path[:end] for page in pages for end in range(steplen, len(page.path) + 1, steplen)}
    owners = {owner.path: owner for owner in KhokimiyatPage.objects.filter(path__in=prefixes)}
    for page in pages:
        nearest = [owners[page.path[:end]] for end in range(len(page.path), 0, -steplen) if page.path[:end] in owners]
        page.search_khokimiyat = nearest[0] if nearest else None


def site_search(query: str) -> SearchResults:
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    key = search_key(query)
    if not key.strip():
        return SearchResults(query=query, pages=[], questions=[])
    active = Locale.get_active()
    default = Locale.get_default()
    # Pages of the reader's language and of the default language (which every untranslated
    # page falls back to); each shown once, in the reader's language where it exists.
    pages_qs = Page.objects.live().public().filter(Q(locale=default) | Q(locale=active)).filter(depth__gt=2).specific()
    unique, seen = [], set()
    for page in pages_qs.autocomplete(key)[:PAGE_RESULTS]:
        if page.translation_key not in seen:
            seen.add(page.translation_key)
            unique.append(page)
    pages = in_reader_language(unique, active)
    _attach_khokimiyats(pages)
    questions = list(get_search_backend().autocomplete(key, questions_all_published())[:QUESTION_RESULTS])
    # Each question is shown under its khokimiyat's page (one query for all of them).
    pages_by_territory = {
        page.territory_id: page
        for page in KhokimiyatPage.objects.filter(territory_id__in={q.territory_id for q in questions}, locale=default)
    }
    questions = [q for q in questions if pages_by_territory.get(q.territory_id)]
    for question in questions:
        question.khokimiyat_page = pages_by_territory[question.territory_id]
    return SearchResults(
        query=query,
        pages=pages,
        questions=questions,
        # What is public is decided where each feature decides it: petitions once published
        # (the petitions' own selector and its words-contained match, as on the petitions list),
        # projects in a public status; every cycle is public, its results once published.
        petitions=list(petitions_public(query=query)[:PETITION_RESULTS]),
        cycles=list(get_search_backend().autocomplete(key, Cycle.objects.select_related("territory"))[:BUDGET_RESULTS]),
        projects=list(
            get_search_backend().autocomplete(
                key, Project.objects.filter(status__in=PUBLIC_PROJECT_STATUSES).select_related("cycle", "mahalla")
            )[:BUDGET_RESULTS]
        ),
        # Verified organisations by name (the organisations' own selector decides what is public).
        organisations=organisations_search(query, limit=ORGANISATION_RESULTS),
        consultations=list(
            get_search_backend().autocomplete(
                key,
                Consultation.objects.filter(status__in=PUBLIC_CONSULTATION_STATUSES).select_related("territory"),
            )[:CONSULTATION_RESULTS]
        ),
        # Announced and cancelled meetings (the meetings' own selector decides what is public).
        meetings=meetings_search(key, limit=MEETING_RESULTS),
    )
