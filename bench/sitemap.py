"""The sitemap at ten thousand petitions, against Django's stock sitemap of the same petitions.

The baseline is what the site served before (and what ``django.contrib.sitemaps`` does out of
the box): one sitemap of every published petition in every language, built from model
instances with their ``hreflang`` alternates. Measured on our side, with the cache renewed
before every run so that each is built from the database:

* ``sitemap_petitions_crawl_ms``: the index and every petitions page of it, one after another
  (what a crawler fetches for the same entries);
* ``sitemap_page_ms``: one full page (2,500 entries);
* ``sitemap_page_peak_mb``: the memory Python allocates at the peak of building one page,
  against the stock sitemap's peak (tracemalloc).
"""

import statistics
import time
import tracemalloc

PETITIONS = 10_000


def _stock_sitemap_view():
    from django.conf import settings
    from django.contrib.sitemaps import Sitemap
    from django.contrib.sitemaps.views import sitemap
    from django.urls import reverse

    from proposals.petitions.models import Petition
    from proposals.petitions.transitions import PUBLIC_STATUSES

    class StockPetitionSitemap(Sitemap):
        i18n = True
        alternates = True
        x_default = True
        languages = [code for code, _label in settings.LANGUAGES]

        def items(self):
            return Petition.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk")

        def location(self, petition):
            return reverse("petitions:detail", args=[petition.pk])

        def lastmod(self, petition):
            return petition.answered_at or petition.threshold_reached_at or petition.published_at

    return lambda request: sitemap(request, {"petitions": StockPetitionSitemap}).render()


def _seed_petitions() -> None:
    """Published petitions, bulk-inserted, until there are ``PETITIONS`` (rows only: the
    sitemap reads nothing else)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from participation.models import Territory, TerritoryKind
    from proposals.petitions.models import Petition, PetitionStatus
    from proposals.petitions.transitions import PUBLIC_STATUSES

    missing = PETITIONS - Petition.objects.filter(status__in=PUBLIC_STATUSES).count()
    author = get_user_model().objects.order_by("pk").first() or get_user_model().objects.create(
        email="bench@example.org"
    )
    territory = Territory.objects.filter(kind=TerritoryKind.DISTRICT).order_by("pk").first()
    now = timezone.now()
    Petition.objects.bulk_create(
        (
            Petition(
                territory=territory,
                author=author,
                title=f"Petitsiya {number}",
                text="Mahallamizdagi yoʻlni taʼmirlash kerak.",
                status=PetitionStatus.COLLECTING,
                invite_token=get_random_string(32),
                created_at=now,
                published_at=now,
                signatures_needed=1000,
                cosponsors_needed=3,
                collection_days=30,
                verification_level=1,
                residents_only=False,
            )
            for number in range(max(0, missing))
        ),
        batch_size=1000,
    )


def _slow_ms(function, repeat: int = 2) -> float:
    """Median milliseconds of a run that takes seconds (no warm-up runs: it warms itself)."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _peak_mb(function) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def sitemap_benchmarks(emit, timed, client) -> None:
    """Adds the published petitions it needs (a user and a district must exist)."""
    import re
    from urllib.parse import urlsplit

    from django.test import RequestFactory

    from participation.web.sitemap import sitemap_generation_renew

    _seed_petitions()
    stock = _stock_sitemap_view()
    request = RequestFactory().get("/sitemap.xml")

    def crawl_petitions():
        sitemap_generation_renew()
        index = client.get("/sitemap.xml").content.decode()
        for location in re.findall(r"<loc>([^<]+sitemap-petitions-[^<]+)</loc>", index):
            client.get(urlsplit(location).path)

    def one_page():
        sitemap_generation_renew()
        client.get("/sitemap-petitions-1.xml")

    stock_ms = _slow_ms(lambda: stock(request))
    emit("sitemap_petitions_crawl_ms", timed(crawl_petitions, repeat=3), "ms", stock_ms)
    emit("sitemap_page_ms", timed(one_page, repeat=10), "ms", stock_ms)
    emit("sitemap_page_peak_mb", _peak_mb(one_page), "MB", _peak_mb(lambda: stock(request)))
