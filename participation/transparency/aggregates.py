"""Database aggregates the sections share, so a section is one GROUP BY query, never a loop
over rows in Python (a district's year holds hundreds of thousands of signatures)."""

import math

from django.db.backends.signals import connection_created
from django.db.models import Aggregate, F, FloatField, Func, Q


class Percentile(Aggregate):
    """PostgreSQL's continuous percentile (0.5 is the median) of the non-null values."""

    function = "PERCENTILE_CONT"
    name = "Percentile"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite (``make run``) has no ordered-set aggregates: ``_SqlitePercentile`` below is
        # registered on every SQLite connection under the same name and gives the same value.
        # Aggregate.as_sql wraps ``self.template`` in its FILTER clause: change the template
        # on a copy rather than pass one (it would arrive twice).
        clone = self.copy()
        clone.template = "%(function)s(%(fraction)s, %(expressions)s)"
        return clone.as_sql(compiler, connection, **extra_context)


class DaysBetween(Func):
    """Days (with fractions) from one moment to a later one."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0"
    arg_joiner = " - "
    output_field = FloatField()

    def __init__(self, start: str, end: str):
        super().__init__(F(end), F(start))

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def between(field: str, start, end) -> Q:
    """``field`` falls inside [start, end)."""
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def rounded_days(value) -> float | None:
    return None if value is None else round(value, 1)


class _SqlitePercentile:
    """PERCENTILE_CONT(fraction, value) for SQLite: PostgreSQL's linear interpolation between
    the two nearest ranks of the sorted non-null values."""

    def __init__(self):
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, fraction, value):
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self):
        if not self.values:
            return None
        ordered = sorted(self.values)
        rank = (len(ordered) - 1) * self.fraction
        low = math.floor(rank)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _add_sqlite_percentile(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("PERCENTILE_CONT", 2, _SqlitePercentile)


connection_created.connect(_add_sqlite_percentile, dispatch_uid="participation.transparency.percentile")
