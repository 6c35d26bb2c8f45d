"""Pages in the reader's language: lists are read in the default-language (Uzbek) tree and
each page listed is swapped for its translation where one exists.

Only Wagtail's own ``Page`` is read here, so the feed selector (which a page model's feed route
reaches) and the template tags use this without importing the page models.
"""

from wagtail.models import Locale, Page


def source_page(page):
    """The default-language version of ``page``: lists are kept there, as translators
    translate a section page but rarely every news item or service under it."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


def in_reader_language(pages: list, active: Locale | None = None) -> list:
    """Each page swapped for its live translation in the active language where one exists.

    One query for the whole list (plus one for the active locale unless it is passed in).
    """
    active = active or Locale.get_active()
    keys = [page.translation_key for page in pages if page.locale_id != active.pk]
    if not keys:
        return list(pages)
    translated = {
        page.translation_key: page
        for page in Page.objects.live().filter(locale=active, translation_key__in=keys).specific()
    }
    return [translated.get(page.translation_key, page) for page in pages]
