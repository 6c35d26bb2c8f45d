"""Frozen report snapshots through the API (``/api/v1/reports/``) and the open data
(``report-snapshots``): the content exactly as frozen, a hash anyone can recompute from it, no
small count of people, only reports the site publishes, and pages that cost the same queries
however many snapshots there are."""

import hashlib
import json
from datetime import date, datetime

import pytest
from django.conf import settings
from django.core.cache import cache

from participation.transparency.models import ReportSnapshot
from participation.transparency.periods import TASHKENT, Period, PeriodKind, period_parse
from participation.transparency.services import report_snapshot_freeze
from tests.api.conftest import api_queries
from tests.factories.pages import khokimiyat

pytestmark = pytest.mark.django_db

APRIL = datetime(2026, 4, 15, tzinfo=TASHKENT)
MARCH = period_parse("2026-03")


@pytest.fixture(autouse=True)
def fresh_counters():
    """Each test starts with the API's per-address counter at zero."""
    cache.clear()


@pytest.fixture
def pages(home_page, tree):
    """Namangan and Yangiqoʻrgʻon publish their reports on khokimiyat pages; Zomin has no page."""
    region = khokimiyat(home_page, tree.namangan, "namangan")
    return {"namangan": region, "yangiqorgon": khokimiyat(region, tree.yangiqorgon, "yangiqorgon")}


def snapshot_of(territory, kind: str, start: date) -> ReportSnapshot:
    """A snapshot written directly (its content is the freezing tests' business): fast enough to
    make thirty."""
    content = {"territory": {"id": territory.pk}, "period": {"kind": kind, "start": start.isoformat()}, "sections": []}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return ReportSnapshot.objects.create(
        territory=territory,
        period_kind=kind,
        period_start=start,
        method_version="test.1",
        content=content,
        sha256=hashlib.sha256(canonical.encode()).hexdigest(),
        created_at=datetime(start.year + 1, 1, 1, tzinfo=TASHKENT),
    )


def downloaded(client, url: str) -> str:
    """The text of an open-data download (streamed: a table is never held whole in memory)."""
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def people_values(content):
    """Every value of a count of people in the report: table cells and totals, and figures."""
    for section in content["sections"]:
        for figure in section.get("figures", []):
            if figure.get("people"):
                yield figure["value"]
        for table in section.get("tables", []):
            if table["people"]:
                yield table["total"]
                yield from (row["value"] for row in table["rows"])


