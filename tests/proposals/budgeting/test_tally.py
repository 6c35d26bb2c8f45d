"""The PB tally engine (proposals.budgeting.tally) against the reference library pabutools 1.2.3.

* every shared pabulib file: greedy and plain MES are recomputed with pabutools in the test;
  MES + Add1 and the comparison step (minutes in pabutools) are checked against the rows of
  shared/pabulib/EXPECTED.md, parsed from its table;
* random small approval instances (fixed seeds): greedy, MES and MES + Add1 equal pabutools;
* float-certified MES equals the all-exact MES;
* malformed files name the offending line.
"""

from __future__ import annotations

import io
import json
import random
import re
from fractions import Fraction
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pabutools.election import parse_pabulib
from pabutools.election.pabulib import parse_pabulib_from_string

from proposals.budgeting.tally import methods as tally
from proposals.budgeting.tally.pabulib import PabulibError, parse_pabulib_file, parse_pabulib_string
from proposals.management.commands.budget_tally import format_cost
from tests.fixtures.pabutools import pabutools_add1, pabutools_greedy, pabutools_mes

# Byte-identical copies of the shared pabulib files (and EXPECTED.md), kept in the repository
# so the suite runs from any checkout; the test below checks them against EXPECTED.md's SHA-256.
SHARED = Path(__file__).resolve().parent / "pabulib"
PB_FILES = sorted(SHARED.glob("*.pb"))
APPROVAL_FILES = [f for f in PB_FILES if parse_pabulib_file(f).vote_type in ("approval", "choose-1")]

RULE_LABELS = {
    "greedy": "greedy",
    "MES (cost utilities), no completion": "mes",
    "MES + Add1 (stop when next step is infeasible)": "mes-add1",
    "MES + Add1 + comparison step": "mes-add1-comparison",
}


def expected_rows() -> dict[tuple[str, str], tuple[set[str], int]]:
    """{(file name, rule): (ids, total cost)} from EXPECTED.md's "Expected outcomes" table."""
    rows = {}
    text = (SHARED / "EXPECTED.md").read_text(encoding="utf-8")
    section = text.split("## Expected outcomes", 1)[1]
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[0].startswith("`"):
            continue
        name = cells[0].strip("`")
        label = re.sub(r"\*\*|\(META rule\)|\[.*?\]", "", cells[1]).strip()
        rule = RULE_LABELS.get(label)
        if rule is None:
            continue
        ids = {x.strip() for x in cells[2].split(",")}
        rows[(name, rule)] = (ids, int(cells[3]))
    return rows


EXPECTED = expected_rows()


def test_expected_table_parsed():
    assert len(PB_FILES) == 5
    for f in PB_FILES:
        assert (f.name, "greedy") in EXPECTED
    for f in APPROVAL_FILES:
        for rule in ("mes", "mes-add1", "mes-add1-comparison"):
            assert (f.name, rule) in EXPECTED, (f.name, rule)


# ---------------------------------------------------------------- pabutools oracle


# ---------------------------------------------------------------- shared files


@pytest.mark.parametrize("path", PB_FILES, ids=lambda p: p.stem)
def test_greedy_on_shared_files(path):
    ours = tally.greedy(parse_pabulib_file(path))
    inst, prof = parse_pabulib(str(path))
    max_length = int(inst.meta["max_length"]) if "max_length" in inst.meta else None
    if inst.meta["vote_type"] == "ordinal" and max_length is None:
        max_length = max(len(b) for b in prof)
    assert set(ours.selected) == pabutools_greedy(inst, prof, inst.meta["vote_type"], max_length)
    ids, cost = EXPECTED[(path.name, "greedy")]
    assert set(ours.selected) == ids and ours.cost == cost


@pytest.mark.parametrize("path", APPROVAL_FILES, ids=lambda p: p.stem)
def test_mes_on_shared_files(path):
    instance = parse_pabulib_file(path)
    ours = tally.mes(instance)
    inst, prof = parse_pabulib(str(path))
    assert set(ours.selected) == pabutools_mes(inst, prof)
    ids, cost = EXPECTED[(path.name, "mes")]
    assert set(ours.selected) == ids and ours.cost == cost
    assert tally.mes(instance, force_exact=True).selected == ours.selected


