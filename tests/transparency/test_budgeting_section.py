"""The participatory budgeting section against figures computed by hand."""

from participation.transparency.periods import period_parse
from participation.transparency.suppression import HIDDEN, SUPPRESSED
from proposals.budgeting import report
from proposals.budgeting.models import (
    BallotAnnulment,
    Cycle,
    ImplementationStatus,
    Participation,
    PBCategory,
    ProjectStatus,
    ProjectUpdate,
)
from tests.factories.accounts import UserFactory
from tests.factories.budgeting import ProjectFactory, ensure_categories
from tests.transparency.conftest import at


def by_key(items):
    return {item["key"]: item for item in items}


def test_march_counts_cycles_projects_money_voters_annulments_and_implementation(tree):
    ensure_categories()
    roads, other = PBCategory.objects.order_by("position")[:2]
    tree.navbahor.population, tree.istiqlol.population = 1000, 500
    tree.navbahor.save(), tree.istiqlol.save()
    staff = UserFactory()
    cycle = Cycle.objects.create(
        territory=tree.yangiqorgon,
        title="2026",
        budget=900_000_000,
        max_project_cost=400_000_000,
        created_at=at(1, 10),
        results_published_at=at(3, 15),
    )
    Cycle.objects.create(territory=tree.yangiqorgon, title="2027", budget=1, max_project_cost=1, created_at=at(3, 20))
    won = [
        ProjectFactory(
            cycle=cycle,
            status=ProjectStatus.SELECTED,
            category=roads,
            mahalla=tree.navbahor,
            estimated_cost=300_000_000,
            created_at=at(1, 20),
            feasibility_at=at(3, 1),
        ),
        ProjectFactory(
            cycle=cycle,
            status=ProjectStatus.SELECTED,
            category=other,
            mahalla=tree.navbahor,
            estimated_cost=100_000_000,
            created_at=at(1, 21),
            feasibility_at=at(2, 1),
        ),
        ProjectFactory(
            cycle=cycle,
            status=ProjectStatus.SELECTED,
            category=roads,
            mahalla=tree.istiqlol,
            estimated_cost=250_000_000,
            created_at=at(3, 2),
            feasibility_at=at(3, 3),
        ),
    ]
    ProjectFactory(
        cycle=cycle,
        status=ProjectStatus.NOT_FEASIBLE,
        mahalla=tree.istiqlol,
        created_at=at(3, 4),
        feasibility_at=at(3, 5),
    )
    ProjectUpdate.objects.create(
        project=won[0], staff=staff, status=ImplementationStatus.IN_PROGRESS, progress=30, created_at=at(3, 20)
    )
    ProjectUpdate.objects.create(
        project=won[1], staff=staff, status=ImplementationStatus.DONE, progress=100, created_at=at(4, 10)
    )  # after March: still planned at its end
    for mahalla, voters in ((tree.navbahor, 12), (tree.istiqlol, 3)):
        for _ in range(voters):
            Participation.objects.create(cycle=cycle, user=UserFactory(), mahalla=mahalla, voted_hour=at(3, 5))
    Participation.objects.create(cycle=cycle, user=UserFactory(), mahalla=tree.navbahor, voted_hour=at(2, 5))
    BallotAnnulment.objects.create(
        cycle=cycle, criterion="One device, many ballots", staff=staff, created_at=at(3, 14), count=7
    )

    section = report.compute(tree.yangiqorgon, period_parse("2026-03"))

    assert {item["key"]: item["value"] for item in section["figures"]} == {
        "cycles_started": 1,
        "results_published": 1,
        "projects_submitted": 2,
        "projects_feasible": 2,  # the not feasible one is not counted
        "projects_funded": 3,
        "money_funded": 650_000_000,
        "annulled_ballots": 7,
    }
    tables = by_key(section["tables"])
    money_by_category = {row["key"]: row["value"] for row in tables["money_by_category"]["rows"]}
    assert money_by_category == {str(roads.pk): 550_000_000, str(other.pk): 100_000_000}
    assert [(r["label"], r["value"]) for r in tables["money_by_mahalla"]["rows"]] == [
        ("Istiqlol", 250_000_000),
        ("Navbahor", 400_000_000),
    ]
    # 3 voters in Istiqlol are hidden, and with them Navbahor's 12 (the total 15 is published),
    # marked "hidden" (it is not under 5); their rates per 100 residents are hidden the same
    # way, or rate x population would give them back.
    assert [r["value"] for r in tables["voters_by_mahalla"]["rows"]] == [SUPPRESSED, HIDDEN]
    assert tables["voters_by_mahalla"]["total"] == 15
    assert [r["value"] for r in tables["turnout_by_mahalla"]["rows"]] == [SUPPRESSED, HIDDEN]
    assert [(r["key"], r["value"]) for r in tables["annulled_by_criterion"]["rows"]] == [
        ("One device, many ballots", 7)
    ]
    assert {r["key"]: r["value"] for r in tables["implementation"]["rows"]} == {
        "planned": 2,
        "procurement": 0,
        "in_progress": 1,
        "done": 0,
    }


def test_turnout_is_shown_per_100_residents_where_the_voters_are_shown(tree):
    tree.navbahor.population = 400
    tree.navbahor.save()
    cycle = Cycle.objects.create(
        territory=tree.yangiqorgon, title="2026", budget=1, max_project_cost=1, created_at=at(1, 10)
    )
    for _ in range(10):
        Participation.objects.create(cycle=cycle, user=UserFactory(), mahalla=tree.navbahor, voted_hour=at(3, 5))
    tables = by_key(report.compute(tree.yangiqorgon, period_parse("2026-03"))["tables"])
    assert [r["value"] for r in tables["voters_by_mahalla"]["rows"]] == [10]
    assert [r["value"] for r in tables["turnout_by_mahalla"]["rows"]] == [2.5]
