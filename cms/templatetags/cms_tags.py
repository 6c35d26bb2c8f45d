from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Locale

from participation.translit import transliterate_message

register = template.Library()

CYRILLIC = "uz-cyrl"


def needs_cyrillic_fallback(context) -> bool:
    """Uzbek Cyrillic is active and the content on screen was not written in Cyrillic.

    A page translated into Cyrillic is shown as written; everything else (untranslated
    pages, residents' questions, territory names) is Uzbek Latin and is transliterated.
    """
    if translation.get_language() != CYRILLIC:
        return False
    page = context.get("page")
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None:
        return True
    return not Locale.objects.filter(pk=locale_id, language_code=CYRILLIC).exists()


class CyrillicFallbackNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        if not needs_cyrillic_fallback(context):
            return html
        # Text between tags is transliterated; tags, entities, URLs and e-mail addresses are
        # left alone, and Cyrillic text (the interface strings) passes through unchanged.
        return mark_safe(transliterate_message(html))  # noqa: S308 - input was already rendered HTML


@register.tag
def cyrillic_fallback(parser, token):
    """``{% cyrillic_fallback %}…{% endcyrillic_fallback %}``: show Latin content in Cyrillic
    to readers of the Uzbek Cyrillic site when no Cyrillic translation was written."""
    nodelist = parser.parse(("endcyrillic_fallback",))
    parser.delete_first_token()
    return CyrillicFallbackNode(nodelist)


@register.filter
def soum(amount) -> str:
    """Integer soum with thin-space thousands: 340000 → "340 000"."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    return f"{value:,}".replace(",", "\u202f")
