"""Writes of meetings, one module per part of a meeting's life: ``meetings`` (announce,
reschedule, cancel, agenda), ``registrations`` (register, waiting list, cancel), ``attendance``
(check-in, walk-ins, paper sheets), ``minutes`` and ``actions`` (decisions and action items)."""
