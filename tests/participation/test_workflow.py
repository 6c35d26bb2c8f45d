import pytest
from django.core.exceptions import ImproperlyConfigured

from participation.workflow import Transition, transition_table


def test_a_table_finds_each_listed_move_and_nothing_else():
    table = transition_table([Transition("draft", "open", "author"), Transition("open", "closed", "system")])
    assert table[("draft", "open")].mover == "author"
    assert ("open", "draft") not in table


def test_a_move_listed_twice_is_refused_even_with_another_mover():
    """Two rows for one move would make "who may move it" depend on which row wins."""
    with pytest.raises(ImproperlyConfigured, match="draft → open"):
        transition_table([Transition("draft", "open", "author"), Transition("draft", "open", "system")])
