"""Reads of participatory budgeting that every part uses: the current phase and what it allows.

Rules never compare dates themselves; they ask ``cycle_phase`` (which phase is on now) or
``phase_allows`` (does it allow submitting, editing, commenting, voting). A phase extension
moves dates in one place and every rule follows.
"""

from datetime import datetime

from django.utils import timezone

from proposals.budgeting.models import PHASE_ORDER, Cycle, Phase

ACTIONS = ("submit", "edit", "comment", "vote")


def cycle_phases(cycle: Cycle) -> list[Phase]:
    """The cycle's phases in order; uses ``prefetch_related("phases")`` when the caller did."""
    return sorted(cycle.phases.all(), key=lambda phase: PHASE_ORDER.index(phase.kind))


def cycle_phase(cycle: Cycle, now: datetime | None = None) -> Phase | None:
    """The phase on at ``now``, or None before the first and between gaps.

    After the last phase ends the last phase stays current: implementation has no natural end,
    and a results page must not vanish when a date passes.
    """
    now = now or timezone.now()
    phases = cycle_phases(cycle)
    for phase in phases:
        if phase.starts_at <= now < phase.ends_at:
            return phase
    if phases and now >= phases[-1].ends_at:
        return phases[-1]
    return None


def phase_allows(cycle: Cycle, action: str, now: datetime | None = None) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown phase action {action!r}")
    now = now or timezone.now()
    phase = cycle_phase(cycle, now)
    if phase is None or now >= phase.ends_at:
        return False  # the last phase lingers for display, never for acting
    return bool(getattr(phase, f"allows_{action}"))


def cycle_reached(cycle: Cycle, kind: str, now: datetime | None = None) -> bool:
    """Whether the phase ``kind`` has started (results are shown from the results phase on)."""
    now = now or timezone.now()
    return any(phase.kind == kind and phase.starts_at <= now for phase in cycle_phases(cycle))
