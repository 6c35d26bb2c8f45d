"""Reads of dated phases, for any feature: which phase is on, what it allows, whether one has
started. They take the phases (any ``DatedPhase`` rows, or objects with ``starts_at``,
``ends_at``, ``position()`` and ``allows(action)``) so a caller's prefetch is used as is.
"""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone


def phases_ordered(phases: Iterable) -> list:
    """The phases in the order they run (by kind where the feature orders kinds, then by start)."""
    return sorted(phases, key=lambda phase: (phase.position(), phase.starts_at))


def phase_current(phases: Iterable, now: datetime | None = None):
    """The phase on at ``now``, or None before the first and between gaps.

    After the last phase ends the last phase stays current: a results page must not vanish
    when a date passes (acting is another matter, see ``phases_allow``).
    """
    now = now or timezone.now()
    ordered = phases_ordered(phases)
    for phase in ordered:
        if phase.starts_at <= now < phase.ends_at:
            return phase
    if ordered and now >= ordered[-1].ends_at:
        return ordered[-1]
    return None


def phases_allow(phases: Iterable, action: str, now: datetime | None = None, *, actions: Iterable[str]) -> bool:
    """Whether the phase on at ``now`` allows ``action`` (one of the feature's ``actions``)."""
    if action not in tuple(actions):
        raise ValueError(f"unknown phase action {action!r}")
    now = now or timezone.now()
    phase = phase_current(phases, now)
    if phase is None or now >= phase.ends_at:
        return False  # the last phase lingers for display, never for acting
    return phase.allows(action)


def phase_reached(phases: Iterable, kind: str, now: datetime | None = None) -> bool:
    """Whether the phase of ``kind`` has started."""
    now = now or timezone.now()
    return any(phase.kind == kind and phase.starts_at <= now for phase in phases)


def phase_following(phases: Iterable, phase) -> list:
    """The phases after ``phase``, in order."""
    ordered = phases_ordered(phases)
    index = next(index for index, item in enumerate(ordered) if item.pk == phase.pk)
    return ordered[index + 1 :]