@pytest.mark.parametrize("path", APPROVAL_FILES, ids=lambda p: p.stem)
def test_mes_add1_and_comparison_on_shared_files(path):
    instance = parse_pabulib_file(path)
    add1 = tally.mes_add1(instance)
    ids, cost = EXPECTED[(path.name, "mes-add1")]
    assert set(add1.selected) == ids and add1.cost == cost
    # Speed is measured in bench/, never asserted here (pabutools needs ~969 s on Mokotów).
    comparison = tally.mes_add1_comparison(instance)
    ids, cost = EXPECTED[(path.name, "mes-add1-comparison")]
    assert set(comparison.selected) == ids and comparison.cost == cost


def test_comparison_counts_wieliczka():
    instance = parse_pabulib_file(SHARED / "Poland_Wieliczka_2023_Green_Budget.pb")
    result = tally.mes_add1_comparison(instance)
    assert (result.info["prefer_mes"], result.info["prefer_greedy"]) == (1615, 873)
    assert result.info["winner"] == "mes-add1"


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Wieliczka_2023_Green_Budget.pb"])
def test_add1_exact_path_equals_certified_float_path(name):
    instance = parse_pabulib_file(SHARED / name)
    fast = tally.mes_add1(instance)
    exact = tally.mes_add1(instance, force_exact=True)
    assert fast.selected == exact.selected
    assert fast.info["per_voter_budget"] == exact.info["per_voter_budget"]
    assert exact.info["float_runs"] == 0


def test_ordinal_scores_match_score_column():
    instance = parse_pabulib_file(SHARED / "Poland_Krakow_2022_Zwierzyniec.pb")
    scores = tally.project_scores(instance)
    for pid, project in instance.projects.items():
        assert scores[pid] == int(project.row["score"])


def test_cumulative_scores_match_score_column():
    instance = parse_pabulib_file(SHARED / "Poland_Czestochowa_2024_Grabowka.pb")
    scores = tally.project_scores(instance)
    for pid, project in instance.projects.items():
        assert scores[pid] == int(project.row["score"])


# ---------------------------------------------------------------- random instances


def random_pb(seed: int) -> str:
    rng = random.Random(seed)
    n_projects = rng.randint(2, 8)
    ids = rng.sample([str(i) for i in range(1, 30)] + ["02", "c1", "BO.1/2"], n_projects)
    costs = []
    for _ in ids:
        r = rng.random()
        if r < 0.05:
            costs.append("0")
        elif r < 0.2:
            costs.append(f"{rng.randint(1, 60)}.5")
        else:
            costs.append(str(rng.choice([5, 10, 10, 12, 20, 20, 30, rng.randint(1, 60)])))
    budget = rng.choice([str(rng.randint(10, 150)), f"{rng.randint(10, 150)}.25"])
    n_voters = rng.randint(1, 25)
    votes = []
    for _v in range(n_voters):
        k = rng.randint(1, n_projects)
        votes.append(",".join(rng.sample(ids, k)))
    lines = [
        "META",
        "key;value",
        "description;random",
        "country;Nowhere",
        "unit;Test",
        "instance;1",
        f"num_projects;{n_projects}",
        f"num_votes;{n_voters}",
        f"budget;{budget}",
        "vote_type;approval",
        "rule;greedy",
        "date_begin;2024",
        "date_end;2024",
        "PROJECTS",
        "project_id;cost",
    ]
    lines += [f"{pid};{cost}" for pid, cost in zip(ids, costs, strict=True)]
    lines += ["VOTES", "voter_id;vote"] + [f"{v};{vote}" for v, vote in enumerate(votes)]
    return "\r\n".join(lines) + "\r\n"


SEEDS = range(50)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_instances_equal_pabutools(seed):
    text = random_pb(seed)
    ours = parse_pabulib_string(text)
    inst, prof = parse_pabulib_from_string(text)
    assert set(tally.greedy(ours).selected) == pabutools_greedy(inst, prof, "approval")
    mes = tally.mes(ours)
    assert set(mes.selected) == pabutools_mes(inst, prof)
    assert mes.selected == tally.mes(ours, force_exact=True).selected
    add1 = tally.mes_add1(ours)
    assert set(add1.selected) == pabutools_add1(inst, prof)
    assert add1.selected == tally.mes_add1(ours, force_exact=True).selected


def test_random_instances_exercise_the_exact_fallback():
    """Small integer instances are full of ties: the certified float path must hand some to
    the exact path (and the equality test above shows the result is still pabutools')."""
    fallbacks = 0
    for seed in SEEDS:
        add1 = tally.mes_add1(parse_pabulib_string(random_pb(seed)))
        fallbacks += add1.info["exact_runs"]
    assert fallbacks > 0


