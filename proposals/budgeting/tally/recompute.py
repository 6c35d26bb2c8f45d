"""The pabutools call that reproduces a published result, written in one place.

The results page and the META of the exported ``.pb`` both state it, and both take it from here,
so what a resident is told to run and what the file says can never drift apart. pabutools'
defaults do not reproduce our rule: ``exhaustion_by_budget_increase`` stops by default at the
first outcome that leaves no room for another project (``exhaustive_stop=True``) and raises
the budget by 1% per step, while the platform -- like the published Wieliczka 2023 winners --
keeps raising each voter's share until the next step would overspend. A resident who runs the
defaults on the demo's 2025 cycle gets {2, 3, 4, 6} instead of the published {1, 2, 4}; hence
every non-default argument is written out, the step as a plain number for the cycle.

Pure Python (no Django): the rule and ballot type are passed as their stored strings.
"""

from __future__ import annotations

PABUTOOLS_VERSION = "1.2.3"

# The site serves its own docs/ folder (participation.docs_views), so the guide a resident reads
# is the one that belongs to the code that counted, and no outside address can go stale.
PUBLIC_DOCS_URL = "/docs/"
GUIDE_PATH = "docs/recomputing-results.md"
GUIDE_URL = PUBLIC_DOCS_URL + "recomputing-results.md"

ADD1_RULES = ("mes-add1", "mes-add1-comparison")

# Everything the stated calls need besides ``instance`` and ``profile`` (pabutools' parser
# gives both). ``Points_Sat`` exists because pabutools has no built-in satisfaction whose
# greedy order is "most points first": its greedy ranks by satisfaction per unit of cost, so a
# project's satisfaction is its points times its cost (pabulib's own definition of greedy).
IMPORTS = (
    "from pabutools.election import AdditiveSatisfaction, Cost_Sat\n"
    "from pabutools.election.pabulib import parse_pabulib\n"
    "from pabutools.rules import exhaustion_by_budget_increase, greedy_utilitarian_welfare, method_of_equal_shares\n"
)
POINTS_SAT = (
    "\n\n"
    "class Points_Sat(AdditiveSatisfaction):\n"
    '    """Points given to a project times its cost: greedy then takes the most points first."""\n'
    "\n"
    "    def __init__(self, instance, profile, ballot):\n"
    "        super().__init__(instance, profile, ballot, lambda i, p, b, project, pre: b.get(project, 0) * project.cost)\n\n"
)


def add1_budget_step(num_voters: int, add1_step: int) -> int:
    """pabutools raises the *total* budget per step; our step is per voter, so n times it."""
    return num_voters * add1_step


def pabutools_greedy_call(vote_type: str) -> str:
    """The call behind the "most votes first" column (and the greedy rule itself)."""
    sat = "Points_Sat" if vote_type == "cumulative" else "Cost_Sat"
    return f"greedy_utilitarian_welfare(instance, profile, sat_class={sat})"


def pabutools_call(rule: str, *, vote_type: str, num_voters: int, add1_step: int) -> str:
    """One Python expression that returns the published winners of ``rule`` (for the comparison
    rule: the Add1 outcome, which wins unless more voters prefer greedy, see ``pabutools_script``).

    Written without ``;`` or quotes so it is one plain field of the ``.pb`` META line.
    """
    if rule == "greedy":
        return pabutools_greedy_call(vote_type)
    if rule == "mes":
        return "method_of_equal_shares(instance, profile, sat_class=Cost_Sat)"
    if rule in ADD1_RULES:
        return (
            "exhaustion_by_budget_increase(instance, profile, method_of_equal_shares, dict(sat_class=Cost_Sat), "
            f"budget_step={add1_budget_step(num_voters, add1_step)}, exhaustive_stop=False)"
        )
    raise ValueError(f"unknown rule {rule!r}")


def _assign(name: str, call: str, width: int = 120) -> str:
    """``name = call`` laid out as ruff formats it (the project's formatter, which also formats
    the guide's code blocks), so the program in the guide and on the page read the same."""
    line = f"{name} = {call}\n"
    if len(line) <= width + 1:
        return line
    function, _, arguments = call.partition("(")
    arguments = arguments[:-1]
    if len(arguments) + 4 <= width:
        return f"{name} = {function}(\n    {arguments}\n)\n"
    return f"{name} = {function}(\n" + "".join(f"    {argument},\n" for argument in arguments.split(", ")) + ")\n"


def pabutools_script(rule: str, *, vote_type: str, num_voters: int, add1_step: int, filename: str) -> str:
    """A complete Python program: read the downloaded file, run the stated call, print the
    winners' ids sorted (to compare with the page or the file's ``selected`` column)."""
    call = pabutools_call(rule, vote_type=vote_type, num_voters=num_voters, add1_step=add1_step)
    parts = [IMPORTS]
    if vote_type == "cumulative":
        parts.append(POINTS_SAT)
    parts.append(f'\ninstance, profile = parse_pabulib("{filename}")\n')
    if rule == "mes-add1-comparison":
        parts += [
            _assign("add1", call),
            _assign("greedy", pabutools_greedy_call(vote_type)),
            "# Each voter prefers the outcome with more of the projects they approved.\n"
            "prefer_add1 = sum(len(set(b) & set(add1)) > len(set(b) & set(greedy)) for b in profile)\n"
            "prefer_greedy = sum(len(set(b) & set(greedy)) > len(set(b) & set(add1)) for b in profile)\n"
            "winners = greedy if prefer_greedy > prefer_add1 else add1\n",
        ]
    else:
        parts.append(_assign("winners", call))
    parts.append("print(sorted(project.name for project in winners))\n")
    return "".join(parts)


def pabutools_meta(rule: str, *, vote_type: str, num_voters: int, add1_step: int) -> list[tuple[str, str]]:
    """The META lines of the ``.pb`` that state how to recompute it (none contains ``;``)."""
    call = pabutools_call(rule, vote_type=vote_type, num_voters=num_voters, add1_step=add1_step)
    meta = [("pabutools_version", PABUTOOLS_VERSION), ("pabutools_call", call)]
    notes = [
        f"pabutools=={PABUTOOLS_VERSION} gives the selected projects with pabutools_call "
        "(instance and profile from parse_pabulib on this file)"
    ]
    if rule in ADD1_RULES:
        notes.append(
            f"each voter's share rises by add1_step ({add1_step}) per step, so budget_step is "
            f"num_votes x add1_step = {add1_budget_step(num_voters, add1_step)}, and it keeps rising until "
            "the next step would overspend (exhaustive_stop=False): the default stop at the first "
            "exhaustive outcome gives other winners"
        )
    if rule == "mes-add1-comparison":
        meta.append(("pabutools_greedy_call", pabutools_greedy_call(vote_type)))
        notes.append(
            "comparison step: the greedy outcome (pabutools_greedy_call) is used instead only if strictly "
            "more voters have more of their approved projects in it"
        )
    notes.append(f"guide: {GUIDE_PATH}")
    meta.append(("comment", " ".join(f"#{number}: {note}." for number, note in enumerate(notes, start=1))))
    return meta
