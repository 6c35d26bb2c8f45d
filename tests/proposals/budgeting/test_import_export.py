"""The .pb file in and out: ``budget_import``, ``cycle_export_pb`` and ``budget_export``.

* an exported cycle parses with our parser and with pabutools', and pabutools' rule on it gives
  the published winners (greedy, MES, MES + Add1; annulled ballots left out; points ballots);
* the export reveals nothing about order of arrival or persons, and user text cannot break it;
* a shared pabulib file imported, published, exported and recomputed by pabutools gives the
  winners ``budget_tally`` finds on the original file;
* a malformed file, or one with money that is not whole soum, is refused with every line
  number and writes nothing.
"""

from __future__ import annotations

import io
import json
import random
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pabutools.election.pabulib import parse_pabulib_from_string

from participation.models import StaffRoleKind
from proposals.budgeting.models import (
    Ballot,
    BallotAnnulment,
    BallotChoice,
    Cycle,
    Participation,
    PBCategory,
    Phase,
    Project,
    ProjectStatus,
)
from proposals.budgeting.selectors.cycles import cycle_phase
from proposals.budgeting.services import results as svc
from proposals.budgeting.tally import methods as tally
from proposals.budgeting.tally.pabulib import parse_pabulib_file, parse_pabulib_string
from tests.factories.budgeting import ensure_categories
from tests.fixtures.budgeting import cast
from tests.fixtures.clock import T0
from tests.fixtures.pabutools import pabutools_winners

SHARED = Path(__file__).resolve().parent / "pabulib"
YANGIQORGON = "Yangiqoʻrgʻon tumani"


@pytest.fixture
def manager(tree, make_staff):
    return make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)


def published_ids(cycle) -> set[str]:
    result = Cycle.objects.get(pk=cycle.pk).result
    return {svc.project_pb_id(p) for p in Project.objects.filter(pk__in=result.selected)}


# ---------------------------------------------------------------- export, recomputed by pabutools


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-add1"])
@pytest.mark.parametrize("seed", range(3))
def test_exported_cycle_recomputed_by_pabutools_gives_the_published_winners(
    seed, rule, make_cycle, make_project, manager
):
    rng = random.Random(1000 + seed)
    budget = rng.randint(60, 150)
    cycle = make_cycle("results", budget=budget, max_project_cost=budget, winner_rule=rule, max_choices=6)
    projects = [make_project(cycle, cost=rng.randint(5, min(60, budget))) for _ in range(rng.randint(3, 6))]
    cast(cycle, *[rng.sample(projects, rng.randint(1, len(projects))) for _ in range(rng.randint(4, 14))])
    svc.cycle_publish_results(cycle, staff=manager, now=T0)
    text = svc.cycle_export_pb(cycle)
    ours = parse_pabulib_string(text)  # our parser accepts it ...
    assert ours.vote_type == "approval" and ours.budget == budget
    assert set(tally.RULES[rule](ours).selected) == published_ids(cycle)
    assert pabutools_winners(text, rule) == published_ids(cycle)  # ... and so does pabutools


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-add1"])
def test_export_leaves_annulled_ballots_out(rule, small_minority_cycle, manager):
    cycle, (_a, b, _c) = small_minority_cycle(rule)
    annulment = BallotAnnulment.objects.create(
        cycle=cycle, criterion="one address", reason="bulk", staff=manager, created_at=T0, count=5
    )
    cast(cycle, *([[b]] * 5), annulment=annulment)
    result = svc.cycle_publish_results(cycle, staff=manager, now=T0)
    text = svc.cycle_export_pb(cycle)
    instance = parse_pabulib_string(text)
    assert instance.num_voters == result.ballots_counted == 10
    assert instance.meta["num_votes"] == "10"
    assert pabutools_winners(text, rule) == published_ids(cycle)
    votes = {pid: int(p.row["votes"]) for pid, p in instance.projects.items()}
    assert votes[str(b.pk)] == 6  # the five annulled votes for B are not in the file


