"""Listings of the information-centre pages.

Each listing is a fixed number of queries whatever the number of rows (tests hold them to
budgets): children are read with ``child_of``/``descendant_of`` on the materialised path,
related rows are joined or prefetched, never fetched per row.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from taggit.models import Tag
from wagtail.models import Locale, Page

from cms.models import (
    ACCESSIBILITY_FEATURES,
    DecisionIndexPage,
    DecisionPage,
    DecisionStatus,
    KhokimiyatPage,
    NewsIndexPage,
    NewsPage,
    ServiceCentreIndexPage,
    ServiceCentrePage,
    ServiceIndexPage,
    ServicePage,
)
from cms.selectors.languages import in_reader_language, source_page
from meetings.consultations.selectors import consultations_outcome_overdue
from meetings.meetings.selectors.actions import actions_overdue
from participation.languages import default_locale
from participation.models import Territory, TerritoryKind
from participation.selectors import regions_with_khokimiyats
from proposals.questions.selectors import LIST_FIELDS as QUESTION_LIST_FIELDS
from proposals.questions.selectors import questions_overdue, questions_published

NEWS_PER_PAGE = 10
DECISIONS_PER_PAGE = 20
SERVICES_PER_PAGE = 30
CENTRES_PER_PAGE = 20
FEATURE_NAMES = [name for name, _label in ACCESSIBILITY_FEATURES]


def paginate(queryset, page_number, per_page: int) -> PaginatorPage:
    """Django's paginator; a page number out of range or not a number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(page_number)


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _paginated_in_reader_language(queryset, page_number, per_page: int) -> PaginatorPage:
    paginated = paginate(queryset, page_number, per_page)
    paginated.object_list = in_reader_language(list(paginated.object_list))
    return paginated


def pages_for_sitemap() -> QuerySet:
    """``(pk, url_path, last_published_at)`` of every live public page of the default language
    but the root: the sitemap lists each once and names its other language versions. Plain
    values, so a page of the sitemap never builds a page object."""
    return (
        Page.objects.live()
        .public()
        .filter(depth__gt=1, locale_id=default_locale().pk)
        .values_list("pk", "url_path", "last_published_at")
    )


def khokimiyat_pages_live() -> QuerySet[KhokimiyatPage]:
    """Khokimiyat pages of the default language: the tree every other language falls back to."""
    return KhokimiyatPage.objects.live().public().filter(locale=Locale.get_default())


@dataclass
class HomeDistrict:
    territory: Territory
    page: KhokimiyatPage | None


@dataclass
class HomeRegion:
    region: Territory
    page: KhokimiyatPage | None
    districts: list[HomeDistrict] = field(default_factory=list)


def home_regions() -> list[HomeRegion]:
    """Every region with its districts and cities, each linked to its page when published.

    Three queries in all (regions, districts, pages), however many pages exist.
    """
    pages = {page.territory_id: page for page in khokimiyat_pages_live()}
    return [
        HomeRegion(
            region=listing.region,
            page=pages.get(listing.region.pk),
            districts=[HomeDistrict(territory, pages.get(territory.pk)) for territory in listing.khokimiyats],
        )
        for listing in regions_with_khokimiyats()
    ]


def khokimiyat_sections(khokimiyat: KhokimiyatPage) -> dict[type, Page]:
    """The live section pages (news, decisions, services, centres) of a khokimiyat, by type.

    One query: sections are only linked to, so plain ``Page`` rows (title, URL path) suffice.
    """
    models = [NewsIndexPage, DecisionIndexPage, ServiceIndexPage, ServiceCentreIndexPage]
    by_content_type = {ContentType.objects.get_for_model(model).pk: model for model in models}
    sections: dict[type, Page] = {}
    for page in Page.objects.live().child_of(khokimiyat).filter(content_type_id__in=by_content_type).order_by("path"):
        sections.setdefault(by_content_type[page.content_type_id], page)
    return sections


OVERDUE_SHOWN = 10


