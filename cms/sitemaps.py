"""``/sitemap.xml``: an index of bounded sitemap pages, built from values and cached.

One sitemap of every item of the site grows with the site (25,000 entries at national scale
took 20 s, 15 CPU-seconds and 400 MB of a worker per crawler hit). Instead:

* ``/sitemap.xml`` is a sitemap index naming one page per section (pages, questions,
  petitions, cycles, projects, results) and primary-key range;
* page ``n`` of a section lists the items whose primary key falls in
  ``[n × size, (n + 1) × size)`` (``items_per_page()``): one indexed range read of plain values
  (what the address and the date need, never model instances), so no page holds more than
  ``ENTRIES_PER_PAGE`` entries and no request reads more than one page's rows, whatever the
  size of the site. A page's address stays the same as items are added, which suits crawlers
  and the cache alike;
* every page and the index are cached under the sitemap generation
  (``participation.web.sitemap``), which publishing, withdrawing or moving anything listed
  renews.

Each item is listed once per interface language, each entry naming its ``hreflang``
alternates and ``x-default`` (the address without a language prefix). The codes come from
``bcp47`` like the pages' own (``uz-Latn``, ``uz-Cyrl``): a search engine told two names for
one language keeps two sets of alternates.

The addresses are exactly those of the pages themselves: every public address is
``/<language>/<rest>`` (``i18n_patterns``), and a Wagtail page in every language is the Uzbek
page's path under that language's prefix (``cms.models.base``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import Site

from cms.models import KhokimiyatPage
from cms.selectors.pages import pages_for_sitemap
from cms.selectors.public_records import (
    budget_cycles,
    budget_cycles_with_results,
    budget_projects_published,
    consultations_published,
    petitions_published,
    questions_published_with_page,
)
from meetings.meetings.selectors.meetings import meetings_for_sitemap
from participation.languages import bcp47
from participation.organisations.selectors import organisations_for_sitemap
from participation.web.sitemap import sitemap_generation

LANGUAGES = [code for code, _label in settings.LANGUAGES]

# The sitemap protocol allows 50,000; a few thousand keep each response small and quick to
# build. An entry is one item in one language.
ENTRIES_PER_PAGE = 2500
CACHE_SECONDS = 6 * 3600  # a safety net: the generation changes on every listed change

# Django's ``reverse`` quotes a path with these left as they are (``django.urls.resolvers``).
_PATH_SAFE = "!$&'()*+,;=/~:@"
_SENTINEL = 987654321


def items_per_page() -> int:
    return max(1, ENTRIES_PER_PAGE // len(LANGUAGES))


def _route(name: str, *, resolver=None) -> Callable[[int], str]:
    """``pk`` → the route ``name`` with that pk, without the language prefix: reversed once,
    not once per item and language."""
    if resolver is None:
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse(name, args=[_SENTINEL])
        path = path.removeprefix(f"/{settings.LANGUAGE_CODE}/")
    else:
        path = resolver(name, _SENTINEL)
    head, tail = path.split(str(_SENTINEL))
    return lambda pk: f"{head}{pk}{tail}"


def _root_paths() -> list[str]:
    """The ``url_path`` of each site root (Wagtail's cached list), most specific first."""
    return [root.root_path for root in Site.get_site_root_paths()]


def _page_rest(url_path: str, root_paths: list[str]) -> str | None:
    """What follows ``/<language>/`` in a page's address (``None`` for a page under no site),
    as Wagtail's ``get_url_parts`` gives it."""
    for root_path in root_paths:
        if url_path.startswith(root_path):
            return quote(url_path[len(root_path) :], safe=_PATH_SAFE)
    return None


# A section's rows are tuples whose first value is the primary key; ``entries`` turns a page of
# rows into (rest of the address, lastmod) pairs.
Entries = Callable[[Iterable[tuple]], Iterable[tuple[str, datetime | None]]]


@dataclass(frozen=True)
class Section:
    rows: Callable[[], object]  # a values_list queryset, first value the primary key
    entries: Callable[[], Entries]


def _pages() -> Entries:
    root_paths = _root_paths()

    def entries(rows):
        for _pk, url_path, last_published_at in rows:
            rest = _page_rest(url_path, root_paths)
            if rest is not None:
                yield rest, last_published_at

    return entries


def _questions() -> Entries:
    root_paths = _root_paths()
    question = _route("question", resolver=lambda name, pk: KhokimiyatPage().reverse_subpage(name, args=[pk]))

    def entries(rows):
        for pk, answered_at, published_at, page_path in rows:
            page_rest = _page_rest(page_path, root_paths)
            if page_rest is not None:
                yield (page_rest.rstrip("/") + "/" + question(pk)).lstrip("/"), answered_at or published_at

    return entries


def _petitions() -> Entries:
    petition = _route("petitions:detail")

    def entries(rows):
        for pk, answered_at, threshold_reached_at, published_at in rows:
            yield petition(pk), answered_at or threshold_reached_at or published_at

    return entries


def _without_date(name: str) -> Callable[[], Entries]:
    def make() -> Entries:
        location = _route(name)
        return lambda rows: ((location(pk), None) for (pk,) in rows)

    return make


def _results() -> Entries:
    results = _route("budgeting:results")
    return lambda rows: ((results(pk), published_at) for pk, published_at in rows)


def _organisations() -> Entries:
    # The route takes a slug; the sentinel number is a valid one, so the same trick applies.
    organisation = _route("organisations:detail")
    return lambda rows: ((organisation(slug), verified_at) for _pk, slug, verified_at in rows)


def _consultations() -> Entries:
    consultation = _route("consultations:detail")
    return lambda rows: ((consultation(pk), concluded_at or published_at) for pk, concluded_at, published_at in rows)


def _meetings() -> Entries:
    meeting = _route("meetings:detail")
    return lambda rows: ((meeting(pk), updated_at) for pk, updated_at in rows)


SECTIONS = {
    "pages": Section(pages_for_sitemap, _pages),
    "questions": Section(questions_published_with_page, _questions),
    "petitions": Section(petitions_published, _petitions),
    "budget-cycles": Section(budget_cycles, _without_date("budgeting:cycle")),
    "budget-projects": Section(budget_projects_published, _without_date("budgeting:project")),
    "budget-results": Section(budget_cycles_with_results, _results),
    "organisations": Section(organisations_for_sitemap, _organisations),
    "consultations": Section(consultations_published, _consultations),
    "meetings": Section(meetings_for_sitemap, _meetings),
}


# --- XML --------------------------------------------------------------------------------------

URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_CLOSE = "\n</urlset>\n"


def _lastmod(value) -> str:
    """``<lastmod>`` as Django's sitemap template writes it: the local date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    elif not isinstance(value, date):
        return ""
    return f"<lastmod>{value.isoformat()}</lastmod>"


def _url_entries(origin: str, rest: str, lastmod) -> str:
    """The ``<url>`` entries of one item: one per language, each naming every language."""
    locations = [escape(f"{origin}/{code}/{rest}") for code in LANGUAGES]
    # As Django's sitemap: the default language's address with its prefix taken out.
    x_default = escape(f"{origin}/{settings.LANGUAGE_CODE}/{rest}".replace(f"/{settings.LANGUAGE_CODE}/", "/", 1))
    alternates = "".join(
        f'<xhtml:link rel="alternate" hreflang="{bcp47(code)}" href="{location}"/>'
        for code, location in zip(LANGUAGES, locations, strict=True)
    )
    alternates += f'<xhtml:link rel="alternate" hreflang="x-default" href="{x_default}"/>'
    modified = _lastmod(lastmod)
    return "".join(f"<url><loc>{location}</loc>{modified}{alternates}</url>" for location in locations)


def sitemap_page_xml(origin: str, section: Section, page: int) -> str | None:
    """Page ``page`` of ``section`` (``None`` when it lists nothing): one range read by primary key."""
    size = items_per_page()
    rows = section.rows().filter(pk__gte=page * size, pk__lt=(page + 1) * size).order_by("pk")
    entries = [_url_entries(origin, rest, lastmod) for rest, lastmod in section.entries()(rows)]
    if not entries:
        return None
    return URLSET_OPEN + "".join(entries) + URLSET_CLOSE


def section_pages(section: Section) -> list[int]:
    """The numbers of the section's pages that list something: one query over primary keys."""
    size = items_per_page()
    numbers = section.rows().annotate(sitemap_page=F("pk") / size).values_list("sitemap_page", flat=True)
    return sorted(set(numbers.order_by().distinct()))


def sitemap_index_xml(origin: str) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    ]
    for name, section in SECTIONS.items():
        for number in section_pages(section):
            location = escape(origin + reverse("sitemap_page", kwargs={"section": name, "page": number}))
            lines.append(f"<sitemap><loc>{location}</loc></sitemap>")
    lines.append("</sitemapindex>\n")
    return "\n".join(lines)


# --- Views ------------------------------------------------------------------------------------


def _cached(request, part: str, build: Callable[[str], str | None]) -> HttpResponse:
    origin = f"{request.scheme}://{request.get_host()}"
    key = f"sitemap:{sitemap_generation()}:{origin}:{ENTRIES_PER_PAGE}:{part}"
    body = cache.get(key)
    if body is None:
        body = build(origin)
        if body is None:
            raise Http404
        cache.set(key, body, CACHE_SECONDS)
    return HttpResponse(body, content_type="application/xml")


def sitemap_index(request) -> HttpResponse:
    """The sitemap index that robots.txt names: every page of every section."""
    return _cached(request, "index", sitemap_index_xml)


def sitemap_page(request, section: str, page: int) -> HttpResponse:
    found = SECTIONS.get(section)
    if found is None:
        raise Http404
    return _cached(request, f"{section}:{page}", lambda origin: sitemap_page_xml(origin, found, page))
