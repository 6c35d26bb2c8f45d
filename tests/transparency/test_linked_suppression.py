"""A hidden cell must not come back by subtraction across tables: a year against its months, a
region against its districts, a figure against the tables that split it.

The attacker here is independent of the rule's own audit: it knows only what is published and
which sums hold, and solves every sum that has one unknown left, again and again, the way a
journalist with a spreadsheet would.
"""

from datetime import datetime

import pytest

from participation.models import Channel
from participation.transparency.linked import Audit, Sum, protect
from participation.transparency.periods import TASHKENT, period_parse
from participation.transparency.selectors import report_compute, report_family
from participation.transparency.services import report_snapshot_freeze, report_snapshots_freeze_closed
from participation.transparency.suppression import HIDDEN, SUPPRESSED, is_hidden
from proposals.petitions.models import PetitionStatus
from proposals.questions.models import Question
from tests.factories.accounts import UserFactory
from tests.factories.petitions import PetitionFactory
from tests.transparency.conftest import sign

pytestmark = pytest.mark.django_db
AFTER_2025 = datetime(2026, 2, 1, tzinfo=TASHKENT)
YEAR = period_parse("2025")
MONTHS = YEAR.parts("month")
QUARTERS = YEAR.parts("quarter")


def _cells(content) -> dict:
    """(section, item, row) → published value, for the people counts of a report."""
    cells = {}
    for section in content["sections"]:
        for item in section.get("figures", []):
            if item.get("people"):
                cells[section["key"], item["key"], "="] = item["value"]
        for item in section.get("tables", []):
            if item.get("people") and item.get("total", None) is not None:
                for row in item["rows"]:
                    cells[section["key"], item["key"], row["key"]] = row["value"]
                cells[section["key"], item["key"], "total"] = item["total"]
    return cells


def attack(whole: dict, parts: list[dict]) -> dict:
    """Every cell that subtraction gives back: within each report (total minus its rows, a
    figure equal to the totals that split it) and between ``whole`` and the sum of ``parts``.
    Returns recovered cell → value."""
    reports = [_cells(whole), *(_cells(part) for part in parts)]
    relations = []  # (sum cell, [cells]) with cells as (report index, key)
    for index, cells in enumerate(reports):
        tables = {(section, item) for section, item, row in cells if row == "total"}
        for section, item in tables:
            rows = [(index, key) for key in cells if key[:2] == (section, item) and key[2] != "total"]
            relations.append(((index, (section, item, "total")), rows))
        for figure in [key for key in cells if key[2] == "="]:
            for section, item in tables:
                if section == figure[0] and _splits(whole, section, item):
                    relations.append(((index, figure), [(index, (section, item, "total"))]))
    keys = set().union(*(cells.keys() for cells in reports))
    for key in keys:
        relations.append(((0, key), [(index, key) for index in range(1, len(reports))]))
    known = {(index, key): value for index, cells in enumerate(reports) for key, value in cells.items()}
    for index, cells in enumerate(reports):  # a row a table leaves out is a published zero
        for key in keys:
            if key[:2] in {k[:2] for k in cells} and key not in cells:
                known[index, key] = 0
    recovered = {}
    changed = True
    while changed:
        changed = False
        for total, cells in relations:
            unknown = [cell for cell in [total, *cells] if cell not in known or is_hidden(known[cell])]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            others = sum(known[c] for c in cells if c != cell)
            known[cell] = recovered[cell] = known[total] - others if cell != total else others
            changed = True
    return recovered


def _splits(content, section_key, item_key) -> bool:
    section = next(s for s in content["sections"] if s["key"] == section_key)
    return bool(next(item for item in section["tables"] if item["key"] == item_key).get("whole"))


def small_ones(recovered: dict) -> dict:
    return {cell: value for cell, value in recovered.items() if 0 < value < 5}


def channel_cells(content) -> dict:
    section = next(s for s in content["sections"] if s["key"] == "participants")
    table = next(t for t in section["tables"] if t["key"] == "acts_by_channel")
    return {row["key"]: row["value"] for row in table["rows"]} | {"total": table["total"]}


@pytest.fixture
def petition(tree):
    return PetitionFactory(territory=tree.yangiqorgon, status=PetitionStatus.GATHERING, closes_at=None)


@pytest.fixture
def kiosk_year(tree, petition):
    """2025 in Yangiqoʻrgʻon: 3 kiosk signatures in January (hidden in January's report), 5 in
    February, and online signatures both months: the year's kiosk count minus February's is
    January's 3."""
    navbahor = tree.navbahor
    sign(petition, navbahor, datetime(2025, 1, 10, tzinfo=TASHKENT), 10, channel=Channel.WEB)
    sign(petition, navbahor, datetime(2025, 1, 11, tzinfo=TASHKENT), 3, channel=Channel.KIOSK)
    sign(petition, navbahor, datetime(2025, 2, 10, tzinfo=TASHKENT), 12, channel=Channel.WEB)
    sign(petition, navbahor, datetime(2025, 2, 11, tzinfo=TASHKENT), 5, channel=Channel.KIOSK)
    return tree.yangiqorgon