@pytest.fixture
def small_minority_cycle(make_cycle, make_project):
    def make(rule):
        cycle = make_cycle("results", budget=100, max_project_cost=100, winner_rule=rule, max_choices=3)
        a, b, c = (make_project(cycle, cost=cost, title=t) for cost, t in [(50, "A"), (50, "B"), (40, "C")])
        cast(cycle, *([[a, b]] * 6), *([[c]] * 4))
        return cycle, (a, b, c)

    return make


def test_points_cycle_exports_as_cumulative(make_cycle, make_project, manager):
    cycle = make_cycle(
        "results", ballot_type="cumulative", points_total=10, budget=100, max_project_cost=100, min_choices=1
    )
    a, b, c = (make_project(cycle, cost=60, title=t) for t in "ABC")
    cast(cycle, {a: 1, b: 9}, {a: 2, c: 3}, {a: 1, c: 7}, {a: 1})
    svc.cycle_publish_results(cycle, staff=manager, now=T0)
    text = svc.cycle_export_pb(cycle)
    instance = parse_pabulib_string(text)
    assert instance.vote_type == "cumulative" and instance.meta["max_sum_points"] == "10"
    assert {pid: int(p.row["score"]) for pid, p in instance.projects.items()} == {
        str(a.pk): 5,
        str(b.pk): 9,
        str(c.pk): 10,
    }
    assert pabutools_winners(text, "greedy") == published_ids(cycle) == {str(c.pk)}


def test_export_meta_describes_the_cycle(small_minority_cycle, manager):
    cycle, _projects = small_minority_cycle("mes-add1")
    svc.cycle_publish_results(cycle, staff=manager, now=T0)
    meta = parse_pabulib_string(svc.cycle_export_pb(cycle)).meta
    voting = cycle.phases.get(kind="voting")
    assert meta["country"] == "Uzbekistan" and meta["unit"] == YANGIQORGON
    assert meta["instance"] == str(cycle.pk) and meta["rule"] == "equalshares/add1"
    assert (meta["budget"], meta["num_projects"], meta["max_length"], meta["min_length"]) == ("100", "3", "3", "1")
    # Ten days of voting: the first day, and the day before the results phase began.
    assert meta["date_begin"] == voting.starts_at.astimezone(T0.tzinfo).strftime("%d.%m.%Y")
    assert (meta["date_begin"], meta["date_end"]) == ("18.10.2026", "28.10.2026")


def test_export_reveals_nothing_about_order_days_or_persons(make_cycle, make_project, resident, manager):
    cycle = make_cycle("results", budget=1000, max_project_cost=1000, max_choices=1)
    projects = [make_project(cycle, cost=10) for _ in range(12)]
    # Ballot i chooses project i and is cast on day i; people took part.
    ballots = []
    for index, project in enumerate(projects):
        ballots += cast(cycle, [project], day=date(2026, 10, 28 + index % 4))
        Participation.objects.create(cycle=cycle, user=resident(), voted_hour=T0, ip="10.1.1.1")
    text = svc.cycle_export_pb(cycle)
    instance = parse_pabulib_string(text)
    in_uuid_order = [str(p.pk) for _b, p in sorted(zip(ballots, projects, strict=True), key=lambda bp: str(bp[0].pk))]
    assert [b.voter_id for b in instance.ballots] == [str(i) for i in range(1, 13)]
    assert [b.projects[0] for b in instance.ballots] == in_uuid_order
    assert list(instance.ballots[0].row) == ["voter_id", "vote"]  # no day, no address, no person
    for secret in ["2026-10", "10.1.1.1", *[str(b.pk) for b in ballots]]:
        assert secret not in text


