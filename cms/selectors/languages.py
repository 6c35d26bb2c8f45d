"""Pages in the reader's language: lists are read in the default-language (Uzbek) tree and
each page listed is swapped for its translation where one exists.

Only Wagtail's own ``Page`` is read here, so the feed selector (which a page model's feed route
reaches) and the template tags use this without importing the page models.

Most pages are never translated, yet asking "is there a Russian version of these?" cost a query
per list and per page served in Russian or Cyrillic. ``translation_keys`` answers it from memory:
the translation keys of every page of each non-default locale (a few rows per translated page),
kept per process and read again when the ``pages`` generation changes (a page created outside the
default language: ``cms.signals``). A deleted translation leaves its key behind until then, which
only costs the query it saved. A reader of another language then costs the same queries as an
Uzbek one wherever nothing is translated.

The generation itself is read from the shared cache at most once per
``settings.TRANSLATION_KEYS_MAX_AGE_SECONDS`` (a second) per process, as the page cache reads
its own (``participation.web.page_cache``): read on every request, its round trip was a tenth
of what a Russian or Cyrillic page cost beyond an Uzbek one.
A translation created in another process is therefore listed here within a second; the process
that created it forgets its keys at once.
"""

import time

from django.conf import settings
from wagtail.models import Locale, Page

from participation.languages import active_locale, default_locale
from participation.web import generations

PAGES_GENERATION = "pages"

_translation_keys: dict = {"generation": None, "read_at": float("-inf"), "by_locale": {}}


def translation_keys(locale_id: int) -> frozenset[str] | None:
    """The translation keys of the pages (live or draft) of a locale, or ``None`` when they cannot
    be known without a query (the shared cache is unreachable)."""
    now = time.monotonic()
    if now - _translation_keys["read_at"] >= settings.TRANSLATION_KEYS_MAX_AGE_SECONDS:
        generation = generations.current(PAGES_GENERATION)
        if generation is None:
            return None
        if _translation_keys["generation"] != generation:
            _translation_keys.update(generation=generation, by_locale={})
        _translation_keys["read_at"] = now
    by_locale = _translation_keys["by_locale"]
    if locale_id not in by_locale:
        by_locale[locale_id] = frozenset(
            str(key) for key in Page.objects.filter(locale_id=locale_id).values_list("translation_key", flat=True)
        )
    return by_locale[locale_id]


def forget_translation_keys() -> None:
    """This process wrote pages: read the keys again at once, not only when the transaction
    commits (a page read in the same transaction must find its new translation)."""
    _translation_keys.update(generation=None, read_at=float("-inf"), by_locale={})


def may_be_translated(translation_key, locale_id: int) -> bool:
    """False only when the locale surely has no page with this translation key."""
    keys = translation_keys(locale_id)
    return keys is None or str(translation_key) in keys


def source_page(page):
    """The default-language version of ``page``: lists are kept there, as translators
    translate a section page but rarely every news item or service under it."""
    default = default_locale()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


def in_reader_language(pages: list, active: Locale | None = None) -> list:
    """Each page swapped for its live translation in the active language where one exists.

    One query for the whole list when something in it is translated, none otherwise.
    """
    active = active or active_locale()
    pages = list(pages)
    keys = [page.translation_key for page in pages if page.locale_id != active.pk]
    translated_somewhere = translation_keys(active.pk) if keys else None
    if translated_somewhere is not None:
        keys = [key for key in keys if str(key) in translated_somewhere]
    if not keys:
        return pages
    translated = {
        page.translation_key: page
        for page in Page.objects.live().filter(locale=active, translation_key__in=keys).specific()
    }
    return [translated.get(page.translation_key, page) for page in pages]
