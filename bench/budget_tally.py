"""The PB tally engine (``proposals.budgeting.tally.methods``) against the reference library pabutools 1.2.3.

Both sides run on the same pabulib file, on the same machine, in the same process and run.
Timing covers the **rule call only; parsing is excluded on both sides**: ours times
``tally.<rule>(instance)`` on an instance parsed once by ``parse_pabulib_file``; pabutools
times the rule function on the ``(instance, profile)`` pair parsed once by its
``parse_pabulib``. Work done inside a rule call (our ballot merging, pabutools' satisfaction
profile) counts. pabutools is called exactly as ``tests/proposals/budgeting/test_tally.py`` calls it
(``sat_class=Cost_Sat``, default exact arithmetic and id-string tie-breaking), and every
outcome compared here must be the same set of project ids; a ``..._same_result`` line is 1 if
it is, 0 if not, and a mismatch makes the bench fail after all lines are printed.

Figures (value = ours in seconds, baseline = pabutools in seconds unless said otherwise):

``pb_tally_greedy_mokotow_s``, ``pb_tally_mes_mokotow_s``
    Warszawa 2021 Mokotów (12,933 ballots, 98 projects): greedy and plain MES. Median of
    5 runs (ours) against median of 3 runs (pabutools, 2-4 s each).
``pb_tally_mes_add1_wieliczka_s``
    MES + Add1 (stop when the next step is infeasible) on Wieliczka 2023 Green Budget (6,586
    ballots, 64 projects, 166 MES runs). pabutools' ``exhaustion_by_budget_increase`` takes
    about 100-130 s there, so it runs **once**; ours is the median of 3 runs. Wieliczka rather
    than Mokotów because pabutools needs ~16 minutes for Add1 on Mokotów.
``pb_tally_mes_add1_comparison_wieliczka_s``
    MES + Add1 + comparison step on Wieliczka. pabutools has no comparison rule; its time is
    the Add1 call timed above **plus** a greedy call and the voter-by-voter comparison timed
    now (the Add1 run is not repeated: a second one would break the time budget). Ours is a
    full ``tally.mes_add1_comparison`` call (which runs its own Add1), median of 3.
``pb_tally_mes_add1_mokotow_s``
    MES + Add1 on Mokotów, ours only (median of 3). Baseline = **our** plain MES time on
    Mokotów from this same run, so the ratio is how many plain MES runs' worth of time Add1
    costs (it makes ~228 MES runs). No pabutools figure is measured here and none is
    estimated; its outcome is checked against pabutools' stored one by the test suite.

All pabutools runs together took 143-167 s on the 2-CPU bench machine (the 3-minute budget;
almost all of it is the one Add1 run on Wieliczka), the whole PB part 2.5-3 minutes. It
needs no database.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from proposals.budgeting.tally import methods as tally
from proposals.budgeting.tally.pabulib import parse_pabulib_file

PABULIB = Path(__file__).resolve().parent.parent / "tests" / "proposals" / "budgeting" / "pabulib"
MOKOTOW = PABULIB / "Poland_Warszawa_2021_Mokotow.pb"
WIELICZKA = PABULIB / "Poland_Wieliczka_2023_Green_Budget.pb"


def _timed(function, repeat: int):
    """(median seconds of ``repeat`` calls, result of the last call)."""
    samples = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def pb_tally_benchmarks(emit) -> None:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import (
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    def names(outcome) -> set[str]:
        return {project.name for project in outcome}

    def pabutools_add1(instance, profile):
        return exhaustion_by_budget_increase(
            instance,
            profile,
            method_of_equal_shares,
            {"sat_class": Cost_Sat},
            budget_step=profile.num_ballots(),
            exhaustive_stop=False,
        )

    mismatches = []

    def check(name: str, ours: list[str], reference: set[str]) -> None:
        same = set(ours) == reference
        emit(name, 1 if same else 0, "bool", 1)
        if not same:
            mismatches.append(
                f"{name}: ours only {sorted(set(ours) - reference)}, pabutools only {sorted(reference - set(ours))}"
            )
            print(f"PB TALLY MISMATCH {mismatches[-1]}", file=sys.stderr, flush=True)

    # ---- Mokotów: greedy and plain MES, ours vs pabutools
    ours_instance = parse_pabulib_file(MOKOTOW)
    pb_instance, pb_profile = parse_pabulib(str(MOKOTOW))

    ours_s, ours = _timed(lambda: tally.greedy(ours_instance), 5)
    ref_s, ref = _timed(lambda: greedy_utilitarian_welfare(pb_instance, pb_profile, sat_class=Cost_Sat), 3)
    emit("pb_tally_greedy_mokotow_s", ours_s, "s", ref_s)
    check("pb_tally_greedy_mokotow_same_result", ours.selected, names(ref))

    ours_mes_s, ours = _timed(lambda: tally.mes(ours_instance), 5)
    ref_s, ref = _timed(lambda: method_of_equal_shares(pb_instance, pb_profile, sat_class=Cost_Sat), 3)
    emit("pb_tally_mes_mokotow_s", ours_mes_s, "s", ref_s)
    check("pb_tally_mes_mokotow_same_result", ours.selected, names(ref))

    # ---- Wieliczka: MES + Add1 and the comparison step, ours vs pabutools (one Add1 run)
    ours_w = parse_pabulib_file(WIELICZKA)
    pb_w, pb_w_profile = parse_pabulib(str(WIELICZKA))

    ours_s, ours = _timed(lambda: tally.mes_add1(ours_w), 3)
    add1_s, add1 = _timed(lambda: pabutools_add1(pb_w, pb_w_profile), 1)
    emit("pb_tally_mes_add1_wieliczka_s", ours_s, "s", add1_s)
    check("pb_tally_mes_add1_wieliczka_same_result", ours.selected, names(add1))

    def pabutools_comparison_step():
        greedy_outcome = names(greedy_utilitarian_welfare(pb_w, pb_w_profile, sat_class=Cost_Sat))
        add1_outcome = names(add1)
        prefer_mes = prefer_greedy = 0
        for ballot in pb_w_profile:
            approved = {project.name for project in ballot}
            on_mes, on_greedy = len(approved & add1_outcome), len(approved & greedy_outcome)
            prefer_mes += on_mes > on_greedy
            prefer_greedy += on_greedy > on_mes
        return greedy_outcome if prefer_greedy > prefer_mes else add1_outcome

    ours_s, ours = _timed(lambda: tally.mes_add1_comparison(ours_w), 3)
    step_s, ref = _timed(pabutools_comparison_step, 1)
    emit("pb_tally_mes_add1_comparison_wieliczka_s", ours_s, "s", add1_s + step_s)
    check("pb_tally_mes_add1_comparison_wieliczka_same_result", ours.selected, ref)

    # ---- Mokotów: MES + Add1, ours only, against our plain MES in this run
    ours_s, _ = _timed(lambda: tally.mes_add1(ours_instance), 3)
    emit("pb_tally_mes_add1_mokotow_s", ours_s, "s", ours_mes_s)

    if mismatches:
        raise AssertionError("PB tally differs from pabutools 1.2.3: " + "; ".join(mismatches))