def test_the_api_serves_the_content_as_frozen_and_its_hash_recomputes_from_it(client, march, pages, tree):
    snapshot = report_snapshot_freeze(territory=tree.yangiqorgon, period=MARCH, now=APRIL)
    answer = client.get(f"/api/v1/reports/{snapshot.pk}/").json()
    snapshot.refresh_from_db()
    assert answer["content"] == snapshot.content
    canonical = json.dumps(answer["content"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() == answer["sha256"] == snapshot.sha256
    assert answer["method_version"] == snapshot.method_version
    assert answer["period"] == {"kind": "month", "start": "2026-03-01", "end": "2026-04-01", "slug": "2026-03"}
    assert answer["territory"]["id"] == tree.yangiqorgon.pk
    assert answer["created_at"]


def test_no_small_count_of_people_appears_in_the_api_answer(client, march, pages, tree):
    # March: 3 signatures from Istiqlol, a hidden cell (and a second one hidden beside it).
    snapshot = report_snapshot_freeze(territory=tree.yangiqorgon, period=MARCH, now=APRIL)
    body = client.get(f"/api/v1/reports/{snapshot.pk}/").json()
    values = list(people_values(body["content"]))
    assert "< 5" in values
    assert not [value for value in values if isinstance(value, int) and 1 <= value <= 4]
    istiqlol = [
        row
        for section in body["content"]["sections"]
        for table in section.get("tables", [])
        if table["people"]
        for row in table["rows"]
        if row["label"] == tree.istiqlol.name_uz
    ]
    assert istiqlol and all(row["value"] == "< 5" for row in istiqlol)
    listed = client.get("/api/v1/reports/").json()
    assert "content" not in listed["results"][0]  # the list names snapshots; the figures are at their id


def test_the_list_costs_the_same_queries_at_3_snapshots_as_at_30(client, pages, tree):
    url = "/api/v1/reports/?page_size=100"
    starts = [date(2020 + n // 12, n % 12 + 1, 1) for n in range(30)]
    for start in starts[:3]:
        snapshot_of(tree.yangiqorgon, PeriodKind.MONTH, start)
    few = api_queries(client, url)
    for start in starts[3:]:
        snapshot_of(tree.yangiqorgon, PeriodKind.MONTH, start)
    assert api_queries(client, url) == few
    assert client.get(url).json()["count"] == 30


def test_only_reports_of_khokimiyats_published_on_the_site_are_listed(client, pages, tree):
    shown = snapshot_of(tree.yangiqorgon, PeriodKind.YEAR, date(2025, 1, 1))
    no_page = snapshot_of(tree.zomin, PeriodKind.YEAR, date(2025, 1, 1))
    pages["namangan"].unpublish()
    unpublished = snapshot_of(tree.namangan, PeriodKind.YEAR, date(2025, 1, 1))
    assert ids(client.get("/api/v1/reports/")) == {shown.pk}
    for hidden in (no_page, unpublished):
        assert client.get(f"/api/v1/reports/{hidden.pk}/").status_code == 404
    rows = json.loads(downloaded(client, "/open-data/report-snapshots.json"))["rows"]
    assert [row["id"] for row in rows] == [shown.pk]


def test_the_list_filters_by_territory_with_what_is_inside_it_period_kind_and_start(client, pages, tree):
    region_year = snapshot_of(tree.namangan, PeriodKind.YEAR, date(2025, 1, 1))
    district_year = snapshot_of(tree.yangiqorgon, PeriodKind.YEAR, date(2025, 1, 1))
    district_march = snapshot_of(tree.yangiqorgon, PeriodKind.MONTH, date(2026, 3, 1))
    district_quarter = snapshot_of(tree.yangiqorgon, PeriodKind.QUARTER, date(2026, 1, 1))
    everything = {region_year.pk, district_year.pk, district_march.pk, district_quarter.pk}
    assert ids(client.get(f"/api/v1/reports/?territory={tree.namangan.pk}")) == everything
    assert ids(client.get(f"/api/v1/reports/?territory={tree.yangiqorgon.pk}")) == everything - {region_year.pk}
    assert ids(client.get("/api/v1/reports/?period_kind=year")) == {region_year.pk, district_year.pk}
    in_2026 = ids(client.get("/api/v1/reports/?date_from=2026-01-01&date_to=2026-03-01"))
    assert in_2026 == {district_march.pk, district_quarter.pk}
    assert ids(client.get("/api/v1/reports/?date_to=2026-02-28")) == {
        region_year.pk,
        district_year.pk,
        district_quarter.pk,
    }
    assert client.get("/api/v1/reports/?period_kind=week").status_code == 400
    # Newest period first, the same order every time.
    order = [row["id"] for row in client.get("/api/v1/reports/").json()["results"]]
    assert order[0] == district_march.pk and set(order[-2:]) == {region_year.pk, district_year.pk}


def test_the_open_data_has_a_row_per_snapshot_that_leads_to_its_content(client, pages, tree):
    made = [
        snapshot_of(tree.yangiqorgon, kind, start)
        for kind, start in (
            (PeriodKind.MONTH, date(2026, 2, 1)),
            (PeriodKind.QUARTER, date(2025, 10, 1)),
            (PeriodKind.YEAR, date(2025, 1, 1)),
        )
    ]
    table = json.loads(downloaded(client, "/open-data/report-snapshots.json"))
    rows = {row["id"]: row for row in table["rows"]}
    assert set(rows) == {snapshot.pk for snapshot in made}
    for snapshot in made:
        row = rows[snapshot.pk]
        period = Period(snapshot.period_kind, snapshot.period_start)
        assert row["territory_id"] == tree.yangiqorgon.pk
        assert row["territory_name"] == tree.yangiqorgon.name_uz
        assert (row["period_kind"], row["period_start"]) == (snapshot.period_kind, period.start.isoformat())
        assert row["period_end"] == period.end.isoformat()
        assert (row["method_version"], row["sha256"]) == (snapshot.method_version, snapshot.sha256)
        assert row["created_at"]
        assert row["json_url"] == f"{settings.SITE_URL}/api/v1/reports/{snapshot.pk}/"
        detail = client.get(row["json_url"].removeprefix(settings.SITE_URL)).json()
        assert detail["sha256"] == row["sha256"]
    csv_lines = downloaded(client, "/open-data/report-snapshots.csv").strip().splitlines()
    assert len(csv_lines) == 1 + len(made)


def test_the_data_package_describes_the_report_snapshots(client, pages, tree):
    snapshot_of(tree.yangiqorgon, PeriodKind.MONTH, date(2026, 2, 1))
    package = json.loads(client.get("/open-data/datapackage.json").content)
    (resource,) = [item for item in package["resources"] if item["name"] == "report-snapshots"]
    assert resource["rows"] == 1
    assert [field["name"] for field in resource["schema"]["fields"]] == [
        "id",
        "territory_id",
        "territory_name",
        "period_kind",
        "period_start",
        "period_end",
        "method_version",
        "sha256",
        "created_at",
        "json_url",
    ]
    assert resource["schema"]["foreignKeys"][0]["reference"]["resource"] == "territories"
