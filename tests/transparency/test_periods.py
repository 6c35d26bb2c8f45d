from datetime import UTC, date, datetime

import pytest

from participation.transparency.periods import (
    TASHKENT,
    Period,
    PeriodKind,
    period_containing,
    period_parse,
    periods_last_closed,
)


@pytest.mark.parametrize(
    ("slug", "kind", "start", "end"),
    [
        ("2026", PeriodKind.YEAR, date(2026, 1, 1), date(2027, 1, 1)),
        ("2026-q1", PeriodKind.QUARTER, date(2026, 1, 1), date(2026, 4, 1)),
        ("2026-q4", PeriodKind.QUARTER, date(2026, 10, 1), date(2027, 1, 1)),
        ("2026-03", PeriodKind.MONTH, date(2026, 3, 1), date(2026, 4, 1)),
        ("2026-12", PeriodKind.MONTH, date(2026, 12, 1), date(2027, 1, 1)),
    ],
)
def test_a_report_address_names_its_period_and_reads_back_the_same(slug, kind, start, end):
    period = period_parse(slug)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert period.slug == slug


@pytest.mark.parametrize("slug", ["2026-13", "2026-q5", "2026-00", "26", "1999", "2026-3", "2026-Q1", "x"])
def test_a_mistyped_period_is_not_a_period(slug):
    assert period_parse(slug) is None


def test_each_period_compares_with_the_one_just_before():
    assert period_parse("2026-01").previous == period_parse("2025-12")
    assert period_parse("2026-q1").previous == period_parse("2025-q4")
    assert period_parse("2026").previous == period_parse("2025")


def test_a_period_runs_in_tashkent_time_and_closes_at_its_last_moment():
    march = period_parse("2026-03")
    # 19:30 UTC on 31 March is already 1 April in Tashkent (UTC+5).
    assert period_containing(PeriodKind.MONTH, datetime(2026, 3, 31, 19, 30, tzinfo=UTC)) == period_parse("2026-04")
    assert march.starts_at == datetime(2026, 3, 1, tzinfo=TASHKENT)
    assert not march.is_closed(datetime(2026, 3, 31, 23, 59, tzinfo=TASHKENT))
    assert march.is_closed(datetime(2026, 4, 1, 0, 0, tzinfo=TASHKENT))


def test_the_monthly_run_freezes_the_month_quarter_and_year_just_closed():
    assert periods_last_closed(datetime(2027, 1, 1, 1, 30, tzinfo=TASHKENT)) == [
        Period(PeriodKind.MONTH, date(2026, 12, 1)),
        Period(PeriodKind.QUARTER, date(2026, 10, 1)),
        Period(PeriodKind.YEAR, date(2026, 1, 1)),
    ]
