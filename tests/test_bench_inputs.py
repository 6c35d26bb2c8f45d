"""The files ``make bench`` reads are where it reads them: the budget tally bench stopped
``make bench`` with a FileNotFoundError after the tests' pabulib folder moved."""

from bench import budget_tally


def test_the_budget_tally_bench_reads_pabulib_instances_that_exist():
    for instance in (budget_tally.MOKOTOW, budget_tally.WIELICZKA):
        assert instance.is_file(), instance
        assert instance.read_text(encoding="utf-8").startswith("META")
