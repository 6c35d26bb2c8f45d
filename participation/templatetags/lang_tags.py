"""``{% lang_attr … %}``: the ``lang`` attribute a passage in another language needs (WCAG 3.1.2).

``<h1{% lang_attr petition.title petition.text %}>`` renders `` lang="uz-Latn"`` when a petition
written in Uzbek is shown on the Russian or English site, and nothing where the passage is in
the page's own language. Pages are passed as themselves (their locale decides), resident text
as text (see ``participation.languages`` for how its language is told).
"""

from django import template
from django.utils.html import format_html

from participation.languages import document_language, lang_attribute, locale_codes

register = template.Library()


def _locale_codes(context) -> dict | None:
    """Locale id → language code (pages in a list share a handful), kept per process."""
    if context.get("request") is None:
        return None
    return locale_codes()


@register.simple_tag(takes_context=True)
def lang_attr(context, *sources) -> str:
    pages = any(hasattr(source, "locale_id") for source in sources)
    attribute = lang_attribute(*sources, locale_codes=_locale_codes(context) if pages else None)
    if not attribute:
        return ""
    return format_html(' lang="{}"', attribute.split('"')[1])


@register.simple_tag
def document_lang() -> str:
    """``<html lang>`` for pages rendered without the request context (the 500 page)."""
    return document_language()
