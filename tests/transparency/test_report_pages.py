"""The report pages of a khokimiyat, their CSV and JSON, as a journalist would use them."""

import csv
import io
import json
from datetime import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.models import ReasonCode
from participation.moderation.models import ModerationItem
from participation.transparency.models import ReportSnapshot
from participation.transparency.periods import TASHKENT, period_parse
from participation.transparency.registry import table
from participation.transparency.selectors import report_compute, report_hash, report_method_version
from participation.transparency.services import report_snapshot_freeze
from participation.transparency.suppression import HIDDEN, SUPPRESSED
from proposals.petitions.models import Petition, PetitionEvent, PetitionStatus, Signature
from tests.factories.petitions import PetitionFactory
from tests.factories.territories import mahalla
from tests.transparency.conftest import at, sign

APRIL = datetime(2026, 4, 15, 12, tzinfo=TASHKENT)
MARCH_URL = "/en/namangan/yangiqorgon/report/2026-03/"


@pytest.fixture
def in_april():
    with mock.patch("django.utils.timezone.now", return_value=APRIL):
        yield APRIL


def rows_of(html: str, caption_start: str) -> list[list[str]]:
    """The body rows of the table whose caption starts with ``caption_start``, cell texts only."""
    import re

    tables = re.findall(r"<table.*?</table>", html, flags=re.S)
    (found,) = [t for t in tables if re.search(r"<caption[^>]*>\s*" + re.escape(caption_start), t)]
    body = re.search(r"<tbody>(.*?)</tbody>", found, flags=re.S).group(1)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


def test_the_month_report_shows_each_figure_beside_the_month_before(client, pages, march, in_april):
    response = client.get(MARCH_URL)
    assert response.status_code == 200
    html = response.content.decode()
    figures = {row[0]: row[1:] for row in rows_of(html, "Petitions in 2026-03")}
    assert figures["Petitions received"] == ["2", "2", "0"]  # February's two: answered since
    assert figures["Petitions answered late"] == ["1", "0", "+1"]
    assert figures["Median days to answer a petition"] == ["22.5", "—", "—"]
    signatures = rows_of(html, "Signatures by mahalla")
    assert signatures == [
        ["Istiqlol", "&lt; 5", "—", "—"],
        ["Navbahor", "13", "10", "+3"],
        ["Mahalla not recorded", "hidden", "—", "—"],
    ]
    # "hidden" is explained where it is used, and no cell of 5 or more is called "< 5".
    assert "hidden so that a small count cannot be worked out from the total" in html
    assert "<svg" in html and "<script" not in html


def test_a_closed_and_frozen_period_shows_its_hash_and_the_current_one_is_live(client, pages, march, in_april):
    snapshot = report_snapshot_freeze(territory=pages.yangiqorgon.territory, period=period_parse("2026-03"))
    frozen = client.get(MARCH_URL).content.decode()
    assert snapshot.sha256 in frozen and "Live:" not in frozen
    assert "Live:" in client.get("/en/namangan/yangiqorgon/report/2026-04/").content.decode()
    assert "Live:" in client.get("/en/namangan/yangiqorgon/report/2026/").content.decode()


@pytest.mark.parametrize("slug", ["2026-13", "2026-05", "2027", "abc"])
def test_a_future_or_mistyped_period_is_not_found(client, pages, in_april, slug):
    assert client.get(f"/en/namangan/yangiqorgon/report/{slug}/").status_code == 404


