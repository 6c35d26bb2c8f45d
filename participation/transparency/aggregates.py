"""Database aggregates the sections share, so a section is one GROUP BY query, never a loop
over rows in Python (a district's year holds hundreds of thousands of signatures)."""

from django.db.models import Aggregate, F, FloatField, Func, Q


class Percentile(Aggregate):
    """PostgreSQL's continuous percentile (0.5 is the median) of the non-null values."""

    function = "PERCENTILE_CONT"
    name = "Percentile"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


class DaysBetween(Func):
    """Days (with fractions) from one moment to a later one."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0"
    arg_joiner = " - "
    output_field = FloatField()

    def __init__(self, start: str, end: str):
        super().__init__(F(end), F(start))


def between(field: str, start, end) -> Q:
    """``field`` falls inside [start, end)."""
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def rounded_days(value) -> float | None:
    return None if value is None else round(value, 1)
