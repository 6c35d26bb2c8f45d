"""Small counts of people never show, and cannot be recovered by subtraction."""

import itertools

import pytest

from participation.transparency.registry import table
from participation.transparency.selectors import report_sections_view
from participation.transparency.suppression import SUPPRESSED, difference, suppress_cells, suppress_count


def recoverable_cells(cells: list, total) -> int:
    """How many hidden cells an attacker can compute exactly: the published total minus the
    visible cells is the hidden cells' sum; taking each "< 5" cell to be 1 to 4, the sum names
    them when one is hidden, or when it equals the number hidden (all 1) or four times it
    (all 4)."""
    hidden = [cell for cell in cells if cell == SUPPRESSED]
    if total == SUPPRESSED or not hidden:
        return 0
    hidden_sum = total - sum(cell for cell in cells if cell != SUPPRESSED)
    if len(hidden) == 1 or hidden_sum == len(hidden):
        return len(hidden)
    return 0


@pytest.mark.parametrize("values", [[1, 1, 40], [1, 1, 1, 20], [1, 1, 0, 9], [1, 1, 1, 1, 6]])
def test_the_sum_of_the_hidden_cells_does_not_name_them(values):
    cells, total = suppress_cells(values)
    assert recoverable_cells(cells, total) == 0
    assert all(cell == SUPPRESSED for cell, value in zip(cells, values, strict=True) if 0 < value < 5)


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (123, 123)])
def test_a_lone_count_of_people_from_1_to_4_shows_as_less_than_5(count, shown):
    assert suppress_count(count) == shown


def test_the_total_minus_the_visible_cells_cannot_give_back_one_hidden_cell():
    # Navbahor 3 people, Istiqlol 12, Duoba 20, total 35: without complementary suppression,
    # 35 - 12 - 20 = 3 names the hidden cell.
    cells, total = suppress_cells([3, 12, 20])
    assert cells == [SUPPRESSED, SUPPRESSED, 20]
    assert total == 35
    assert recoverable_cells(cells, total) == 0


def test_two_small_cells_hide_only_themselves():
    cells, total = suppress_cells([2, 3, 40])
    assert cells == [SUPPRESSED, SUPPRESSED, 40]
    assert total == 45


def test_a_small_total_hides_the_whole_table_but_shows_its_zeros():
    cells, total = suppress_cells([0, 3, 1])
    assert cells == [0, SUPPRESSED, SUPPRESSED]
    assert total == SUPPRESSED


def test_no_table_of_up_to_four_cells_leaves_a_small_cell_recoverable_or_visible():
    for values in itertools.product([0, 1, 2, 4, 5, 6, 9], repeat=4):
        cells, total = suppress_cells(list(values))
        assert recoverable_cells(cells, total) == 0, values
        assert not any(cell in (1, 2, 3, 4) for cell in cells), values
        assert total == SUPPRESSED or total == sum(values)


def test_counts_of_things_are_not_suppressed():
    rows = [("a", "A", 3), ("b", "B", 12)]
    assert [row["value"] for row in table("projects", rows, people=False)["rows"]] == [3, 12]
    assert [row["value"] for row in table("voters", rows, people=True)["rows"]] == [SUPPRESSED, SUPPRESSED]


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
    assert istiqlol.value == SUPPRESSED and istiqlol.change is None


def test_a_difference_needs_both_sides_visible():
    assert difference(12, 7) == 5
    assert difference(SUPPRESSED, 7) is None
    assert difference(7, None) is None