def test_tie_breaking_is_by_id_string():
    # Two identical projects "10" and "9": "10" < "9" as strings, so "10" wins everywhere.
    text = "\n".join(
        [
            "META",
            "key;value",
            "num_projects;2",
            "num_votes;2",
            "budget;10",
            "vote_type;approval",
            "PROJECTS",
            "project_id;cost",
            "9;10",
            "10;10",
            "VOTES",
            "voter_id;vote",
            "1;9,10",
            "2;10,9",
        ]
    )
    instance = parse_pabulib_string(text)
    assert tally.greedy(instance).selected == ["10"]
    assert tally.mes(instance).selected == ["10"]
    assert tally.mes_add1(instance).selected == ["10"]


# ---------------------------------------------------------------- parser


GOOD = (
    "META\r\nkey;value\r\nnum_projects;3\r\nnum_votes;2\nbudget;102533.36\r\nvote_type;approval\r\n"
    'description;"semi; colon and ""quotes"""\r\n'
    'PROJECTS\r\nproject_id;cost;name\r\n02;50000.5;a\r\n2;400000.0;"b;c"\r\nBO.OM.97/24;7;d\r\n'
    "VOTES\r\nvoter_id;vote\r\nv1;02,BO.OM.97/24\r\nv2;2,02\r\n"
)


def test_parser_handles_crlf_quotes_string_ids_and_decimals():
    instance = parse_pabulib_string(GOOD)
    assert instance.budget == Fraction("102533.36")
    assert list(instance.projects) == ["02", "2", "BO.OM.97/24"]
    assert instance.projects["02"].cost == Fraction(100001, 2)
    assert instance.projects["2"].row["name"] == "b;c"
    assert instance.meta["description"] == 'semi; colon and "quotes"'
    assert [b.projects for b in instance.ballots] == [("02", "BO.OM.97/24"), ("2", "02")]


def error_lines(text: str) -> list[tuple[int, str]]:
    with pytest.raises(PabulibError) as info:
        parse_pabulib_string(text)
    return info.value.errors


def test_missing_section_is_reported():
    text = GOOD.split("VOTES")[0]
    errors = error_lines(text)
    assert any("missing section VOTES" in msg for _, msg in errors)
    assert errors[0][0] == 13  # just past the last line


def test_bad_cost_names_its_line():
    errors = error_lines(GOOD.replace("02;50000.5;a", "02;12abc;a"))
    assert errors == [(10, "project '02': cost '12abc' is not a non-negative number")]


def test_num_votes_mismatch_names_the_meta_line():
    errors = error_lines(GOOD.replace("num_votes;2", "num_votes;3"))
    assert errors == [(4, "num_votes is 3 but section VOTES has 2 rows")]


def test_unknown_project_in_vote_names_its_line():
    errors = error_lines(GOOD.replace("v2;2,02", "v2;2,99"))
    assert errors == [(16, "voter 'v2': unknown project id(s) '99'")]


def test_command_prints_json_and_reports_line_numbers(tmp_path):
    out = io.StringIO()
    call_command(
        "budget_tally",
        str(SHARED / "Netherlands_Assen_2024.pb"),
        "--rule",
        "mes-add1",
        stdout=out,
        stderr=io.StringIO(),
    )
    result = json.loads(out.getvalue())
    ids, cost = EXPECTED[("Netherlands_Assen_2024.pb", "mes-add1")]
    assert result == {"selected": sorted(ids), "cost": cost}
    bad = tmp_path / "bad.pb"
    bad.write_text(GOOD.replace("v2;2,02", "v2;2,99"), encoding="utf-8")
    with pytest.raises(CommandError, match="line 16: voter 'v2': unknown project"):
        call_command("budget_tally", str(bad), "--rule", "greedy", stdout=io.StringIO())


def test_format_cost():
    assert format_cost(Fraction(76700)) == 76700
    assert format_cost(Fraction("102533.36")) == "102533.36"
    assert format_cost(Fraction("0.5")) == "0.5"


def test_the_copied_files_are_byte_identical_to_pabulib():
    import hashlib
    import re

    listed = dict(
        re.findall(
            r"\| `([\w.]+\.pb)` \| `[0-9a-f]{40}` \| `[0-9a-f]{40}` \| `([0-9a-f]{64})` \|",
            (SHARED / "EXPECTED.md").read_text(encoding="utf-8"),
        )
    )
    assert set(listed) == {path.name for path in PB_FILES}
    for path in PB_FILES:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[path.name], path.name


