"""Reads of the information centres. Page ``get_context`` methods and views ask here."""

from cms.selectors.pages import (
    centre_listing,
    centres_offering,
    centres_under,
    decision_listing,
    home_regions,
    khokimiyat_overview,
    khokimiyat_pages_live,
    news_listing,
    paginate,
    service_listing,
    services_offered_by,
)

__all__ = [
    "centre_listing",
    "centres_offering",
    "centres_under",
    "decision_listing",
    "home_regions",
    "khokimiyat_overview",
    "khokimiyat_pages_live",
    "news_listing",
    "paginate",
    "service_listing",
    "services_offered_by",
]
