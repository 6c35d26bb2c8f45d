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
    cost is <= B (the first one if already k=0 overspends: the empty outcome). Every step k is
    computed; nothing is skipped. The step ``s`` per voter is 1 currency unit, as the cities in
    pabulib used it, unless the file's META has ``add1_step`` (the platform writes it: one
    soum per step would take millions of MES runs; see ``proposals.budgeting.services.results``).
``mes_add1_comparison``
    Add1 outcome vs the greedy outcome: each voter prefers the one containing more of their
    approved projects; greedy is returned only if strictly more voters prefer it.

Speed (MES)
-----------
Identical ballots are merged; each MES run uses numpy float64 vectors per project, plus lazy
re-evaluation (a project's last ``rho`` is a lower bound, because budgets only decrease).
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
        if np is not None and not force_exact:
            try:
                result = self._run_float(per_voter)
                self.float_runs += 1
                return result
            except _Uncertain:
                pass
        self.exact_runs += 1
        return self._run_exact(per_voter)

    def _run_float(self, per_voter: Fraction) -> list[str]:
        n_proj = len(self.names)
        b0 = float(per_voter)
        b = np.full(len(self.group_sets), b0)
        costf, idx, wf, count, names = self.costf, self.idx, self.wf, self.count, self.names
        lb = [1.0 / count[j] for j in range(n_proj)]  # rho lower bounds (exact at start)
        remaining = list(range(n_proj))
        chosen: list[str] = []
        while remaining:
            remaining.sort(key=lb.__getitem__)
            best = float("inf")
            evals = []  # (rho, j, q, exact_unconstrained)
            dead = []
            for j in remaining:
                if lb[j] > best * (1 + REL):
                    break
                bs = b[idx[j]]
                cost = costf[j]
                avail = float(bs @ wf[j])
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
                    sw = wf[j][order]
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
                _, j, q, _ = near[0]
            elif all(e[3] for e in near):
                # exact rho = 1/approvals for all of them: most approvals, then smallest id
                _, j, q, _ = min(near, key=lambda e: (-count[e[1]], names[e[1]]))
            else:
                raise _Uncertain
            sel = idx[j]
            b[sel] = np.maximum(b[sel] - q, 0.0)
            remaining.remove(j)
            chosen.append(names[j])
        return chosen

    def _run_exact(self, per_voter: Fraction) -> list[str]:
        n_proj = len(self.names)
        b0 = _q(per_voter)
        b = [b0] * len(self.group_sets)
        cost = [_q(c) for c in self.cost]
        count, sup, sup_w, names = self.count, self.sup, self.sup_w, self.names
        lb = [_q(Fraction(1, count[j])) for j in range(n_proj)]
        remaining = list(range(n_proj))
        chosen: list[str] = []
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
        return chosen


class _Uncertain(Exception):
    """A float decision was too close to call; the run is redone exactly."""


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
) -> Outcome:
    """MES + Add1 until the next step is infeasible (see module docstring).

    ``progress(step, per_voter_budget, outcome_cost)`` is called after every MES run.
    ``step`` is the per-voter increment: the argument, else META ``add1_step``, else 1.
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
    previous: list[str] = []
    previous_share = None
    k = 0
    approved = {p for ballot in instance.ballots for p in ballot.projects if costs.get(p, 0) > 0}
    if sum((costs[p] for p in approved), Fraction(0)) <= budget:
        # MES funds only approved projects, so no step can overspend: the loop would run to its
        # bound (budget / step steps, millions in soum) and return the outcome at the bound.
        # Computing that one step gives exactly the same outcome.
        k = int(budget // step)
        previous_share = base + k * step
        previous = data.run(previous_share, force_exact=force_exact)
        if progress is not None:
            progress(k, previous_share, sum((costs[p] for p in previous), Fraction(0)))
        return _outcome(
            instance,
            previous,
            steps=1,
            per_voter_budget=previous_share,
            add1_step=step,
            exact_runs=data.exact_runs,
            float_runs=data.float_runs,
        )
    while k * step <= budget:  # pabutools' budget_bound: B + k*n*s <= B*(n+1)
        share = base + k * step
        chosen = data.run(share, force_exact=force_exact)
        total = sum((costs[p] for p in chosen), Fraction(0))
        if progress is not None:
            progress(k, share, total)
        if total > budget:
            break
        previous, previous_share = chosen, share
        k += 1
    return _outcome(
        instance,
        previous,
        steps=k + 1,
        per_voter_budget=previous_share,
        add1_step=step,
        exact_runs=data.exact_runs,
        float_runs=data.float_runs,
    )


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
    instance: PBInstance, *, force_exact: bool = False, progress=None, step: int | None = None
) -> Outcome:
    add1 = mes_add1(instance, force_exact=force_exact, progress=progress, step=step)
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
