"""The interface languages and what Django needs to know about the two it lacks.

Django ships ``uz`` (Uzbek in Latin script) but neither Uzbek Cyrillic nor Karakalpak.
Their codes follow the shape Django already uses for Serbian Latin (``sr-latn`` ↔ locale
``sr_Latn``), so ``uz-cyrl`` finds catalogues under ``locale/uz_Cyrl``.

``BCP47`` is what goes into ``<html lang>`` and ``hreflang``: browsers, screen readers and
search engines read the script subtag (``uz-Cyrl``), not Django's lower-case URL prefix.
"""

import django.conf.locale
from django.utils.translation import gettext_lazy as _

DEFAULT = "uz"

# Order is the order of the language switcher: the official language first.
LANGUAGES = [
    ("uz", _("Uzbek (Latin)")),
    ("uz-cyrl", _("Uzbek (Cyrillic)")),
    ("kaa", _("Karakalpak")),
    ("ru", _("Russian")),
    ("en", _("English")),
]

BCP47 = {
    "uz": "uz-Latn",
    "uz-cyrl": "uz-Cyrl",
    "kaa": "kaa",
    "ru": "ru",
    "en": "en",
}

EXTRA_LANG_INFO = {
    "uz-cyrl": {
        "bidi": False,
        "code": "uz-cyrl",
        "name": "Uzbek (Cyrillic)",
        "name_local": "Ўзбекча",
    },
    "kaa": {
        "bidi": False,
        "code": "kaa",
        "name": "Karakalpak",
        "name_local": "Qaraqalpaqsha",
    },
}

# Names people recognise their own language by, whatever the page language is.
NAME_LOCAL = {
    "uz": "Oʻzbekcha",
    "uz-cyrl": "Ўзбекча",
    "kaa": "Qaraqalpaqsha",
    "ru": "Русский",
    "en": "English",
}


def bcp47(code: str) -> str:
    """The BCP 47 tag for a Django language code (``uz-cyrl`` → ``uz-Cyrl``).

    The one place every ``lang``, ``hreflang`` and ``xml:lang`` takes its code from: pages,
    the sitemap and the feeds must name a language the same way, or search engines see two
    languages where there is one. A code we do not list passes through unchanged.
    """
    return BCP47.get(code, code)


def register_extra_languages() -> None:
    """Teach Django's ``get_language_info`` the languages it does not ship.

    Called from settings so it happens before any template or middleware asks.
    """
    for code, info in EXTRA_LANG_INFO.items():
        django.conf.locale.LANG_INFO.setdefault(code, info)
