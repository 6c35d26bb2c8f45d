"""``make bench``: figures against PostgreSQL, each next to a baseline measured in the same run.

Every line is ``{"name", "value", "unit", "baseline", "ratio"}``. The baseline is the
simplest thing doing comparable work on the same machine at the same moment, so the ratio
stays meaningful on a noisy machine where absolute milliseconds do not.
"""

import json
import os
import statistics
import time

# Its own database (the test copy is test_participation_bench), so a bench never clobbers the
# test database of a CI run on the same server.
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/participation_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participation.config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.anonymous_pages import anonymous_page_benchmarks  # noqa: E402
from bench.budget_tally import pb_tally_benchmarks  # noqa: E402
from bench.growth import growth_benchmarks  # noqa: E402
from bench.languages import language_benchmarks  # noqa: E402
from bench.publish import publish_benchmarks  # noqa: E402
from bench.reports import report_benchmarks  # noqa: E402
from bench.signatures import signature_benchmarks  # noqa: E402
from bench.sitemap import sitemap_benchmarks  # noqa: E402


def timed(function, repeat: int = 30) -> float:
    """Median milliseconds of ``repeat`` runs after two warm-up runs."""
    for _ in range(2):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def emit(name: str, value: float, unit: str, baseline: float) -> None:
    print(
        json.dumps(
            {
                "name": name,
                "value": round(value, 3),
                "unit": unit,
                "baseline": round(baseline, 3),
                "ratio": float(f"{value / baseline:.3g}") if baseline else None,
            }
        ),
        flush=True,
    )


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("make bench measures PostgreSQL: set DATABASE_URL=postgres://...")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from participation.models import Territory, TerritoryKind
        from participation.selectors import regions_with_khokimiyats, territory_descendants
        from participation.services.territories import territories_load_reference

        territories_load_reference()
        client = Client()
        # Baseline: robots.txt, a bare view behind the same middleware stack, the floor any page sits on.
        emit("home_page_ms", timed(lambda: client.get("/uz/")), "ms", timed(lambda: client.get("/robots.txt")))

        region = Territory.objects.get(code="UZ-NG")
        emit(
            "territory_descendants_ms",
            timed(lambda: list(territory_descendants(region))),
            "ms",
            timed(lambda: list(Territory.objects.filter(pk=region.pk))),  # one-row primary-key read
        )
        emit(
            "regions_with_khokimiyats_ms",
            timed(lambda: regions_with_khokimiyats()),
            "ms",
            timed(lambda: list(Territory.objects.filter(kind__in=[TerritoryKind.REGION, TerritoryKind.DISTRICT]))),
        )
        information_centre_benchmarks(client)
        anonymous_page_benchmarks(emit, timed)
        language_benchmarks(emit, timed, client)
        sitemap_benchmarks(emit, timed, client)
        signature_benchmarks(emit)
        pb_tally_benchmarks(emit)
        publish_benchmarks(emit)
        # Its own kept databases (the demo and the large data set), seeded on the first run.
        growth_benchmarks(emit, table=os.environ.get("BENCH_GROWTH_TABLE"))
        # The district's yearly report on the same kept large database (seeded by the growth part).
        report_benchmarks(emit)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def information_centre_benchmarks(client: Client) -> None:
    """Pages a resident opens most, on the demo content, against robots.txt; site search
    against a plain ``icontains`` scan of service titles (what search would be without an index)."""
    from django.utils import translation

    from cms.demo import demo_content_seed
    from cms.models import KhokimiyatPage, ServiceCentreIndexPage, ServicePage
    from cms.selectors.search import site_search
    from participation.demo import demo_seed

    demo_seed()
    demo_content_seed()
    robots = timed(lambda: client.get("/robots.txt"))
    with translation.override("uz"):
        district = KhokimiyatPage.objects.live().get(slug="yangiqorgon-tumani")
        urls = {
            "khokimiyat_page_ms": district.url,
            "service_page_ms": ServicePage.objects.live().descendant_of(district).first().url,
            "service_centres_list_ms": ServiceCentreIndexPage.objects.live().descendant_of(district).first().url
            + "?feature=step_free_entrance",
        }
    for name, url in urls.items():
        emit(name, timed(lambda url=url: client.get(url)), "ms", robots)
    with translation.override("uz"):
        emit(
            "site_search_ms",
            timed(lambda: site_search("tug'ilish")),
            "ms",
            timed(lambda: list(ServicePage.objects.live().filter(title__icontains="tugʻilish"))),
        )


if __name__ == "__main__":
    main()