def test_the_year_minus_the_other_months_does_not_give_a_hidden_month_back(kiosk_year, settings):
    settings.REPORTS_START = None
    report_snapshots_freeze_closed(now=AFTER_2025)
    months = [report_snapshot_freeze(territory=kiosk_year, period=m, now=AFTER_2025).content for m in MONTHS]
    year = report_snapshot_freeze(territory=kiosk_year, period=YEAR, now=AFTER_2025).content
    assert channel_cells(months[0])[Channel.KIOSK] == SUPPRESSED
    assert channel_cells(months[1])[Channel.KIOSK] == 5
    # Before the rule the year showed 8 kiosk signatures: 8 - 5 = January's 3.
    assert is_hidden(channel_cells(year)[Channel.KIOSK])
    assert small_ones(attack(year, months)) == {}
    quarters = [report_snapshot_freeze(territory=kiosk_year, period=q, now=AFTER_2025).content for q in QUARTERS]
    assert small_ones(attack(year, quarters)) == {}
    assert small_ones(attack(quarters[0], months[:3])) == {}


def test_a_figure_does_not_give_back_the_total_its_table_hides(tree, petition):
    """One signature and five questions in a month: the table by kind hides both and its
    total, so the acts figure beside it must not publish that total."""
    sign(petition, tree.navbahor, datetime(2025, 3, 10, tzinfo=TASHKENT), 1)
    for _ in range(5):
        Question.objects.create(territory=tree.yangiqorgon, author=UserFactory(), title="Savol", text="Matn")
    Question.objects.update(created_at=datetime(2025, 3, 12, tzinfo=TASHKENT))
    month = report_compute(tree.yangiqorgon, period_parse("2025-03"))
    assert small_ones(attack(month, [])) == {}
    section = next(s for s in month["sections"] if s["key"] == "participants")
    assert section["figures"][0]["value"] == HIDDEN


def test_a_regions_report_counts_no_people_so_it_cannot_give_its_own_back(tree, petition):
    """Two signatures on a petition of the region itself beside ten in its district: the
    region's count minus the district's would be those two. The region's report keeps its
    counts of things and publishes no count of people."""
    own = PetitionFactory(territory=tree.namangan, status=PetitionStatus.GATHERING, closes_at=None)
    sign(petition, tree.navbahor, datetime(2025, 3, 10, tzinfo=TASHKENT), 10)
    sign(own, tree.navbahor, datetime(2025, 3, 11, tzinfo=TASHKENT), 2)
    region = report_compute(tree.namangan, period_parse("2025-03"))
    district = report_compute(tree.yangiqorgon, period_parse("2025-03"))
    assert _cells(region) == {}
    assert channel_cells(district)[Channel.WEB] == 10
    petitions = next(s for s in region["sections"] if s["key"] == "petitions")
    assert {item["key"] for item in petitions["figures"]} >= {"received", "published"}


def test_a_report_with_nothing_to_give_back_is_published_as_it_was(kiosk_year):
    """February alone has no small cell anywhere: the rule changes nothing of it."""
    february = period_parse("2025-02")
    members, sums = report_family(kiosk_year, february, now=AFTER_2025)
    assert (members, sums) == ([], [])
    cells = channel_cells(report_compute(kiosk_year, february))
    assert cells[Channel.WEB] == 12 and cells[Channel.KIOSK] == 5 and cells["total"] == 17


def test_the_audit_reads_hidden_as_five_or_more_and_at_most_the_smallest_shown():
    """A small cell, a "hidden" one and 9 shown: with a total of 17 the two hidden add up to 8,
    the "hidden" one is 5 to 8 and the small one 1 to 3: not pinned. With 15 they add up to 6,
    and as "hidden" is at least 5 the small one can only be 1."""
    for total, pinned in ((17, False), (15, True)):
        audit = Audit()
        audit.add_published("small", SUPPRESSED)
        audit.add_published("hidden", HIDDEN, ceiling=9)
        audit.add_published("shown", 9)
        audit.add_published("total", total)
        audit.add_sum("total", ["small", "hidden", "shown"])
        assert ("small" in audit.given_back()) is pinned


def test_protect_hides_the_wholes_cell_when_a_part_would_be_given_back():
    def content(value):
        return {
            "sections": [
                {
                    "key": "s",
                    "figures": [],
                    "tables": [{"key": "t", "people": True, "rows": [{"key": "a", "value": value}], "total": value}],
                }
            ]
        }

    parts = {"jan": content(SUPPRESSED), "feb": content(6)}
    year = protect(content(9), "year", parts, [Sum("year", ("jan", "feb"))])
    assert year["sections"][0]["tables"][0]["rows"][0]["value"] == HIDDEN
    assert year["sections"][0]["tables"][0]["total"] == HIDDEN