def test_export_keeps_titles_from_breaking_the_format(make_cycle, make_project, manager):
    cycle = make_cycle("results", budget=100, max_project_cost=100, winner_rule="greedy", title='Budjet; 2026\n"yangi"')
    nasty = make_project(cycle, cost=30, title='Yoʻl; tamir\r\nVOTES\u2028"quoted"\x0bend')
    plain = make_project(cycle, cost=30, title="none")
    cast(cycle, [nasty], [nasty, plain])
    svc.cycle_publish_results(cycle, staff=manager, now=T0)
    text = svc.cycle_export_pb(cycle)
    assert len(text.splitlines()) == len(text.split("\n")) - 1  # no line break but the row ends
    instance = parse_pabulib_string(text)
    assert instance.projects[str(nasty.pk)].row["name"] == 'Yoʻl, tamir VOTES "quoted" end'
    assert instance.meta["description"] == 'Budjet, 2026 "yangi"'
    pab_instance, profile = parse_pabulib_from_string(text)
    assert len(pab_instance) == 2 and profile.num_ballots() == 2
    assert pabutools_winners(text, "greedy") == published_ids(cycle)


def test_budget_export_command_writes_the_file(small_minority_cycle, manager, tmp_path):
    cycle, _projects = small_minority_cycle("mes")
    svc.cycle_publish_results(cycle, staff=manager, now=T0)
    out = io.StringIO()
    call_command("budget_export", str(cycle.pk), stdout=out, stderr=io.StringIO())
    assert out.getvalue() == svc.cycle_export_pb(cycle)
    target = tmp_path / "cycle.pb"
    call_command("budget_export", str(cycle.pk), "-o", str(target), stdout=io.StringIO(), stderr=io.StringIO())
    assert target.read_text(encoding="utf-8") == out.getvalue()
    with pytest.raises(CommandError, match="no budget cycle"):
        call_command("budget_export", "999999", stdout=io.StringIO(), stderr=io.StringIO())


# ---------------------------------------------------------------- import


