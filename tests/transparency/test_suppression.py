"""Small counts of people never show, and cannot be recovered by subtraction."""

import itertools

import pytest

from participation.transparency.registry import table
from participation.transparency.selectors import report_sections_view
from participation.transparency.suppression import (
    HIDDEN,
    SUPPRESSED,
    difference,
    hides_the_total,
    is_hidden,
    suppress_cells,
    suppress_count,
)


def recoverable_cells(cells: list, total) -> list[int]:
    """The "< 5" cells an attacker who knows the rule can compute exactly. The published total
    minus the visible cells is the hidden cells' sum; each "< 5" cell is 1 to 4, each "hidden"
    cell at least 5 and at most the smallest cell shown (complementary cells are taken smallest
    first). Every way of filling the hidden cells with that sum is tried: a small cell that
    has one possible value is recovered."""
    small = [index for index, cell in enumerate(cells) if cell == SUPPRESSED]
    if not isinstance(total, int) or not small:
        return []
    shown = [cell for cell in cells if not is_hidden(cell)]
    hidden_sum = total - sum(shown)
    ceiling = min([cell for cell in shown if cell > 0], default=hidden_sum)
    hidden = [index for index, cell in enumerate(cells) if is_hidden(cell)]
    ranges = [range(1, 5) if cells[index] == SUPPRESSED else range(5, ceiling + 1) for index in hidden]
    possible = {index: set() for index in small}
    for filling in itertools.product(*ranges):
        if sum(filling) == hidden_sum:
            for index, value in zip(hidden, filling, strict=True):
                possible.get(index, set()).add(value)
    return [index for index in small if len(possible[index]) < 2]


@pytest.mark.parametrize(
    "values", [[1, 1, 40], [1, 1, 1, 20], [1, 1, 0, 9], [1, 1, 1, 1, 6], [4, 4, 30], [1, 5, 5], [4, 7, 7], [1, 5, 9]]
)
def test_the_sum_of_the_hidden_cells_does_not_name_them(values):
    cells, total = suppress_cells(values)
    assert recoverable_cells(cells, total) == []
    assert all(cell == SUPPRESSED for cell, value in zip(cells, values, strict=True) if 0 < value < 5)


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (123, 123)])
def test_a_lone_count_of_people_from_1_to_4_shows_as_less_than_5(count, shown):
    assert suppress_count(count) == shown


def test_the_total_minus_the_visible_cells_cannot_give_back_one_hidden_cell():
    # Navbahor 3 people, Istiqlol 12, Duoba 20, total 35: without complementary suppression,
    # 35 - 12 - 20 = 3 names the hidden cell.
    cells, total = suppress_cells([3, 12, 20])
    assert cells == [SUPPRESSED, HIDDEN, 20]
    assert total == 35
    assert recoverable_cells(cells, total) == []


def test_a_complementary_cell_is_not_labelled_less_than_5():
    # 12 people are not "< 5": the cell hidden to protect Navbahor's 3 says "hidden".
    cells, _total = suppress_cells([3, 12, 20])
    assert cells[1] == HIDDEN != SUPPRESSED


def test_a_small_cell_beside_a_hidden_5_is_not_the_sum_minus_5():
    # 1 and 5 hidden beside another 5: knowing the hidden one is at least 5 and at most the 5
    # shown, 11 - 5 - 5 = 1. So the second 5 goes too, and then the total (1 + 5 + 5: the
    # "< 5" cell can only be 1 whatever the "hidden" ones are).
    cells, total = suppress_cells([1, 5, 5])
    assert cells == [SUPPRESSED, HIDDEN, HIDDEN] and total == HIDDEN


def test_a_hidden_cell_is_bounded_by_the_smallest_cell_shown():
    # 4 and 7 hidden beside a 7 shown: the hidden one is 5 to 7, so the small one is 11 - 7 = 4.
    cells, total = suppress_cells([4, 7, 7])
    assert cells == [SUPPRESSED, HIDDEN, HIDDEN] and total == 18
    assert recoverable_cells(cells, total) == []


def test_two_small_cells_hide_only_themselves():
    cells, total = suppress_cells([2, 3, 40])
    assert cells == [SUPPRESSED, SUPPRESSED, 40]
    assert total == 45


def test_a_small_total_hides_the_whole_table_but_shows_its_zeros():
    cells, total = suppress_cells([0, 3, 1])
    assert cells == [0, SUPPRESSED, SUPPRESSED]
    assert total == SUPPRESSED


def test_no_table_of_up_to_four_cells_leaves_a_small_cell_recoverable_or_visible():
    for values in itertools.product([0, 1, 2, 4, 5, 6, 7, 9], repeat=4):
        cells, total = suppress_cells(list(values))
        assert recoverable_cells(cells, total) == [], values
        assert not any(cell in (1, 2, 3, 4) for cell in cells), values
        assert all(value >= 5 for cell, value in zip(cells, values, strict=True) if cell == HIDDEN), values
        assert total in (SUPPRESSED, HIDDEN, sum(values))


def test_counts_of_things_are_not_suppressed():
    rows = [("a", "A", 3), ("b", "B", 12)]
    assert [row["value"] for row in table("projects", rows, people=False)["rows"]] == [3, 12]
    assert [row["value"] for row in table("voters", rows, people=True)["rows"]] == [SUPPRESSED, HIDDEN]


def test_this_period_minus_the_previous_never_gives_a_hidden_figure():
    # February: 10 people in Navbahor (shown); March: 3 (hidden). A "change" of -7 would give it away.
    def content(navbahor, istiqlol):
        return {
            "sections": [
                {
                    "key": "crafted",
                    "version": 1,
                    "figures": [],
                    "tables": [
                        table("people", [("1", "Navbahor", navbahor), ("2", "Istiqlol", istiqlol)], people=True)
                    ],
                }
            ]
        }

    (section,) = report_sections_view(content(3, 30), content(10, 30))
    navbahor, istiqlol = section.tables[0].rows
    assert (navbahor.value, navbahor.previous, navbahor.change) == (SUPPRESSED, 10, None)
    # Istiqlol is hidden too in March (complement), so its change cannot be used either.
    assert istiqlol.value == HIDDEN and istiqlol.change is None


def test_a_difference_needs_both_sides_visible():
    assert difference(12, 7) == 5
    assert difference(SUPPRESSED, 7) is None
    assert difference(7, None) is None


def test_telling_whether_the_total_goes_agrees_with_the_rule_on_every_small_table():
    # The open data finds the petitions that list no mahalla in SQL (hides_the_total_having),
    # by this predicate, so it must say exactly what suppress_cells does.
    for size in range(1, 5):
        for values in itertools.product([0, 1, 2, 3, 4, 5, 6, 9], repeat=size):
            _cells, total = suppress_cells(list(values))
            assert hides_the_total(list(values)) == (not isinstance(total, int)), values
