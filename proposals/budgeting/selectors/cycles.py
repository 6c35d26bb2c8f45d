"""Reads of participatory budgeting that every part uses: the current phase and what it allows.

Rules never compare dates themselves; they ask ``cycle_phase`` (which phase is on now) or
``phase_allows`` (does it allow submitting, editing, commenting, voting). A phase extension
moves dates in one place and every rule follows.
"""

from datetime import datetime

from participation.phases.selectors import phase_current, phase_reached, phases_allow, phases_ordered
from proposals.budgeting.models import Cycle, Phase

ACTIONS = Phase.ACTIONS


def cycle_phases(cycle: Cycle) -> list[Phase]:
    """The cycle's phases in order; uses ``prefetch_related("phases")`` when the caller did."""
    return phases_ordered(cycle.phases.all())


def cycle_phase(cycle: Cycle, now: datetime | None = None) -> Phase | None:
    """The phase on at ``now``, or None before the first and between gaps.

    After the last phase ends the last phase stays current: implementation has no natural end,
    and a results page must not vanish when a date passes.
    """
    return phase_current(cycle.phases.all(), now)


def phase_allows(cycle: Cycle, action: str, now: datetime | None = None) -> bool:
    """Whether the cycle's current phase allows ``action`` (submit, edit, comment, vote)."""
    return phases_allow(cycle.phases.all(), action, now, actions=ACTIONS)


def cycle_reached(cycle: Cycle, kind: str, now: datetime | None = None) -> bool:
    """Whether the phase ``kind`` has started (results are shown from the results phase on)."""
    return phase_reached(cycle.phases.all(), kind, now)
