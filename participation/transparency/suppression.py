"""Small counts of people are never published: 1 to 4 shows as "< 5".

Hiding the small cell alone is not enough when the table also publishes its total: the total
minus the visible cells gives the hidden one back. So a table of people counts hides more cells
(complementary suppression) until the total no longer pins a small one down, and a total of 1
to 4 hides the whole table. Every way out (page, chart, CSV, JSON, API) reads the suppressed
figures of the snapshot, never the raw counts, so one rule covers them all. Zero stays visible:
nobody is identified by it.

A complementary cell is 5 or more, so it is not labelled "< 5" (that would be false): it is
``HIDDEN``, which pages show as "hidden" with a note saying why. The two marks are codes, the
same in every language, so a snapshot's content and hash do not depend on the reader.
"""

from django.db.models import Count, F, Q, Sum

SUPPRESSED = "< 5"  # a count of 1 to 4 (primary suppression)
HIDDEN = "hidden"  # a count of 5 or more, hidden so that a small one cannot be worked out from the total
MARKS = (SUPPRESSED, HIDDEN)
SMALLEST_SHOWN = 5
LARGEST_SMALL = SMALLEST_SHOWN - 1

# The version of this rule. It is part of every report's method version (``selectors``): a
# change here changes figures of every section that counts people, so it makes new snapshots.
# 2: complementary cells are marked ``HIDDEN``, and hidden until the sum leaves every small
# cell open to a reader who knows which cells are which.
METHOD_VERSION = 2


def is_small(value) -> bool:
    return isinstance(value, int) and 0 < value < SMALLEST_SHOWN


def is_hidden(value) -> bool:
    """Whether a published cell is a mark rather than a figure."""
    return isinstance(value, str) and value in MARKS


def suppress_count(value: int):
    """A lone count of people (no total beside it)."""
    return SUPPRESSED if is_small(value) else value


def _pins_a_small_cell(small: list[int], complementary: list[int], ceiling: int | None) -> bool:
    """Whether the hidden cells' sum (what the total minus the visible cells gives) leaves a
    small cell one possible value, for a reader who knows the rule: each "< 5" cell is 1 to 4,
    each "hidden" cell is at least 5 and at most ``ceiling``, the smallest cell still shown
    (complementary cells are taken smallest first; None: no cell is left shown).

    The other cells can add up to anything between their least and their most, so a small cell
    lies between the sum minus the others' most and the sum minus their least (and in 1 to 4).
    """
    hidden_sum = sum(small) + sum(complementary)
    others_least = (len(small) - 1) + SMALLEST_SHOWN * len(complementary)
    if complementary and ceiling is None:
        return min(LARGEST_SMALL, hidden_sum - others_least) <= 1
    others_most = LARGEST_SMALL * (len(small) - 1) + (ceiling or 0) * len(complementary)
    lowest = max(1, hidden_sum - others_most)
    highest = min(LARGEST_SMALL, hidden_sum - others_least)
    return lowest >= highest


def suppress_cells(values: list[int]) -> tuple[list, object]:
    """(cells, total) of a table of people counts whose total is published.

    Primary suppression marks 1-4 as ``SUPPRESSED``. The total then gives the hidden cells'
    sum, which must not pin any of them down: one hidden cell alone is its sum; cells that add
    up to their number are all 1, to four times it all 4; a small cell beside a "hidden" one of
    exactly 5 (the least it can be) is the sum minus 5. So cells are hidden as ``HIDDEN``,
    smallest first, until every small cell could still be at least two values, and the total
    goes too (``HIDDEN``) if no cell is left to hide.
    """
    total = sum(values)
    if is_small(total):
        return [SUPPRESSED if value else 0 for value in values], SUPPRESSED
    small = [index for index, value in enumerate(values) if is_small(value)]
    visible = sorted((value, index) for index, value in enumerate(values) if value >= SMALLEST_SHOWN)
    complementary: list[int] = []

    def pinned() -> bool:
        ceiling = visible[0][0] if visible else None
        return _pins_a_small_cell([values[i] for i in small], [values[i] for i in complementary], ceiling)

    while small and pinned():
        if not visible:
            total = HIDDEN
            break
        complementary.append(visible.pop(0)[1])
    marks = dict.fromkeys(small, SUPPRESSED) | dict.fromkeys(complementary, HIDDEN)
    return [marks.get(index, value) for index, value in enumerate(values)], total


def hides_the_total(values: list[int]) -> bool:
    """Whether ``suppress_cells(values)`` hides the total, told without running it: a total of
    1 to 4; small cells that are all 1 beside cells that are all exactly 5 (or none), since
    every "hidden" cell can then only be 5 and every small one only 1; or small cells alone
    that are all 4. (The tests hold this to ``suppress_cells`` over every small table.)"""
    cells = [value for value in values if value]
    small = [value for value in cells if is_small(value)]
    shown = [value for value in cells if not is_small(value)]
    total = sum(cells)
    return (
        is_small(total)
        or (bool(small) and sum(small) == len(small) and all(value == SMALLEST_SHOWN for value in shown))
        or (bool(small) and not shown and sum(small) == LARGEST_SMALL * len(small))
    )


def hides_the_total_having(field: str) -> tuple[dict, Q]:
    """``hides_the_total`` in SQL, for rows grouped one table per group: the aggregates to
    annotate and the condition on them (for ``.annotate(**aggregates).filter(condition)``), so
    the tables whose cells cannot be shown beside a published total are found in one query."""
    small = Q(**{f"{field}__gt": 0, f"{field}__lt": SMALLEST_SHOWN})
    aggregates = {
        "_total": Sum(field),
        "_small": Count("pk", filter=small),
        "_small_sum": Sum(field, filter=small, default=0),
        "_shown": Count("pk", filter=Q(**{f"{field}__gte": SMALLEST_SHOWN})),
        "_shown_5": Count("pk", filter=Q(**{field: SMALLEST_SHOWN})),
    }
    condition = (
        Q(_total__gt=0, _total__lt=SMALLEST_SHOWN)
        | Q(_small__gt=0, _small_sum=F("_small"), _shown=F("_shown_5"))
        | Q(_small__gt=0, _shown=0, _small_sum=LARGEST_SMALL * F("_small"))
    )
    return aggregates, condition


def difference(current, previous):
    """Change since the previous period, or None when either side is hidden or missing: a
    difference with a hidden side would give the hidden figure back."""
    if isinstance(current, int | float) and isinstance(previous, int | float):
        return (
            round(current - previous, 1)
            if isinstance(current, float) or isinstance(previous, float)
            else current - previous
        )
    return None