def khokimiyat_overview(khokimiyat: KhokimiyatPage) -> dict:
    """What the khokimiyat page shows besides its own fields: its sections, latest news and
    decisions, the districts below it, and its questions (overdue ones first)."""
    khokimiyat = source_page(khokimiyat)
    active = Locale.get_active()
    overdue = questions_overdue(khokimiyat.territory).only(*QUESTION_LIST_FIELDS)
    found = khokimiyat_sections(khokimiyat)
    sections = dict(zip(found, in_reader_language(list(found.values()), active), strict=True))
    return {
        "news_index": sections.get(NewsIndexPage),
        "decision_index": sections.get(DecisionIndexPage),
        "service_index": sections.get(ServiceIndexPage),
        "centre_index": sections.get(ServiceCentreIndexPage),
        "latest_news": in_reader_language(
            NewsPage.objects.live().descendant_of(khokimiyat).order_by("-date", "-pk")[:3], active
        ),
        "latest_decisions": in_reader_language(
            DecisionPage.objects.live().descendant_of(khokimiyat).order_by("-date", "-pk")[:3], active
        ),
        "sub_khokimiyats": in_reader_language(
            KhokimiyatPage.objects.live().public().child_of(khokimiyat).select_related("territory").order_by("title"),
            active,
        ),
        "overdue_questions": list(overdue[:OVERDUE_SHOWN]),
        # Consultations whose outcome ("we did") is past its due date, in this territory or below.
        "overdue_consultations": list(consultations_outcome_overdue(khokimiyat.territory)[:OVERDUE_SHOWN]),
        # Meetings' decisions and action items past their due date, in this territory or below.
        "overdue_actions": list(actions_overdue(khokimiyat.territory)[:OVERDUE_SHOWN]),
        "overdue_count": overdue.count(),
        "recent_questions": list(questions_published(khokimiyat.territory).only(*QUESTION_LIST_FIELDS)[:5]),
    }


def news_listing(index: NewsIndexPage, *, tag: str = "", page_number=None) -> dict:
    index = source_page(index)
    news = NewsPage.objects.live().child_of(index).order_by("-date", "-pk").prefetch_related("tags")
    tag = tag.strip()
    if tag:
        news = news.filter(tags__name=tag)
    tags = (
        Tag.objects.filter(cms_newspagetag_items__content_object__in=NewsPage.objects.live().child_of(index))
        .order_by("name")
        .distinct()
    )
    return {"news": _paginated_in_reader_language(news, page_number, NEWS_PER_PAGE), "tag": tag, "tags": list(tags)}


def decision_listing(index: DecisionIndexPage, *, status: str = "", page_number=None) -> dict:
    index = source_page(index)
    decisions = (
        DecisionPage.objects.live().child_of(index).select_related("document", "changed_by").order_by("-date", "-pk")
    )
    if status in DecisionStatus.values:
        decisions = decisions.filter(status=status)
    else:
        status = ""
    return {
        "decisions": _paginated_in_reader_language(decisions, page_number, DECISIONS_PER_PAGE),
        "status": status,
        "statuses": DecisionStatus.choices,
    }


def centres_under(khokimiyat: KhokimiyatPage) -> QuerySet[ServiceCentrePage]:
    """Every live centre of the khokimiyat and of the districts below it."""
    return ServiceCentrePage.objects.live().public().descendant_of(khokimiyat).select_related("territory")


def service_listing(index: ServiceIndexPage, *, centre_id="", page_number=None) -> dict:
    index = source_page(index)
    khokimiyat = index.get_parent()
    centres = list(centres_under(khokimiyat).order_by("title"))
    services = ServicePage.objects.live().child_of(index).order_by("title")
    centre = next((c for c in centres if c.pk == _int_or_none(centre_id)), None)
    if centre is not None:
        services = services.filter(centres=centre)
    return {
        "services": _paginated_in_reader_language(services, page_number, SERVICES_PER_PAGE),
        "centres": centres,
        "centre": centre,
    }


def centre_listing(index: ServiceCentreIndexPage, *, features=(), district_id="", page_number=None) -> dict:
    """Centres filtered by accessibility features (all ticked must be present) and district.

    The district choice lists the districts and cities under the khokimiyat that have a centre.
    """
    index = source_page(index)
    khokimiyat = index.get_parent().specific
    centres = centres_under(khokimiyat).order_by("title")
    districts = list(
        Territory.objects.filter(
            kind__in=[TerritoryKind.DISTRICT, TerritoryKind.CITY], path__startswith=khokimiyat.territory.path
        ).order_by("name_uz")
    )
    selected_features = [name for name in FEATURE_NAMES if name in set(features)]
    for name in selected_features:
        centres = centres.filter(**{name: True})
    district = next((d for d in districts if d.pk == _int_or_none(district_id)), None)
    if district is not None:
        centres = centres.filter(territory__path__startswith=district.path)
    return {
        "centres": _paginated_in_reader_language(centres, page_number, CENTRES_PER_PAGE),
        "features": ACCESSIBILITY_FEATURES,
        "selected_features": selected_features,
        "districts": districts if len(districts) > 1 else [],
        "district": district,
    }


def centres_offering(service: ServicePage) -> list[ServiceCentrePage]:
    centres = ServiceCentrePage.objects.live().public().filter(services=source_page(service))
    return in_reader_language(centres.select_related("territory").order_by("title"))


def services_offered_by(centre: ServiceCentrePage) -> list[ServicePage]:
    return in_reader_language(ServicePage.objects.live().public().filter(centres=source_page(centre)).order_by("title"))
