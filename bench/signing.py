"""``python -m bench.signing``: only the signing figures of ``make bench``, for working on them.

The same measurement as in the full run (``bench.signatures``), on its own fresh test copy of
``DATABASE_URL``; run it two or three times, a shared machine is noisy.
"""

from bench.__main__ import emit  # noqa: I001 (sets Django up first)
from django.db import connection
from django.test.utils import setup_test_environment

from bench.signatures import signature_benchmarks


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("bench.signing measures PostgreSQL: set DATABASE_URL=postgres://...")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from participation.services.territories import territories_load_reference

        territories_load_reference()
        signature_benchmarks(emit)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
