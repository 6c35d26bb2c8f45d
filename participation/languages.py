"""The interface languages and what Django needs to know about the two it lacks.

Django ships ``uz`` (Uzbek in Latin script) but neither Uzbek Cyrillic nor Karakalpak.
Their codes follow the shape Django already uses for Serbian Latin (``sr-latn`` ↔ locale
``sr_Latn``), so ``uz-cyrl`` finds catalogues under ``locale/uz_Cyrl``.

``BCP47`` is what goes into ``<html lang>`` and ``hreflang``: browsers, screen readers and
search engines read the script subtag (``uz-Cyrl``), not Django's lower-case URL prefix.
"""

import functools
import re

import django.conf.locale
from django.utils import translation
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


# --- The language of a passage (WCAG 3.1.2) -------------------------------------------------
#
# A page declares one language in <html lang>; every passage in another language must say so,
# or a screen reader reads Uzbek with Russian or English rules. Two kinds of passages:
#
# * staff-written pages: their Wagtail locale says exactly what they are written in. A page
#   with no translation is served in the Uzbek Latin original under /ru/ or /en/ (see
#   cms.models.base.route_with_fallback), so its fields are uz-Latn there.
# * resident-written text (petitions, questions, projects, answers): no field records the
#   language, and adding one to every feature's model is more than this needs. The script and
#   a few unmistakable signs tell it: Cyrillic with ў қ ғ ҳ is Uzbek Cyrillic, other Cyrillic
#   is Russian; Latin with oʻ/gʻ, the separating sign, Uzbek endings or frequent Uzbek words is
#   Uzbek Latin, Latin with Karakalpak letters (á ó ú ı ń ǵ) is Karakalpak, Latin with frequent
#   English words is English. When none of that decides (a two-word title), the passage is
#   taken to be in the page's language and gets no attribute: a wrong declaration is worse
#   than none.
#
# Uzbek Cyrillic readers get every Latin passage transliterated (cms_tags.cyrillic_fallback), so
# Uzbek in any script is uz-Cyrl on that interface.

_UZ_CYRILLIC_LETTERS = re.compile("[ўқғҳЎҚҒҲ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")
_KARAKALPAK_LETTERS = re.compile("[áóúıńǵÁÓÚŃǴ]")
_UZ_LATIN_SIGNS = re.compile(
    "[oOgG][\u02bb'‘’`]"  # oʻ, gʻ however typed
    "|[a-zA-Z]\u02bc[a-zA-Z]"  # maʼno
    # Endings no English word has; short ones (-da, -ga, -ish) are left out for that reason.
    r"|\B(?:lari|larni|larga|dagi|ligi|sida|siga|moqda|yapti)\b"
)
_UZ_LATIN_WORDS = frozenset(
    [
        "va",
        "bilan",
        "uchun",
        "ham",
        "yoki",
        "emas",
        "kerak",
        "bor",
        "yoʻq",
        "bu",
        "shu",
        "qilish",
        "mahalla",
        "tuman",
        "shahar",
        "suv",
        "yoʻl",
        "koʻcha",
        "maktab",
        "bogʻcha",
        "kasalxona",
        "haqida",
        "boʻyicha",
        "uchun",
        "iltimos",
        "qurish",
        "taʼmirlash",
    ]
)
_EN_WORDS = frozenset(
    ["the", "and", "of", "to", "is", "in", "for", "with", "on", "please", "our", "we", "this", "that", "are", "be"]
)


def text_language(text: str) -> str | None:
    """The BCP 47 tag of resident-written ``text``, or None when it cannot be told."""
    text = str(text or "")
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if not cyrillic and not latin:
        return None
    if cyrillic > latin:
        return "uz-Cyrl" if _UZ_CYRILLIC_LETTERS.search(text) else "ru"
    if _KARAKALPAK_LETTERS.search(text):
        return "kaa"
    words = set(re.findall(r"[a-z\u02bb\u02bc']+", text.lower().replace("'", "\u02bb")))
    uzbek = len(words & _UZ_LATIN_WORDS) + len(_UZ_LATIN_SIGNS.findall(text))
    english = len(words & _EN_WORDS)
    if uzbek > english:
        return "uz-Latn"
    if english > uzbek:
        return "en"
    return None


def page_language(page, locale_codes: dict | None = None) -> str | None:
    """The BCP 47 tag of a Wagtail page's content: its locale's language.

    ``locale_codes`` (locale id → language code) saves a query per page in a listing.
    """
    if locale_codes is not None and page.locale_id in locale_codes:
        code = locale_codes[page.locale_id]
    else:
        code = page.locale.language_code
    return BCP47.get(code) if code else None