@pytest.mark.parametrize("seed", range(5))
def test_add1_when_every_approved_project_fits_equals_pabutools_running_every_step(seed):
    """When all approved projects fit the budget no step can overspend: we compute the step
    at the bound directly, pabutools runs every step up to it; the outcome must be the same."""
    text = random_pb(seed).replace("rule;greedy", "rule;equalshares/add1")
    text = re.sub(r"budget;[0-9.]+", "budget;2000", text)
    ours = tally.mes_add1(parse_pabulib_string(text))
    assert ours.info["steps"] == 1
    inst, prof = parse_pabulib_from_string(text)
    assert set(ours.selected) == pabutools_add1(inst, prof)


# ---------------------------------------------------------------- the Add1 shortcut


def random_add1_instance(seed: int):
    """An approval instance with many Add1 steps (one unit per voter, shares of tens to
    hundreds of units) and enough voters that outcomes hold for stretches of steps: the
    shortcut's checks pass and fail on these."""
    rng = random.Random(seed)
    n_projects = rng.randint(3, 12)
    ids = rng.sample([str(i) for i in range(1, 40)] + ["02", "c1"], n_projects)
    costs = {pid: rng.randint(20, 400) for pid in ids}
    popularity = [rng.random() ** 2 + 0.05 for _ in ids]
    ballots = []
    for voter in range(rng.randint(5, 120)):
        size = rng.randint(1, min(4, n_projects))
        chosen = set()
        while len(chosen) < size:
            chosen.add(rng.choices(ids, popularity)[0])
        ballots.append(f"{voter};{','.join(sorted(chosen))}")
    budget = rng.randint(sum(costs.values()) // 4, sum(costs.values()) - 1)
    lines = ["META", "key;value", f"num_projects;{n_projects}", f"num_votes;{len(ballots)}", f"budget;{budget}"]
    lines += ["vote_type;approval", "PROJECTS", "project_id;cost"] + [f"{pid};{costs[pid]}" for pid in ids]
    lines += ["VOTES", "voter_id;vote"] + ballots
    return parse_pabulib_string("\n".join(lines) + "\n")


def same_add1(instance) -> tuple[tally.Outcome, tally.Outcome]:
    fast = tally.mes_add1(instance)
    plain = tally.mes_add1(instance, shortcut=False)
    assert fast.selected == plain.selected  # the same projects, in the same funding order
    assert fast.info["per_voter_budget"] == plain.info["per_voter_budget"]
    assert fast.info["steps"] == plain.info["steps"]
    return fast, plain


def test_add1_shortcut_equals_stepping_one_unit_on_random_instances():
    """Skipping steps proved equal (``tally.mes_add1``'s docstring) gives what running MES at
    every step gives, on 400 random instances; and the skipping does happen, so the
    comparison is not vacuous."""
    skipped = 0
    for seed in range(400):
        fast, plain = same_add1(random_add1_instance(seed))
        assert plain.info["runs"] == plain.info["steps"]
        skipped += fast.info["runs"] < plain.info["runs"]
    assert skipped > 50


@pytest.mark.parametrize("seed", range(0, 400, 40))
def test_add1_shortcut_equals_pabutools_on_random_instances(seed):
    instance = random_add1_instance(seed)
    text = "\n".join(
        ["META", "key;value", f"num_projects;{len(instance.projects)}", f"num_votes;{len(instance.ballots)}"]
        + [f"budget;{instance.budget}", "vote_type;approval", "PROJECTS", "project_id;cost"]
        + [f"{pid};{project.cost}" for pid, project in instance.projects.items()]
        + ["VOTES", "voter_id;vote"]
        + [f"{ballot.voter_id};{','.join(ballot.projects)}" for ballot in instance.ballots]
    )
    inst, prof = parse_pabulib_from_string(text + "\n")
    assert set(tally.mes_add1(instance).selected) == pabutools_add1(inst, prof)


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Wieliczka_2023_Green_Budget.pb"])
def test_add1_shortcut_equals_stepping_one_unit_on_shared_files(name):
    fast, _plain = same_add1(parse_pabulib_file(SHARED / name))
    ids, cost = EXPECTED[(name, "mes-add1")]
    assert set(fast.selected) == ids and fast.cost == cost


def test_add1_shortcut_skips_long_stretches_of_one_outcome():
    """Assen's 845 steps hold few outcomes: the shortcut proves most of them equal instead of
    running MES at each."""
    fast, plain = same_add1(parse_pabulib_file(SHARED / "Netherlands_Assen_2024.pb"))
    assert plain.info["runs"] == 845
    assert fast.info["runs"] < 845 // 3
