from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.templatetags.wagtailcore_tags import pageurl

from cms.models.base import url_in_active_language
from cms.selectors.languages import in_reader_language
from participation.translit import CYRILLIC_LANGUAGE, transliterate_html

register = template.Library()


def needs_cyrillic_fallback(context) -> bool:
    """Uzbek Cyrillic is active.

    Everything on screen is then passed through the transliterator: untranslated pages,
    residents' questions, territory names and lists are Uzbek Latin, while text already in
    Cyrillic (the interface, a page translated by hand) has no Latin letters to change.
    """
    return translation.get_language() == CYRILLIC_LANGUAGE


class CyrillicFallbackNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        if not needs_cyrillic_fallback(context):
            return html
        # Text between tags is transliterated; tags, entities, URLs and e-mail addresses are
        # left alone, and Cyrillic text (the interface strings) passes through unchanged.
        return mark_safe(transliterate_html(html))


@register.tag
def cyrillic_fallback(parser, token):
    """``{% cyrillic_fallback %}…{% endcyrillic_fallback %}``: show Latin content in Cyrillic
    to readers of the Uzbek Cyrillic site when no Cyrillic translation was written."""
    nodelist = parser.parse(("endcyrillic_fallback",))
    parser.delete_first_token()
    return CyrillicFallbackNode(nodelist)


@register.simple_tag(takes_context=True)
def localurl(context, page) -> str:
    """``{% pageurl %}`` in the reader's language for any page object, plain ``Page`` rows
    (ancestors, sections) included: an Uzbek-only page linked from ``/ru/`` stays in ``/ru/``."""
    return url_in_active_language(pageurl(context, page))


@register.simple_tag
def breadcrumb_pages(page) -> list:
    """The page's ancestors below the root, each in the reader's language where translated."""
    return in_reader_language(list(page.get_ancestors()[1:]))