def test_the_csv_holds_the_pages_figures_and_hides_the_same_cells(client, pages, march, in_april):
    response = client.get("/en/namangan/yangiqorgon/report/2026-03/csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["section", "table", "row", "label", "value", "previous_period"]
    by_key = {(line[0], line[1], line[2]): line[4:] for line in lines[1:]}
    assert by_key[("petitions", "", "received")] == ["2", "2"]
    assert by_key[("petitions", "", "median_days_to_answer")] == ["22.5", ""]
    mahalla_rows = [line for line in lines if line[1] == "signatures_by_mahalla"]
    assert [line[4] for line in mahalla_rows] == [SUPPRESSED, "13", HIDDEN, "22"]
    assert by_key[("questions", "", "received")] == ["0", "0"]


def test_the_json_is_the_snapshot_whose_hash_anyone_can_recompute(client, pages, march, in_april):
    snapshot = report_snapshot_freeze(territory=pages.yangiqorgon.territory, period=period_parse("2026-03"))
    data = json.loads(client.get("/en/namangan/yangiqorgon/report/2026-03/json/").content)
    assert data["live"] is False and data["sha256"] == snapshot.sha256
    assert report_hash(data["report"]) == snapshot.sha256
    (petitions,) = [s for s in data["report"]["sections"] if s["key"] == "petitions"]
    (signatures,) = [t for t in petitions["tables"] if t["key"] == "signatures_by_mahalla"]
    assert [row["value"] for row in signatures["rows"]] == [SUPPRESSED, 13, HIDDEN]


def test_an_unknown_download_format_is_not_found(client, pages, in_april):
    assert client.get("/en/namangan/yangiqorgon/report/2026-03/xlsx/").status_code == 404


def test_mahalla_names_are_escaped_in_the_table_and_the_chart(client, pages, tree, in_april):
    odd = mahalla(tree.yangiqorgon, '<img src=x onerror="alert(1)">')
    petition = PetitionFactory(territory=tree.yangiqorgon, status=PetitionStatus.COLLECTING, created_at=at(3, 1))
    sign(petition, odd, at(3, 2), 6)
    html = client.get(MARCH_URL).content.decode()
    assert "<img src=x" not in html
    assert html.count("&lt;img src=x") >= 2  # the table row and the chart label


def test_the_khokimiyat_page_links_last_years_annual_report(client, pages, in_april):
    html = client.get("/en/namangan/yangiqorgon/").content.decode()
    assert 'href="/en/namangan/yangiqorgon/report/2025/"' in html


def test_a_report_page_costs_the_same_queries_at_3_rows_as_at_30(client, pages, tree, in_april):
    def grow(start: int, stop: int) -> None:
        for number in range(start, stop):
            place = mahalla(tree.yangiqorgon, f"Mahalla {number}")
            petition = PetitionFactory(
                territory=place,
                status=PetitionStatus.ANSWERED,
                created_at=at(3, 1),
                published_at=at(3, 2),
                threshold_reached_at=at(3, 3),
                answer_due_at=at(3, 20),
                answered_at=at(3, 5 + number % 20),
            )
            sign(petition, place, at(3, 4), 1 + number % 7)
            sign(petition, place, at(2, 4), 2)

    def queries() -> int:
        cache.clear()  # March is not frozen: computed, not read from the live cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(MARCH_URL).status_code == 200
        return len(captured)

    grow(0, 3)
    client.get(MARCH_URL)  # Wagtail's site root paths, cached once
    at_3 = queries()
    grow(3, 30)
    assert queries() == at_3


def frozen_with(territory, period, section_key: str, *, figures=None, tables=None):
    """March frozen as computed, with one section's figures and tables replaced by crafted
    ones: the page shows whatever the snapshot holds."""
    content = report_compute(territory, period)
    for section in content["sections"]:
        if section["key"] == section_key:
            section["figures"] = figures if figures is not None else section["figures"]
            section["tables"] = tables if tables is not None else section["tables"]
    return ReportSnapshot.objects.create(
        territory=territory,
        period_kind=period.kind,
        period_start=period.start,
        method_version=report_method_version(),
        content=content,
        sha256=report_hash(content),
        created_at=APRIL,
    )


def test_soum_and_other_large_figures_are_shown_with_their_digits_grouped(client, pages, tree, in_april):
    frozen_with(
        tree.yangiqorgon,
        period_parse("2026-03"),
        "budgeting",
        figures=[{"key": "money_funded", "value": 650_000_000, "people": False}],
        tables=[table("money_by_mahalla", [(str(tree.navbahor.pk), "Navbahor", 1_250_000)], people=False)],
    )
    html = client.get(MARCH_URL).content.decode()
    money = {row[0]: row[1] for row in rows_of(html, "Participatory budgeting in 2026-03")}
    assert money["Money for funded projects (soum)"] == "650\u202f000\u202f000"
    by_mahalla = rows_of(html, "Money for funded projects by mahalla (soum)")
    assert by_mahalla[0][:2] == ["Navbahor", "1\u202f250\u202f000"]
    assert ">1\u202f250\u202f000</text>" in html  # the chart's label too
    # The downloads keep plain numbers for programs.
    lines = csv.reader(io.StringIO(client.get(MARCH_URL + "csv/").content.decode("utf-8-sig")))
    assert ["budgeting", "", "money_funded", "Money for funded projects (soum)", "650000000", "0"] in list(lines)


def test_reason_labels_are_in_the_readers_language_or_say_they_are_uzbek(client, pages, tree, in_april):
    translated = ReasonCode.objects.create(code="crafted-rude", label_uz="Haqorat", label_ru="Оскорбление")
    uzbek_only = ReasonCode.objects.create(code="crafted-local", label_uz="Mahalla ishi emas")
    reasons = [(translated.code, translated.label_uz, 2), (uzbek_only.code, uzbek_only.label_uz, 1)]
    frozen_with(
        tree.yangiqorgon,
        period_parse("2026-03"),
        "petitions",
        tables=[table("rejected_by_reason", reasons, people=False)],
    )

    russian = client.get(MARCH_URL.replace("/en/", "/ru/")).content.decode()
    assert '<th scope="row">Оскорбление</th>' in russian and "Haqorat" not in russian
    assert '<th scope="row" lang="uz-Latn">Mahalla ishi emas</th>' in russian
    assert 'lang="uz-Latn">Mahalla ishi emas</text>' in russian  # the chart's label too
    english = client.get(MARCH_URL).content.decode()
    assert '<th scope="row" lang="uz-Latn">Haqorat</th>' in english
    uzbek = client.get(MARCH_URL.replace("/en/", "/uz/")).content.decode()
    assert '<th scope="row">Mahalla ishi emas</th>' in uzbek  # the page's own language: no lang
    cyrillic = client.get(MARCH_URL.replace("/en/", "/uz-cyrl/")).content.decode()
    assert '<th scope="row">Маҳалла иши эмас</th>' in cyrillic


REPORT_TABLES = [model._meta.db_table for model in (Petition, PetitionEvent, Signature, ModerationItem)]


def report_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if any(f'"{t}"' in q["sql"] for t in REPORT_TABLES)]


