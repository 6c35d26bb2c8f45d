"""What the Uzbek Cyrillic reader costs beyond the Latin one, on the demo content.

* ``cyrillic_page_ms``: the home page in Uzbek Cyrillic (rendered, then transliterated by
  ``{% cyrillic_fallback %}``) against the same page in Uzbek Latin: the ratio is the tax
  (target ≤ 1.1).
* ``translit_page_ms``: transliterating the whole rendered Latin home page, against rendering
  that page: how much of a page's cost the transliteration alone would be.
* ``russian_page_ms``: the home page in Russian against Uzbek Latin (the same queries now).

``python -m bench.languages`` runs these and the sitemap's (``bench.sitemap``) alone, after
seeding the demo into its own test database; ``make bench`` runs them after the
information-centre pages.
"""

import importlib
import statistics
import time


def _interleaved_ms(functions: dict, rounds: int = 40) -> dict:
    """Median milliseconds of each function, run in turns (one of each per round) so that a
    busy machine slows them all alike instead of whichever ran in the busy moment."""
    samples = {name: [] for name in functions}
    for round_number in range(rounds + 2):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            if round_number >= 2:  # two warm-up rounds
                samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def language_benchmarks(emit, timed, client) -> None:
    """Expects the demo content (``information_centre_benchmarks`` seeds it)."""
    from participation.translit import transliterate_html

    html = client.get("/uz/").content.decode()
    ms = _interleaved_ms(
        {
            "uz": lambda: client.get("/uz/"),
            "uz-cyrl": lambda: client.get("/uz-cyrl/"),
            "ru": lambda: client.get("/ru/"),
            "translit": lambda: transliterate_html(html),
        }
    )
    emit("cyrillic_page_ms", ms["uz-cyrl"], "ms", ms["uz"])
    emit("russian_page_ms", ms["ru"], "ms", ms["uz"])
    emit("translit_page_ms", ms["translit"], "ms", ms["uz"])


def main() -> None:
    runner = importlib.import_module("bench.__main__")  # sets the database and Django up first
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.sitemap import sitemap_benchmarks
    from cms.demo import demo_content_seed
    from participation.demo import demo_seed
    from participation.services.territories import territories_load_reference

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        territories_load_reference()
        demo_seed()
        demo_content_seed()
        client = Client()
        language_benchmarks(runner.emit, runner.timed, client)
        sitemap_benchmarks(runner.emit, runner.timed, client)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
