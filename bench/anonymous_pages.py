"""What an anonymous reader costs: a kept page against robots.txt, and the bytes on the wire.

* ``cached_page_ms``: the demo's home page and petition list served from the page cache
  (participation.web.page_cache) through the whole middleware stack of production (gzip
  included), as a browser asks for them (``Accept-Encoding: gzip``), against robots.txt
  through the same stack in the same run. Its ratio is page / robots (lower is better);
  ``cached_page_per_s`` prints the same measurement as requests per second, so its ratio is
  robots / page, the figure the issue asks to keep at 0.7 or more.
* ``html_gzip_bytes_<page>``: the bytes a browser downloads for the page, gzipped by
  production's middleware, against the page's raw size.

The cache is whatever the settings configure: Redis when ``REDIS_URL`` is set (as in
production), else local memory, which flatters the hit by one network round trip.
"""

from django.test import Client, override_settings

PAGES = {"home": "/uz/", "petitions": "/uz/petitions/"}


def production_middleware(middleware: list[str]) -> list[str]:
    """The middleware of ``settings/production.py``: the shared list plus gzip below WhiteNoise."""
    stack = list(middleware)
    stack.insert(stack.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, "django.middleware.gzip.GZipMiddleware")
    return stack


def anonymous_page_benchmarks(emit, timed) -> None:
    from django.conf import settings

    from participation.web.page_cache import SCOPES, _new_generations

    browser = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain = Client()
    with override_settings(MIDDLEWARE=production_middleware(settings.MIDDLEWARE)):
        with override_settings(PAGE_CACHE_SECONDS=0):
            for name, path in PAGES.items():
                raw = len(plain.get(path).content)
                emit(f"html_gzip_bytes_{name}", len(browser.get(path).content), "bytes", raw)
        with override_settings(PAGE_CACHE_SECONDS=300):
            _new_generations(SCOPES)
            robots = timed(lambda: browser.get("/robots.txt"), repeat=200)
            pages = {}
            for path in PAGES.values():
                assert browser.get(path)["Content-Encoding"] == "gzip"  # kept, and compressed
                pages[path] = timed(lambda path=path: browser.get(path), repeat=200)
    cached = max(pages.values())  # the slower of the two
    emit("cached_page_ms", cached, "ms", robots)
    emit("cached_page_per_s", 1000 / cached, "requests/s", 1000 / robots)
