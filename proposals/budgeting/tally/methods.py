"""Exact tally rules for participatory budgeting, reproducing pabutools 1.2.3 (pure functions).

All rules take a :class:`~proposals.budgeting.tally.pabulib.PBInstance` and return an :class:`Outcome`.
Money is exact (:class:`fractions.Fraction`); project ids are strings.

Tie-breaking (identical to pabutools' default ``lexico_tie_breaking``): whenever two projects
are equally good for a rule, the one whose **project id string** is smaller in Python's string
order wins (so ``"10"`` beats ``"9"`` and ``"02"`` beats ``"1"``).

Rules
-----
``greedy``
    pabutools ``greedy_utilitarian_welfare`` with a satisfaction whose density is the project's
    score: approval/choose-1 -> number of approvals (``Cost_Sat``); cumulative/scoring -> sum
    of the listed points (unlisted = 0; ``default_score`` is not applied, as in pabutools'
    parser); ordinal -> ``max_length - position`` points (position 0-based; ``max_length`` from
    META, else the longest ballot; Kraków's 3/2/1). Projects are taken by decreasing score
    (score counts as 0 if it is not positive or the project costs 0, like pabutools' density),
    ties by id, skipping any project that no longer fits.
``mes``
    ``method_of_equal_shares(sat_class=Cost_Sat)`` for approval/choose-1 ballots: each voter
    starts with ``B/n``; repeatedly fund the affordable project with the smallest
    ``rho = q / cost`` (``q`` = per-voter payment cap), ties by id. Projects costing 0 or
    approved by nobody are never funded (their Cost_Sat satisfaction is 0).
``mes_add1``
    ``exhaustion_by_budget_increase(mes, budget_step=n*s, exhaustive_stop=False)``: rerun MES
    with per-voter budget ``B/n + k*s`` for k = 0, 1, 2, ... and return the last outcome whose
    cost is <= B (the first one if already k=0 overspends: the empty outcome). Steps whose
    outcome is proved equal to a computed one are skipped (see ``mes_add1``: the proof, and
    ``shortcut=False`` runs every step, the reference the tests compare with). The step ``s`` per voter is 1 currency unit, as the cities in
    pabulib used it, unless the file's META has ``add1_step`` (the platform writes it: one
    soum per step would take millions of MES runs; see ``proposals.budgeting.services.results``).
``mes_add1_comparison``
    Add1 outcome vs the greedy outcome: each voter prefers the one containing more of their
    approved projects; greedy is returned only if strictly more voters prefer it.

Speed (MES)
-----------
Identical ballots are merged; each MES run uses numpy float64 vectors per project, plus lazy
re-evaluation (a project's last ``rho`` is a lower bound, because budgets only decrease).
Within a run, voters who approved the same funded projects hold the same budget, so a payment
is computed over those few classes of budgets, not over every ballot.
Float results are *certified*: every decision that could depend on rounding -- a project's
affordability ``sum(budgets) >= cost`` within a relative 1e-6, or two candidates whose ``rho``
are within a relative 1e-6 -- is either resolved exactly (unconstrained candidates with a
clear margin have the exact ``rho = 1/approvals``) or makes the whole run restart in exact
rational arithmetic (gmpy2 ``mpq`` if installed, else ``Fraction``). Float rounding errors
are below 1e-12 relative here, so a certified float run makes the same choices, in the same
order, as the exact algorithm. Without numpy every run is exact (slow but identical).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from .pabulib import PBInstance

try:  # pragma: no cover - depends on the environment
    import numpy as np
except ImportError:  # pragma: no cover
    np = None

try:  # pragma: no cover
    import gmpy2

    def _q(x: Fraction):
        return gmpy2.mpq(x.numerator, x.denominator)

    def _to_fraction(x) -> Fraction:
        return Fraction(int(x.numerator), int(x.denominator))

except ImportError:  # pragma: no cover
    gmpy2 = None

    def _q(x: Fraction):
        return x

    def _to_fraction(x) -> Fraction:
        return Fraction(x)


REL = 1e-6  # relative margin under which a float decision is treated as undecided
APPROVAL_TYPES = ("approval", "choose-1")


@dataclass
class Outcome:
    selected: list[str]  # in selection order
    cost: Fraction
    info: dict = field(default_factory=dict)

    @property
    def sorted_ids(self) -> list[str]:
        return sorted(self.selected)


def _outcome(instance: PBInstance, selected: list[str], **info) -> Outcome:
    return Outcome(list(selected), sum((instance.projects[p].cost for p in selected), Fraction(0)), info)


# --------------------------------------------------------------------------- greedy


def project_scores(instance: PBInstance) -> dict[str, Fraction]:
    """The per-project score greedy sorts by (see module docstring)."""
    scores = {pid: Fraction(0) for pid in instance.projects}
    vt = instance.vote_type
    if vt in APPROVAL_TYPES:
        for ballot in instance.ballots:
            for pid in ballot.projects:
                scores[pid] += 1
    elif vt in ("cumulative", "scoring"):
        for ballot in instance.ballots:
            for pid, pts in zip(ballot.projects, ballot.points, strict=True):
                scores[pid] += pts
    elif vt == "ordinal":
        max_length = instance.meta_int("max_length")
        if max_length is None:
            max_length = max((len(b.projects) for b in instance.ballots), default=0)
        for ballot in instance.ballots:
            for pos, pid in enumerate(ballot.projects):
                scores[pid] += max_length - pos
    else:  # pragma: no cover - the parser rejects other types
        raise ValueError(f"unsupported vote_type {vt!r}")
    return scores


def greedy(instance: PBInstance) -> Outcome:
    scores = project_scores(instance)

    def density(pid):
        s = scores[pid]
        return s if s > 0 and instance.projects[pid].cost > 0 else Fraction(0)

    order = sorted(instance.projects, key=lambda pid: (-density(pid), pid))
    remaining = instance.budget
    chosen = []
    for pid in order:
        cost = instance.projects[pid].cost
        if cost <= remaining:
            chosen.append(pid)
            remaining -= cost
    return _outcome(instance, chosen, scores={p: scores[p] for p in order})


# --------------------------------------------------------------------------- MES data


@dataclass
class _Trace:
    """What one MES run decided, round by round: the winner (an index into ``_MESData.names``),
    its rho and whether that rho is exactly 1/approvals (no supporter short of the equal share)."""

    chosen: list[int] = field(default_factory=list)
    rho: list[float] = field(default_factory=list)
    clear: list[bool] = field(default_factory=list)

    def add(self, j: int, rho: float, clear: bool) -> None:
        self.chosen.append(j)
        self.rho.append(rho)
        self.clear.append(clear)


class _MESData:
    """Approval profile with identical ballots merged, ready for repeated MES runs."""

    def __init__(self, instance: PBInstance):
        if instance.vote_type not in APPROVAL_TYPES:
            raise ValueError(f"MES is implemented for approval and choose-1 ballots, not {instance.vote_type!r}")
        self.instance = instance
        self.n = len(instance.ballots)
        self.budget = instance.budget
        groups = Counter(frozenset(b.projects) for b in instance.ballots)
        self.group_sets = list(groups)
        self.weights = [groups[g] for g in self.group_sets]
        supporters: dict[str, list[int]] = {}
        for gi, g in enumerate(self.group_sets):
            for pid in g:
                supporters.setdefault(pid, []).append(gi)
        # Only projects with cost > 0 and at least one supporter take part (Cost_Sat > 0).
        self.names = sorted(pid for pid, p in instance.projects.items() if p.cost > 0 and supporters.get(pid))
        self.cost = [instance.projects[pid].cost for pid in self.names]
        self.sup = [supporters[pid] for pid in self.names]
        self.sup_w = [[self.weights[g] for g in s] for s in self.sup]
        self.count = [sum(w) for w in self.sup_w]
        if np is not None:
            self.costf = [float(c) for c in self.cost]
            self.idx = [np.array(s, dtype=np.intp) for s in self.sup]
            self.wf = [np.array(w, dtype=np.float64) for w in self.sup_w]
        self.exact_runs = 0
        self.float_runs = 0

    # ---- one MES run at a given per-voter budget (exact Fraction)
    def run(self, per_voter: Fraction, force_exact: bool = False) -> list[str]:
        return self.run_traced(per_voter, force_exact)[0]

    def run_traced(self, per_voter: Fraction, force_exact: bool = False) -> tuple[list[str], _Trace]:
        """The MES outcome at ``per_voter`` and the trace a later run can be certified against."""
        if np is not None and not force_exact:
            try:
                result = self._run_float(per_voter)
                self.float_runs += 1
                return result
            except _Uncertain:
                pass
        self.exact_runs += 1
        return self._run_exact(per_voter)

    def certify(self, per_voter: Fraction, reference: _Trace) -> tuple[list[str], _Trace] | None:
        """The run at ``per_voter`` (above the budget ``reference`` was traced at) if it proves
        that every budget in between gives the reference's outcome; None when it cannot.

        See :func:`mes_add1` for why the checks made here are enough."""
        if np is None:
            return None
        try:
            result = self._run_float(per_voter, reference)
        except (_Uncertain, _NotCertified):
            self.float_runs += 1
            return None
        self.float_runs += 1
        return result

    def _run_float(self, per_voter: Fraction, reference: _Trace | None = None) -> tuple[list[str], _Trace]:
        n_proj = len(self.names)
        b0 = float(per_voter)
        # Voters who approved the same funded projects (so far) hold the same budget: groups
        # are kept in such classes, a project's supporters are summed per class, and the
        # payment is computed over a few hundred class budgets instead of every group's.
        # Class 0 is everyone at the start; class 1 the voters with nothing left.
        group_class = np.zeros(len(self.group_sets), dtype=np.intp)
        class_budget = np.array([b0, 0.0])
        costf, idx, wf, count, names = self.costf, self.idx, self.wf, self.count, self.names
        lb = [1.0 / count[j] for j in range(n_proj)]  # rho lower bounds (exact at start)
        remaining = list(range(n_proj))
        chosen: list[str] = []
        trace = _Trace()
        while remaining:
            remaining.sort(key=lb.__getitem__)
            round_index = len(trace.chosen)
            if reference is not None:
                if round_index < len(reference.chosen):
                    # Every project whose rho here could be at or below the reference winner's
                    # rho at the lower budget must be looked at, not only those near the best.
                    ref_j, ref_rho, ref_clear = (
                        reference.chosen[round_index],
                        reference.rho[round_index],
                        reference.clear[round_index],
                    )
                else:
                    ref_j, ref_rho, ref_clear = -1, float("inf"), False
            best = float("inf")
            evals = []  # (rho, j, q, exact_unconstrained)
            dead = []
            for j in remaining:
                limit = best if reference is None else max(best, ref_rho)
                if lb[j] > limit * (1 + REL):
                    break
                per_class = np.bincount(group_class[idx[j]], weights=wf[j], minlength=len(class_budget))
                present = np.flatnonzero(per_class)
                bs = class_budget[present]
                weights = per_class[present]
                cost = costf[j]
                avail = float(bs @ weights)
                if avail < cost * (1 - REL):
                    dead.append(j)
                    continue
                if avail <= cost * (1 + REL):
                    raise _Uncertain  # affordability too close to call in floats
                q0 = cost / count[j]
                mn = float(bs.min())
                if mn >= q0 * (1 + REL):
                    q, clear = q0, True
                else:
                    order = np.argsort(bs, kind="stable")
                    sb = bs[order]
                    sw = weights[order]
                    paid_before = np.concatenate(([0.0], np.cumsum(sb * sw)[:-1]))
                    left = count[j] - np.concatenate(([0.0], np.cumsum(sw)[:-1]))
                    qs = (cost - paid_before) / left
                    k = int(np.argmax(qs <= sb))
                    q, clear = float(qs[k]), False
                rho = q / cost
                lb[j] = rho
                evals.append((rho, j, q, clear))
                if rho < best:
                    best = rho
            for j in dead:
                remaining.remove(j)
            if not evals:
                break
            near = [e for e in evals if e[0] <= best * (1 + REL)]
            if len(near) == 1:
                _, j, q, clear = near[0]
            elif all(e[3] for e in near):
                # exact rho = 1/approvals for all of them: most approvals, then smallest id
                _, j, q, clear = min(near, key=lambda e: (-count[e[1]], names[e[1]]))
            else:
                raise _Uncertain
            if reference is not None:
                self._check_round(j, evals, ref_j, ref_rho, ref_clear)
            sel = idx[j]
            # The supporters of j pay: each class among them becomes a new class (or class 1).
            paying = np.flatnonzero(np.bincount(group_class[sel], minlength=len(class_budget)))
            left = np.maximum(class_budget[paying] - q, 0.0)
            renamed = np.arange(len(class_budget))
            renamed[paying] = np.where(left > 0.0, len(class_budget) + np.arange(len(paying)), 1)
            class_budget = np.concatenate((class_budget, left))
            group_class[sel] = renamed[group_class[sel]]
            remaining.remove(j)
            chosen.append(names[j])
            trace.add(j, q / costf[j], clear)
        if reference is not None and len(trace.chosen) != len(reference.chosen):
            raise _NotCertified
        return chosen, trace

    def _check_round(self, j: int, evals: list, ref_j: int, ref_rho: float, ref_clear: bool) -> None:
        """One round of a certifying run at the upper budget: the same winner as the reference
        round, and every other affordable project's rho here above the reference winner's rho
        at the lower budget (or tied with it exactly, both 1/approvals, and losing on the tie).
        Projects not evaluated here have a lower bound above that rho already."""
        count, names = self.count, self.names
        if j != ref_j:
            raise _NotCertified
        for rho, other, _q, _clear in evals:
            if other == j or rho > ref_rho * (1 + REL):
                continue
            # The reference winner's rho was exactly 1/approvals, its least possible value, so it
            # is that all along; the other's is never below its own 1/approvals: fewer
            # approvals, or as many and a larger id, lose at every budget in between.
            if ref_clear and (count[other] < count[j] or (count[other] == count[j] and names[other] > names[j])):
                continue
            raise _NotCertified

    def _run_exact(self, per_voter: Fraction) -> tuple[list[str], _Trace]:
        n_proj = len(self.names)
        b0 = _q(per_voter)
        b = [b0] * len(self.group_sets)
        cost = [_q(c) for c in self.cost]
        count, sup, sup_w, names = self.count, self.sup, self.sup_w, self.names
        lb = [_q(Fraction(1, count[j])) for j in range(n_proj)]
        remaining = list(range(n_proj))
        chosen: list[str] = []
        trace = _Trace()
        while remaining:
            remaining.sort(key=lb.__getitem__)
            best = None
            tied: list[int] = []
            dead = []
            for j in remaining:
                if best is not None and lb[j] > best:
                    break
                groups = sup[j]
                ws = sup_w[j]
                if sum(b[g] * w for g, w in zip(groups, ws, strict=True)) < cost[j]:
                    dead.append(j)
                    continue
                pairs = sorted(zip(groups, ws, strict=True), key=lambda gw: b[gw[0]])
                paid = 0
                left = count[j]
                rho = None
                for g, w in pairs:
                    q = (cost[j] - paid) / left
                    if q <= b[g]:
                        rho = q / cost[j]
                        break
                    paid += b[g] * w
                    left -= w
                lb[j] = rho
                if best is None or rho < best:
                    best, tied = rho, [j]
                elif rho == best:
                    tied.append(j)
            for j in dead:
                remaining.remove(j)
            if not tied:
                break
            j = min(tied, key=lambda t: names[t])
            q = best * cost[j]
            for g in sup[j]:
                b[g] = b[g] - q if b[g] > q else b0 * 0
            remaining.remove(j)
            chosen.append(names[j])
            trace.add(j, float(best), best * count[j] == 1)
        return chosen, trace


class _Uncertain(Exception):
    """A float decision was too close to call; the run is redone exactly."""


class _NotCertified(Exception):
    """A certifying run found a difference from its reference (or could not rule one out)."""


# --------------------------------------------------------------------------- MES rules


def mes(instance: PBInstance, *, force_exact: bool = False) -> Outcome:
    data = _MESData(instance)
    if data.n == 0:
        return _outcome(instance, [])
    chosen = data.run(instance.budget / data.n, force_exact=force_exact)
    return _outcome(instance, chosen, exact_runs=data.exact_runs, float_runs=data.float_runs)


def mes_add1(
    instance: PBInstance,
    *,
    force_exact: bool = False,
    progress: Callable[[int, Fraction, Fraction], None] | None = None,
    step: int | None = None,
    shortcut: bool = True,
) -> Outcome:
    """MES + Add1 until the next step is infeasible (see module docstring).

    ``progress(step, per_voter_budget, outcome_cost)`` is called after every MES run.
    ``step`` is the per-voter increment: the argument, else META ``add1_step``, else 1.

    The reference is to run MES at every step k = 0, 1, 2, ... (``shortcut=False``, and always
    with ``force_exact``). With the shortcut, steps whose outcome is *proved* equal to the one
    at step k are skipped: a run at a higher step K, checked against the run at k, shows that
    every step from k to K gives the same outcome, so none of them can overspend and the plain
    loop would have walked through them to K. The proof, for per-voter budgets b0 < b1 whose
    runs choose the same projects in the same order (j_1, j_2, ...), and any b0 <= b <= b1:

    1. *As long as b's run has chosen j_1 .. j_{r-1}, every voter's remaining budget is a
       nondecreasing function of the starting budget.* True at the start (all equal b). Paying
       for j_r, a supporter keeps max(b_i - q, 0), where q is the least payment cap with
       sum(min(b_i, q)) >= cost: larger budgets make q smaller (or equal), so b_i - q is larger.
       Hence at round r, b0's budgets <= b's budgets <= b1's budgets, voter by voter.
    2. *So in round r every project's rho (q / cost) at b is between its rho at b1 and at b0,*
       since a larger budget vector lowers q; and its money sum(b_i) is between the two as well.
    3. *Round r at b chooses j_r.* j_r is affordable at b0, so at b; its rho at b is at most its
       rho at b0 (call it R). The checking run at b1 looks at every project of round r whose
       rho at b1 may be <= R (a project's earlier rho is a lower bound of its later one, budgets
       only shrink during a run) and requires each to be unaffordable at b1 (then at b too) or
       to have rho at b1 > R (then at b too, > j_r's rho), or to tie exactly at 1/approvals
       while losing the tie by id (a rho is never below 1/approvals, so R = 1/approvals holds
       for j_r at every b in between).
    4. *b's run stops where the others do:* after the last j_r no project is affordable at b1,
       so none is at b.

    By induction b chooses j_1, j_2, ... in the same order: the same outcome. Every comparison is
    made with a relative margin of 1e-6 around float rounding errors below 1e-12, and a check
    that is too close to call proves nothing (the search tries a nearer step). Steps are tried
    galloping (2, 4, 8, ... ahead; half as far after a failed check) once two neighbouring steps
    chose alike, so a long stretch of equal outcomes costs a few runs and a stretch where the
    outcome changes at every step costs few checks. ``info["steps"]`` is the number of steps the plain loop
    runs, ``info["runs"]`` the MES runs made.
    """
    step = step or instance.meta_int("add1_step") or 1
    if step < 1:
        raise ValueError("the Add1 step must be a whole number of at least 1")
    data = _MESData(instance)
    n, budget = data.n, instance.budget
    if n == 0:
        return _outcome(instance, [], steps=0)
    costs = dict(zip(data.names, data.cost, strict=True))
    base = budget / n
    approved = {p for ballot in instance.ballots for p in ballot.projects if costs.get(p, 0) > 0}
    last = int(budget // step)  # pabutools' budget_bound: B + k*n*s <= B*(n+1)
    runs = 0

    def cost_of(chosen: list[str]) -> Fraction:
        return sum((costs[p] for p in chosen), Fraction(0))

    def finish(chosen: list[str], k: int, steps: int) -> Outcome:
        return _outcome(
            instance,
            chosen,
            steps=steps,
            runs=runs,
            per_voter_budget=base + k * step,
            add1_step=step,
            exact_runs=data.exact_runs,
            float_runs=data.float_runs,
        )

    if sum((costs[p] for p in approved), Fraction(0)) <= budget:
        # MES funds only approved projects, so no step can overspend: the loop would run to its
        # bound (budget / step steps, millions in soum) and return the outcome at the bound.
        # Computing that one step gives exactly the same outcome.
        share = base + last * step
        chosen = data.run(share, force_exact=force_exact)
        runs = 1
        if progress is not None:
            progress(last, share, cost_of(chosen))
        return finish(chosen, last, 1)

    def run_at(k: int) -> tuple[list[str], _Trace, Fraction]:
        nonlocal runs
        share = base + k * step
        chosen, trace = data.run_traced(share, force_exact=force_exact)
        runs += 1
        total = cost_of(chosen)
        if progress is not None:
            progress(k, share, total)
        return chosen, trace, total

    chosen, trace, total = run_at(0)
    if total > budget:
        # Already the first step overspends: the plain loop returns the empty outcome.
        outcome = _outcome(instance, [], steps=1, runs=runs, per_voter_budget=None, add1_step=step)
        outcome.info.update(exact_runs=data.exact_runs, float_runs=data.float_runs)
        return outcome
    k = 0
    jump, calm, patience = 1, 0, 1
    while k < last:
        if jump > 1:
            ahead = min(k + jump, last)
            certified = data.certify(base + ahead * step, trace)
            runs += 1
            if certified is not None:
                # Steps k..ahead all give ``chosen``, which fits: none of them stops the loop.
                trace = certified[1]
                if progress is not None:
                    progress(ahead, base + ahead * step, total)
                k = ahead
                jump *= 2
            else:
                if jump == 2:
                    patience = min(patience + 1, 4)
                jump //= 2
            continue
        following, following_trace, following_total = run_at(k + 1)
        if following_total > budget:
            return finish(chosen, k, k + 2)
        calm = calm + 1 if following_trace.chosen == trace.chosen else 0
        if shortcut and not force_exact and calm >= patience:
            # Steps in a row chose alike: the outcome may hold for a while, look ahead. Where
            # looking ahead keeps failing (an outcome that changes every few steps), wait for
            # longer calm stretches before trying again.
            jump, calm = 2, 0
        chosen, trace, total, k = following, following_trace, following_total, k + 1
    return finish(chosen, k, k + 1)


def compare_outcomes(instance: PBInstance, first: list[str], second: list[str]) -> tuple[int, int]:
    """Voters preferring ``first`` / ``second`` (more of their approved projects)."""
    a, b = set(first), set(second)
    prefer_first = prefer_second = 0
    for ballot in instance.ballots:
        x = sum(1 for p in ballot.projects if p in a)
        y = sum(1 for p in ballot.projects if p in b)
        if x > y:
            prefer_first += 1
        elif y > x:
            prefer_second += 1
    return prefer_first, prefer_second


def mes_add1_comparison(
    instance: PBInstance, *, force_exact: bool = False, progress=None, step: int | None = None, shortcut: bool = True
) -> Outcome:
    add1 = mes_add1(instance, force_exact=force_exact, progress=progress, step=step, shortcut=shortcut)
    grd = greedy(instance)
    prefer_mes, prefer_greedy = compare_outcomes(instance, add1.selected, grd.selected)
    winner = grd if prefer_greedy > prefer_mes else add1
    info = dict(
        add1.info, prefer_mes=prefer_mes, prefer_greedy=prefer_greedy, winner="greedy" if winner is grd else "mes-add1"
    )
    return Outcome(winner.selected, winner.cost, info)


RULES = {
    "greedy": greedy,
    "mes": mes,
    "mes-add1": mes_add1,
    "mes-add1-comparison": mes_add1_comparison,
}
