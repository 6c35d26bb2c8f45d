"""Small counts of people are never published: 1 to 4 shows as "< 5".

Hiding the small cell alone is not enough when the table also publishes its total: the total
minus the visible cells gives the hidden one back. So a table of people counts hides a second
cell (the next smallest) whenever exactly one is hidden, and a total of 1 to 4 hides the whole
table. Every way out (page, chart, CSV, JSON) reads the suppressed figures of the snapshot, never
the raw counts, so one rule covers them all. Zero stays visible: nobody is identified by it.
"""

SUPPRESSED = "< 5"
SMALLEST_SHOWN = 5


def is_small(value) -> bool:
    return isinstance(value, int) and 0 < value < SMALLEST_SHOWN


def suppress_count(value: int):
    """A lone count of people (no total beside it)."""
    return SUPPRESSED if is_small(value) else value


def suppress_cells(values: list[int]) -> tuple[list, object]:
    """(cells, total) of a table of people counts whose total is published.

    Primary suppression hides 1-4. If that hid exactly one cell, the total and the others would
    give it back, so the smallest other non-zero cell is hidden too (complementary suppression).
    The total then gives the hidden cells' sum, which must not pin them down either: hidden
    cells that add up to their number can only all be 1 (two cells of 1 beside 40: the total
    says 2). So more cells are hidden, smallest first, until the sum leaves them open, and the
    total goes too if none is left. (A sum of four times their number does not pin them: one
    of them may be a complementary cell of 5 or more, as 3 and 5, or 2 and 6, add up to 8.)
    """
    total = sum(values)
    if is_small(total):
        return [SUPPRESSED if value else 0 for value in values], SUPPRESSED
    hidden = {index for index, value in enumerate(values) if is_small(value)}
    visible = sorted((value, index) for index, value in enumerate(values) if value and index not in hidden)
    while hidden and (len(hidden) == 1 or sum(values[index] for index in hidden) == len(hidden)):
        if not visible:
            total = SUPPRESSED
            break
        hidden.add(visible.pop(0)[1])
    return [SUPPRESSED if index in hidden else value for index, value in enumerate(values)], total


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
