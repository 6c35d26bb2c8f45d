"""Writes of meetings, one module per part of a meeting's life: ``meetings`` (create, announce,
propose, approve, decline, edit and reschedule, cancel), ``agenda``, ``notifications``,
``registrations`` (register, waiting list, cancel), ``attendance`` (check-in, walk-ins, paper
sheets), ``minutes`` and ``actions`` (decisions and action items)."""
