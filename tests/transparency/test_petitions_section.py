"""The petitions section against figures computed by hand from the crafted March (conftest)."""

import pytest

from participation.transparency.periods import period_parse
from participation.transparency.suppression import HIDDEN, SUPPRESSED
from proposals.petitions import report
from proposals.petitions.models import Petition, PetitionEvent, PetitionStatus
from tests.factories.petitions import PetitionFactory
from tests.transparency.conftest import at, submitted


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


def test_received_counts_first_submissions_so_a_closed_months_figure_never_changes(march, tree):
    february, march_period = period_parse("2026-02"), period_parse("2026-03")
    before = {
        p: by_key(report.compute(tree.yangiqorgon, p)["figures"])["received"]["value"] for p in (february, march_period)
    }
    # Drafted in February, sent to moderation in March: March's, not February's.
    late = PetitionFactory(
        territory=tree.yangiqorgon, status=PetitionStatus.DRAFT, created_at=at(2, 20), closes_at=None
    )
    submitted(late, at(3, 3))
    # Later life changes nothing: rejected, appealed back to moderation, withdrawn in April.
    for source, target, when in (
        (PetitionStatus.MODERATION, PetitionStatus.REJECTED, at(4, 2)),
        (PetitionStatus.REJECTED, PetitionStatus.MODERATION, at(4, 3)),
        (PetitionStatus.MODERATION, PetitionStatus.WITHDRAWN, at(4, 4)),
    ):
        PetitionEvent.objects.create(petition=late, from_status=source, to_status=target, created_at=when)
    Petition.objects.filter(pk=late.pk).update(status=PetitionStatus.WITHDRAWN)
    # A draft written in March and never sent, and March's own petition withdrawn in April.
    PetitionFactory(territory=tree.yangiqorgon, status=PetitionStatus.DRAFT, created_at=at(3, 9), closes_at=None)
    Petition.objects.filter(pk=march["petition"].pk).update(status=PetitionStatus.WITHDRAWN)

    after = {
        p: by_key(report.compute(tree.yangiqorgon, p)["figures"])["received"]["value"] for p in (february, march_period)
    }
    assert after == {february: before[february], march_period: before[march_period] + 1}
    april = by_key(report.compute(tree.yangiqorgon, period_parse("2026-04"))["figures"])["received"]["value"]
    assert april == 1  # 1 April's petition (01:00 Tashkent); the appeal is not a new one
