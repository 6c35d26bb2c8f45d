"""The public pages and exports ``bench.growth`` measures, found in one database, with the
queries each costs there.

Run as ``python -m bench.pages [page,page]`` with ``DATABASE_URL`` set to a kept bench database; prints
one JSON object: ``{"urls": {name: path}, "queries": {name: n}, "status": {name: code},
"sitemaps": [path, ...]}``. ``sitemaps`` is what a crawler fetches for the whole sitemap:
``/sitemap.xml`` and, when it is an index, every sitemap it lists.

The same page is found the same way in both data sets (the most signed petition, the
published cycle with the most ballots, the latest answered question ...), so at the large
data set the petition page is the 200,000-signature petition and at the demo's one with ten.
To measure another page, add a function to ``PAGES``: it takes the ``Finder`` and returns a
path (or None when this database has no such page: the page is then left out).

Queries are counted in this process through Django's test client, with
``CaptureQueriesContext``, on the third request of each page: the first two warm what a
running server has warm (caches, locale and site lookups), so the count is what every later
request costs.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import time
from functools import cached_property
from urllib.parse import urlparse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


class Finder:
    """Looks up, once, the objects the pages are about."""

    @cached_property
    def khokimiyat(self):
        from django.utils import translation

        from cms.models import KhokimiyatPage

        with translation.override("uz"):
            page = KhokimiyatPage.objects.live().get(slug="yangiqorgon-tumani")
            return page.url

    @cached_property
    def petition(self):
        from proposals.petitions.models import Petition
        from proposals.petitions.selectors import PUBLIC_STATUSES

        return Petition.objects.filter(status__in=PUBLIC_STATUSES).order_by("-signature_count", "pk").first()

    @cached_property
    def petition_last_page(self) -> int:
        from proposals.petitions.selectors import petitions_public
        from proposals.petitions.views import PER_PAGE

        return max(1, math.ceil(petitions_public().count() / PER_PAGE))

    @cached_property
    def question(self):
        from proposals.questions.models import Question, QuestionStatus

        return (
            Question.objects.filter(
                status=QuestionStatus.PUBLISHED,
                answered_at__isnull=False,
                territory__kind="district",
                territory__name_uz="Yangiqoʻrgʻon tumani",
            )
            .order_by("-published_at", "-pk")
            .first()
        )

    @cached_property
    def cycle(self):
        from proposals.budgeting.models import Cycle

        return (
            Cycle.objects.filter(results_published_at__isnull=False).order_by("-result__ballots_counted", "-pk").first()
        )

    @cached_property
    def project(self):
        from proposals.budgeting.models import Project

        if self.cycle is None:
            return None
        votes = self.cycle.result.votes
        best = max(votes, key=lambda pk: (votes[pk], pk)) if votes else None
        return Project.objects.filter(pk=best).first() if best else None

    sitemap_body: bytes | None = None  # /sitemap.xml as the probe read it (it can take seconds)

    @cached_property
    def sitemaps(self) -> list[str]:
        """``/sitemap.xml`` and, when it is an index, the path of every sitemap it lists."""
        if self.sitemap_body is None:
            from django.test import Client

            self.sitemap_body = _read(Client().get("/sitemap.xml"))
        text = self.sitemap_body.decode()
        if "<sitemapindex" not in text:
            return ["/sitemap.xml"]
        locs = re.findall(r"<sitemap>\s*<loc>([^<]+)</loc>", text)
        return ["/sitemap.xml", *(_path(loc) for loc in locs)]


def _path(url: str) -> str:
    parts = urlparse(url.strip().replace("&amp;", "&"))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _petition(suffix: str):
    return lambda f: f"/uz/petitions/{f.petition.pk}/{suffix}" if f.petition else None


def _report_year() -> str:
    from bench.reports import report_year_slug

    return report_year_slug()


def _cycle(suffix: str):
    return lambda f: f"/uz/budget/{f.cycle.pk}/{suffix}" if f.cycle else None


# name -> path. Anonymous, Uzbek (Latin) unless the name says otherwise.
PAGES = {
    "home_uz": lambda f: "/uz/",
    "home_ru": lambda f: "/ru/",
    "home_uz_cyrl": lambda f: "/uz-cyrl/",
    "khokimiyat": lambda f: f.khokimiyat,
    "khokimiyat_ru": lambda f: f.khokimiyat.replace("/uz/", "/ru/", 1),
    "petitions_list": lambda f: "/uz/petitions/",
    "petitions_list_ru": lambda f: "/ru/petitions/",
    "petitions_search": lambda f: "/uz/petitions/?q=suv",
    "petitions_deep_page": lambda f: f"/uz/petitions/?page={f.petition_last_page}",
    "petitions_most_signed": lambda f: "/uz/petitions/?sort=most_signed",
    "petitions_export_csv": lambda f: "/uz/petitions/export.csv",
    "petitions_export_json": lambda f: "/uz/petitions/export.json",
    "petition": _petition(""),
    "petition_ru": lambda f: f"/ru/petitions/{f.petition.pk}/" if f.petition else None,
    "petition_uz_cyrl": lambda f: f"/uz-cyrl/petitions/{f.petition.pk}/" if f.petition else None,
    "petition_export_csv": _petition("export.csv"),
    "petition_export_json": _petition("export.json"),
    "petition_signatures_svg": _petition("signatures.svg"),
    "questions_list": lambda f: f"{f.khokimiyat}questions/",
    "question": lambda f: f"{f.khokimiyat}questions/{f.question.pk}/" if f.question else None,
    "feed_rss": lambda f: f"{f.khokimiyat}feed/rss/",
    "feed_atom": lambda f: f"{f.khokimiyat}feed/atom/",
    "pb_cycles": lambda f: "/uz/budget/",
    "pb_cycle": _cycle(""),
    "pb_results": _cycle("results/"),
    "pb_results_pb": _cycle("results.pb"),
    "pb_results_csv": _cycle("results.csv"),
    "pb_project": lambda f: f"/uz/budget/projects/{f.project.pk}/" if f.project else None,
    "site_search": lambda f: "/uz/search/?q=suv",
    "sitemap": lambda f: "/sitemap.xml",
    # The district's yearly transparency report, live (not frozen): every section computed.
    "report_year": lambda f: f"{f.khokimiyat}report/{_report_year()}/",
    # The first page of the sitemap once it is an index of pages (issue 13); absent before.
    "sitemap_page": lambda f: f.sitemaps[1] if len(f.sitemaps) > 1 else None,
}


def probe(only: set[str] | None = None) -> dict:
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a missing page is reported below
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # the test client's host, as the bench's own pages use
    finder = Finder()
    client = Client()
    urls, queries, status = {}, {}, {}
    for name, find in PAGES.items():
        if only and name not in only:
            continue
        path = find(finder)
        if path is None:
            continue
        # Two warm-up requests; one for a page that takes seconds (the count is the same).
        started = time.monotonic()
        _read(client.get(path))
        if time.monotonic() - started < 2:
            _read(client.get(path))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            body = _read(response)
        if path == "/sitemap.xml":
            finder.sitemap_body = body
        urls[name], queries[name], status[name] = path, len(captured.captured_queries), response.status_code
        if response.status_code != 200:
            sys.stderr.write(f"[bench.pages] {name} {path}: HTTP {response.status_code}\n")
    sitemaps = finder.sitemaps if "sitemap" in urls else []
    return {"urls": urls, "queries": queries, "status": status, "sitemaps": sitemaps}


def _read(response) -> bytes:
    """The whole body, streamed or not (a streamed export runs its queries while it streams)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


if __name__ == "__main__":
    print(json.dumps(probe(set(sys.argv[1].split(",")) if len(sys.argv) > 1 else None)), flush=True)
