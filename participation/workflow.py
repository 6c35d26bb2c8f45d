"""Status transition tables, one per status field of a feature.

A feature lists its allowed moves as data (``proposals/petitions/transitions.py`` and the
like): from which status, to which, and who makes the move (the author, a moderator through
the moderation core, staff, the platform itself). One service per feature performs every move
and writes its event; it asks the table first and refuses anything not listed, so the table is
the whole truth and tests can walk every pair of statuses against rules written in words.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    mover: str
    action: str = ""  # the audit-log action a feature records for the move, where it names one


TransitionTable = dict[tuple[str, str], Transition]


def transition_table(transitions: Iterable[Transition]) -> TransitionTable:
    """The moves keyed by (source, target); a pair listed twice is a mistake in the table."""
    table: TransitionTable = {}
    for transition in transitions:
        key = (transition.source, transition.target)
        if key in table:
            raise ImproperlyConfigured(f"The move {key[0]} → {key[1]} is listed twice.")
        table[key] = transition
    return table