def test_a_live_report_is_computed_once_and_served_from_the_cache_on_the_next_view(client, pages, march):
    during_april = datetime(2026, 4, 20, 12, tzinfo=TASHKENT)
    april_url = "/en/namangan/yangiqorgon/report/2026-04/"
    cache.clear()
    with mock.patch("django.utils.timezone.now", return_value=during_april):
        client.get(april_url)  # Wagtail's site root paths, cached once
        cache.clear()
        with CaptureQueriesContext(connection) as first:
            assert "Live:" in client.get(april_url).content.decode()
        with CaptureQueriesContext(connection) as second:
            again = client.get(april_url).content.decode()
    assert report_queries(first)  # computed: April, and March (closed, not frozen yet)
    assert report_queries(second) == []
    assert "Live:" in again and "Petitions received" in again


def test_with_redis_down_a_live_report_is_still_served_computed_each_time(client, pages, march, cache_down):
    during_april = datetime(2026, 4, 20, 12, tzinfo=TASHKENT)
    with mock.patch("django.utils.timezone.now", return_value=during_april):
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/en/namangan/yangiqorgon/report/2026-04/")
            assert response.status_code == 200 and "Live:" in response.content.decode()
            assert report_queries(captured)


def test_a_regions_report_counts_no_people_and_links_to_its_districts_reports(client, pages, march, in_april):
    html = client.get("/en/namangan/report/2026-03/").content.decode()
    assert "A region’s report counts no people" in html
    assert 'href="/en/namangan/yangiqorgon/report/2026-03/"' in html
    assert "Signatures by mahalla" not in html
    assert "Signatures by mahalla" in client.get(MARCH_URL).content.decode()
