"""What each page type shows besides its own fields: parse the request, ask one selector.

Wagtail renders a page with ``page.get_context(request)``; ``BasePage.get_context`` adds what
the view registered here for the page's type returns. The views live here rather than on the
page models because the selectors they call import the page models. ``CmsConfig.ready``
registers them.
"""

from django.utils import timezone

from cms.models import (
    DecisionIndexPage,
    HomePage,
    KhokimiyatPage,
    NewsIndexPage,
    ServiceCentreIndexPage,
    ServiceCentrePage,
    ServiceIndexPage,
    ServicePage,
)
from cms.models.base import register_context_view
from cms.selectors.pages import (
    centre_listing,
    centres_offering,
    decision_listing,
    home_regions,
    khokimiyat_overview,
    news_listing,
    service_listing,
    services_offered_by,
)


def home(page: HomePage, request) -> dict:
    return {"regions": home_regions()}


def khokimiyat(page: KhokimiyatPage, request) -> dict:
    # Last year's annual report, by the clock the rest of the site reads (``{% now %}`` in the
    # template read another one, which tests that set the date could not move).
    return {**khokimiyat_overview(page), "last_year": timezone.localdate().year - 1}


def news_index(page: NewsIndexPage, request) -> dict:
    return news_listing(page, tag=request.GET.get("tag", ""), page_number=request.GET.get("page"))


def decision_index(page: DecisionIndexPage, request) -> dict:
    return decision_listing(page, status=request.GET.get("status", ""), page_number=request.GET.get("page"))


def service_index(page: ServiceIndexPage, request) -> dict:
    return service_listing(page, centre_id=request.GET.get("centre", ""), page_number=request.GET.get("page"))


def service(page: ServicePage, request) -> dict:
    return {"centres": centres_offering(page)}


def centre_index(page: ServiceCentreIndexPage, request) -> dict:
    return centre_listing(
        page,
        features=request.GET.getlist("feature"),
        district_id=request.GET.get("district", ""),
        page_number=request.GET.get("page"),
    )


def centre(page: ServiceCentrePage, request) -> dict:
    return {"offered_services": services_offered_by(page)}


CONTEXT_VIEWS = {
    HomePage: home,
    KhokimiyatPage: khokimiyat,
    NewsIndexPage: news_index,
    DecisionIndexPage: decision_index,
    ServiceIndexPage: service_index,
    ServicePage: service,
    ServiceCentreIndexPage: centre_index,
    ServiceCentrePage: centre,
}


def register() -> None:
    for page_type, view in CONTEXT_VIEWS.items():
        register_context_view(page_type, view)
