"""The petitions section against figures computed by hand from the crafted March (conftest)."""

import pytest

from participation.transparency.periods import period_parse
from participation.transparency.suppression import HIDDEN, SUPPRESSED
from proposals.petitions import report


def by_key(items):
    return {item["key"]: item for item in items}


@pytest.fixture
def section(march, tree):
    return report.compute(tree.yangiqorgon, period_parse("2026-03"))


def test_march_counts_what_was_received_published_decided_and_answered(section):
    figures = {key: item["value"] for key, item in by_key(section["figures"]).items()}
    assert figures == {
        "received": 2,  # the one over the threshold and the rejected one (not the draft, not Zomin's, not 1 April's)
        "published": 1,
        "rejected": 1,
        "threshold_reached": 2,
        "answered_on_time": 1,
        "answered_late": 1,
        "overdue": 2,  # unanswered since 20 March, and the one answered only on 5 April
        "median_days_to_answer": 22.5,  # of 7 and 38 days
        "p90_days_to_answer": 34.9,  # 7 + 0.9 * (38 - 7)
    }


def test_rejections_are_counted_by_their_reason(section, march):
    rows = by_key(section["tables"])["rejected_by_reason"]["rows"]
    assert [(row["key"], row["value"]) for row in rows] == [(march["reason"].code, 1)]


def test_signatures_by_mahalla_hide_the_small_mahalla_and_one_more(section, tree):
    signatures = by_key(section["tables"])["signatures_by_mahalla"]
    # Istiqlol 3 (hidden), Navbahor 13 (12 + the one withdrawn after March), not recorded 6.
    # The total 22 is published, so the next smallest (6) is hidden too, as "hidden" (it is not
    # under 5): 22 - 13 = 9 is Istiqlol's 1 to 4 plus 5 to 13, which leaves Istiqlol open.
    assert [(row["label"], row["value"]) for row in signatures["rows"]] == [
        ("Istiqlol", SUPPRESSED),
        ("Navbahor", 13),
        ("", HIDDEN),
    ]
    assert signatures["total"] == 22
    assert signatures["people"] is True


def test_the_year_adds_februarys_signatures_and_drops_those_withdrawn_before_its_end(march, tree):
    year = report.compute(tree.yangiqorgon, period_parse("2026"))
    signatures = by_key(year["tables"])["signatures_by_mahalla"]
    # Navbahor: 12 in March + 10 in February; the one withdrawn on 2 April no longer stands.
    assert [row["value"] for row in signatures["rows"]] == [SUPPRESSED, 22, HIDDEN]
    assert signatures["total"] == 31


def test_the_region_report_includes_its_districts_petitions(march, tree):
    region = report.compute(tree.namangan, period_parse("2026-03"))
    assert by_key(region["figures"])["received"]["value"] == 2
    zomin = report.compute(tree.zomin, period_parse("2026-03"))
    assert by_key(zomin["figures"])["received"]["value"] == 1
