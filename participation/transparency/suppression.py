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
    give it back, so the smallest other non-zero cell is hidden too (complementary suppression);
    with two or more hidden the total only gives their sum, never one of them.
    """
    total = sum(values)
    if is_small(total):
        return [SUPPRESSED if value else 0 for value in values], SUPPRESSED
    hidden = {index for index, value in enumerate(values) if is_small(value)}
    if len(hidden) == 1:
        others = [(value, index) for index, value in enumerate(values) if value and index not in hidden]
        # ``total`` >= 5 with one hidden cell of at most 4 always leaves another non-zero cell.
        hidden.add(min(others)[1])
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