@functools.lru_cache
def _own_catalogue_size(code: str) -> int:
    """How many strings the language's own catalogues translate (fallbacks not counted).

    Catalogues are loaded once per process, so the count is too.
    """
    from django.utils.translation import trans_real

    return sum(1 for key in trans_real.translation(code)._catalog.keys() if key)  # noqa: SIM118 (no __iter__)


def document_language(code: str | None = None) -> str:
    """What ``<html lang>`` must say for the interface language ``code`` (the active one).

    A language whose catalogue translates less than half of what Uzbek does shows the
    Uzbek Latin fallback for most of the page: Karakalpak today, whose catalogue is empty,
    so its pages are uz-Latn, not ``kaa`` over Uzbek text. English is the source language
    (the msgids), so it is always complete.
    """
    code = code or translation.get_language() or DEFAULT
    if code in (DEFAULT, "en") or code not in BCP47:
        return BCP47.get(code, code)
    if _own_catalogue_size(code) * 2 < _own_catalogue_size(DEFAULT):
        return BCP47[DEFAULT]
    return BCP47[code]


def _is_page(source) -> bool:
    return hasattr(source, "locale_id")


def passage_language(source, code: str | None = None, locale_codes: dict | None = None) -> str | None:
    """The language of ``source`` (a page, or text) as the reader of ``code`` gets it."""
    code = code or translation.get_language() or DEFAULT
    language = page_language(source, locale_codes) if _is_page(source) else text_language(source)
    if language in ("uz-Latn", "uz-Cyrl") and code == "uz-cyrl":
        return "uz-Cyrl"  # transliterated on the way out
    return language


def lang_attribute(*sources, code: str | None = None, locale_codes: dict | None = None) -> str:
    """`` lang="…"`` for a passage whose language differs from the page's, else nothing.

    Several sources are read together (a title and its text): pages decide by the first page
    among them, text by all the text.
    """
    code = code or translation.get_language() or DEFAULT
    pages = [source for source in sources if _is_page(source)]
    if pages:
        language = passage_language(pages[0], code, locale_codes)
    else:
        language = passage_language(" ".join(str(source or "") for source in sources), code)
    if not language or language.lower() == document_language(code).lower():
        return ""
    return f' lang="{language}"'


# --- Wagtail locales, once per process ------------------------------------------------------
#
# Every page request needs the default locale (the Uzbek tree every language falls back to) and
# the active one; Wagtail reads each from the database whenever asked, four or five times a
# request. The rows (a handful, one per language) are kept per process here, by language code,
# and forgotten whenever a Locale is saved or deleted in this process (``forget_locales``,
# connected in ``participation.apps``). Locales follow ``settings.LANGUAGES`` and change only
# with a deployment, which restarts every process.
#
# ``install_locale_cache`` makes Wagtail's own lookups (``Locale.get_default``,
# ``Locale.get_active``, ``page.localized``, all through ``Locale.objects.get_for_language``) read
# from here too: they happen inside Wagtail's page serving, where nothing else can reach them.

_locales: dict[str, object] = {}
_codes: dict[int, str] = {}


def locale_for(code: str):
    """The Wagtail ``Locale`` of a language code, read from the database once per process.

    Raises ``Locale.DoesNotExist`` (or ``LookupError`` for a code that is no content language)
    as Wagtail's own ``Locale.objects.get_for_language`` does; a missing locale is not kept.
    """
    locale = _locales.get(code)
    if locale is None:
        from wagtail.coreutils import get_supported_content_language_variant
        from wagtail.models import Locale

        locale = Locale.objects.get(language_code=get_supported_content_language_variant(code))
        _locales[code] = locale
    return locale


def default_locale():
    """The locale of the default language (Uzbek Latin): the tree every language falls back to."""
    return locale_for(DEFAULT)


def active_locale():
    """The locale of the active language, or the default one when it has none (as Wagtail's
    ``Locale.get_active``)."""
    from wagtail.models import Locale

    try:
        return locale_for(translation.get_language())
    except (Locale.DoesNotExist, LookupError):
        return default_locale()


def locale_codes() -> dict[int, str]:
    """Locale id → language code of every locale (a handful), read once per process."""
    if not _codes:
        from wagtail.models import Locale

        _codes.update(Locale.objects.values_list("pk", "language_code"))
    return _codes


def forget_locales(**kwargs) -> None:
    """A Locale was saved or deleted: read them again on next use."""
    _locales.clear()
    _codes.clear()


def install_locale_cache() -> None:
    """Route Wagtail's locale lookups by language code through ``locale_for``."""
    from wagtail.models.i18n import LocaleManager

    uncached = LocaleManager.get_for_language

    def get_for_language(self, language_code):
        if self._db is not None:  # an explicit database alias: not the rows kept here
            return uncached(self, language_code)
        return locale_for(language_code)

    LocaleManager.get_for_language = get_for_language