def run_import(path, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("budget_import", str(path), "--territory", YANGIQORGON, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def only_cycle() -> Cycle:
    (cycle,) = Cycle.objects.all()
    return cycle


def pb_tally_ids(path, rule) -> set[str]:
    out = io.StringIO()
    call_command("budget_tally", str(path), "--rule", rule, stdout=out, stderr=io.StringIO())
    return set(json.loads(out.getvalue())["selected"])


def test_import_publish_export_recompute_assen(tree, manager, tmp_path):
    """Assen 2024 (MES + Add1, 84 voters): the round trip keeps the file's winners."""
    ensure_categories()
    path = SHARED / "Netherlands_Assen_2024.pb"
    out, err = run_import(path)
    cycle = only_cycle()
    assert f"cycle {cycle.pk}: 14 projects, 84 ballots" in out
    assert "84/84 ballots" in err
    assert (cycle.winner_rule, cycle.ballot_type, cycle.budget) == ("mes-add1", "knapsack", 100000)
    assert cycle.imported_from == "Netherlands_Assen_2024.pb" and cycle.min_choices == 2
    assert cycle.title == "Assen Top Idee"
    assert cycle_phase(cycle).kind == "results"  # ready to publish, voting over
    assert set(cycle.categories.all()) == set(PBCategory.objects.filter(is_active=True))
    projects = {p.source_id: p for p in cycle.projects.all()}
    assert projects["3"].title == "PopUp Podium" and projects["3"].cost == 7200
    assert {p.status for p in projects.values()} == {ProjectStatus.FEASIBLE}
    assert {p.mahalla for p in projects.values()} == {tree.istiqlol}  # first mahalla by name
    assert Ballot.objects.filter(cycle=cycle).count() == 84
    assert set(Ballot.objects.values_list("cast_on", flat=True)) == {date(2024, 3, 31)}  # file's date_begin
    assert not Participation.objects.exists()  # no people behind imported ballots

    svc.cycle_publish_results(cycle, staff=manager)
    expected = pb_tally_ids(path, "mes-add1")
    assert published_ids(cycle) == expected == {"2", "3", "5", "6", "9", "11", "12", "13", "14"}
    exported = tmp_path / "assen-again.pb"
    call_command("budget_export", str(cycle.pk), "-o", str(exported), stdout=io.StringIO(), stderr=io.StringIO())
    assert pabutools_winners(exported.read_text(encoding="utf-8"), "mes-add1") == expected
    assert pb_tally_ids(exported, "mes-add1") == expected
    # The votes per project in the export are the original file's.
    original = parse_pabulib_file(path)
    again = parse_pabulib_file(exported)
    assert {pid: p.row["votes"] for pid, p in again.projects.items()} == {
        pid: p.row["votes"] for pid, p in original.projects.items()
    }


@pytest.mark.parametrize(
    "name, points_total",
    [("Poland_Czestochowa_2024_Grabowka.pb", 10), ("Poland_Krakow_2022_Zwierzyniec.pb", 6)],
)
def test_import_points_files_and_recompute(name, points_total, tree, manager):
    """Cumulative (Częstochowa) and ordinal (Kraków, 3/2/1 points) files become points ballots
    counted by greedy; pabutools on the export agrees with pb_tally on the original."""
    ensure_categories()
    path = SHARED / name
    run_import(path, "--mahalla", "Navbahor", "--title", "Sinov")
    cycle = only_cycle()
    assert (cycle.ballot_type, cycle.winner_rule, cycle.points_total) == ("cumulative", "greedy", points_total)
    assert cycle.title == "Sinov" and not cycle.projects.exclude(mahalla=tree.navbahor).exists()
    svc.cycle_publish_results(cycle, staff=manager)
    expected = pb_tally_ids(path, "greedy")
    assert published_ids(cycle) == expected
    text = svc.cycle_export_pb(cycle)
    assert pabutools_winners(text, "greedy") == expected
    scores = {pid: int(p.row["score"]) for pid, p in parse_pabulib_file(path).projects.items()}
    exported = parse_pabulib_string(text)
    assert {pid: int(p.row["score"]) for pid, p in exported.projects.items()} == scores


APPROVAL_FILE = """META
key;value
description;Sinov; "nusxa"
country;Uzbekistan
unit;Test
instance;1
num_projects;3
num_votes;4
budget;100
vote_type;approval
rule;equalshares
date_begin;31.03.2024
date_end;15.04.2024
min_length;1
max_length;2
PROJECTS
project_id;cost;votes;name;category
10;50;3;Yoʻl;roads
9;50;3;Maktab;Internal roads,maktab
c1;40;1;Boshqa;unknown
VOTES
voter_id;vote;age;sex
v1;10,9;34;F
v2;9,10;40;M
v3;10,9;22;F
v4;c1;60;M
"""


def test_import_maps_approval_files(tmp_path, tree, manager):
    ensure_categories()
    path = tmp_path / "sinov.pb"
    path.write_text(APPROVAL_FILE, encoding="utf-8")
    run_import(path)
    cycle = only_cycle()
    assert (cycle.ballot_type, cycle.max_choices, cycle.winner_rule) == ("approval", 2, "mes")
    assert cycle.description.startswith("Sinov")
    voting = cycle.phases.get(kind="voting")
    assert voting.starts_at.astimezone(T0.tzinfo).date() == date(2024, 3, 31)
    assert voting.ends_at.astimezone(T0.tzinfo).date() == date(2024, 4, 16)
    categories = dict(cycle.projects.values_list("source_id", "category__slug"))
    assert categories == {"10": "roads", "9": "roads", "c1": PBCategory.objects.first().slug}
    assert BallotChoice.objects.filter(ballot__cycle=cycle).count() == 7
    svc.cycle_publish_results(cycle, staff=manager)
    # Projects 10 and 9 are equal in every way; ties break by id string, and "10" < "9". Once
    # 10 is paid for, its voters cannot afford 9 as well (MES), and c1 is beyond v4's share.
    assert published_ids(cycle) == pb_tally_ids(path, "mes") == {"10"}


def assert_nothing_written():
    assert not Cycle.objects.exists()
    assert not Phase.objects.exists()
    assert not Project.objects.exists()
    assert not Ballot.objects.exists()
    assert not BallotChoice.objects.exists()


def test_malformed_file_lists_every_line_and_writes_nothing(tmp_path, tree):
    ensure_categories()
    bad = (
        APPROVAL_FILE.replace("9;50;3;Maktab", "9;50x;3;Maktab")
        .replace("v2;9,10;40;M", "v2;9,77;40;M")
        .replace("num_votes;4", "num_votes;5")
    )
    path = tmp_path / "bad.pb"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CommandError) as info:
        run_import(path)
    message = str(info.value)
    assert "line 8: num_votes is 5 but section VOTES has 4 rows" in message
    assert "line 19: project '9': cost '50x' is not a non-negative number" in message
    assert "line 24: voter 'v2': unknown project id(s) '77'" in message
    assert_nothing_written()


def test_money_that_is_not_whole_soum_is_refused_with_its_line(tmp_path, tree):
    ensure_categories()
    path = tmp_path / "decimal.pb"
    path.write_text(
        APPROVAL_FILE.replace("budget;100", "budget;100.5").replace("c1;40;", "c1;40.25;"), encoding="utf-8"
    )
    with pytest.raises(CommandError) as info:
        run_import(path)
    message = str(info.value)
    assert "line 9: budget '100.5' is not a whole number of soum" in message
    assert "line 20: project 'c1': cost '40.25' is not a whole number of soum" in message
    assert_nothing_written()


def test_a_failure_while_writing_leaves_nothing_behind(tmp_path, tree, monkeypatch):
    """The cycle and projects are written before the ballots; if a ballot batch fails, the
    whole import is rolled back."""
    ensure_categories()
    path = tmp_path / "sinov.pb"
    path.write_text(APPROVAL_FILE, encoding="utf-8")

    def failing(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(BallotChoice.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError):
        run_import(path)
    assert_nothing_written()


@pytest.mark.parametrize(
    "args, error",
    [
        (["--territory", "Nowhere"], "no territory"),
        (["--territory", "Navbahor"], "district, a city or a region"),
        (["--territory", YANGIQORGON, "--mahalla", "Duoba"], "no mahalla 'Duoba'"),
    ],
)
def test_import_refuses_unknown_places(args, error, tmp_path, tree):
    ensure_categories()
    path = tmp_path / "sinov.pb"
    path.write_text(APPROVAL_FILE, encoding="utf-8")
    with pytest.raises(CommandError, match=error):
        call_command("budget_import", str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert_nothing_written()


def test_scoring_files_are_refused(tmp_path, tree):
    ensure_categories()
    path = tmp_path / "scoring.pb"
    text = (
        APPROVAL_FILE.replace("vote_type;approval", "vote_type;scoring")
        .replace("voter_id;vote;age;sex", "voter_id;vote;points")
        .replace(";34;F", ";1,2")
        .replace(";40;M", ";1,2")
        .replace(";22;F", ";1,2")
        .replace(";60;M", ";3")
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="line 10: vote_type 'scoring' cannot be imported"):
        run_import(path)
    assert_nothing_written()


def test_add1_step_in_soum_keeps_a_real_budget_countable_and_pabutools_agrees(tree, make_cycle, make_project):
    """2 billion soum and a handful of voters: one soum per step would be millions of MES runs.
    The exported file names the platform's step, and pabutools with that step agrees."""
    cycle = make_cycle("results", budget=2_000_000_000, max_project_cost=800_000_000, max_choices=3)
    costs = [800_000_000, 700_000_000, 600_000_000, 250_000_000, 300_000_000, 400_000_000]
    projects = [make_project(cycle, cost=cost, title=f"Loyiha {i}") for i, cost in enumerate(costs)]
    for picks in ([0, 2], [0, 2, 1], [0, 2], [1, 5], [1, 5, 0], [3, 4], [3, 4, 5], [0, 2], [1, 5], [3, 4]):
        cast(cycle, [projects[i] for i in picks])
    instance = svc.cycle_instance(cycle)
    assert instance.meta["add1_step"] == "100000"  # 200,000,000 soum per voter / 1000, a power of ten
    tally = svc.cycle_tally(cycle)
    text = svc.cycle_export_pb(cycle)
    assert "add1_step;100000" in text
    assert pabutools_winners(text, "mes-add1") == {svc.project_pb_id(p) for p in tally.selected}
