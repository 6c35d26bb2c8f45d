"""``make run`` serves reports from SQLite, which has no PERCENTILE_CONT: the aggregate that
stands in for it must give PostgreSQL's figures."""

import pytest

from participation.transparency.aggregates import _SqlitePercentile


def percentile(values, fraction):
    aggregate = _SqlitePercentile()
    for value in values:
        aggregate.step(fraction, value)
    return aggregate.finalize()


@pytest.mark.parametrize(
    ("values", "fraction", "postgresql_says"),
    [
        ([4, 1, 3, 2], 0.5, 2.5),  # SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) ...
        ([4, 1, 3, 2], 0.9, 3.7),
        ([7], 0.9, 7),
        ([1, None, 10], 0.5, 5.5),  # NULLs are left out
        ([], 0.5, None),
        ([None], 0.5, None),
    ],
)
def test_the_sqlite_percentile_gives_postgresqls_value(values, fraction, postgresql_says):
    assert percentile(values, fraction) == pytest.approx(postgresql_says)
