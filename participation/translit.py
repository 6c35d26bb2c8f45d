"""Uzbek Latin ↔ Cyrillic, and the apostrophe mess in between.

One text serves both scripts: editors write Uzbek in Latin (the official script) and readers
who prefer Cyrillic get it transliterated, interface and content alike. Real text arrives
with every apostrophe a keyboard can make, so input is normalised first:

* ``oʻ`` / ``gʻ`` (U+02BB, turned comma) become ``ў`` / ``ғ``, whichever of ʻ ' ‘ ’ ʼ ` was typed;
* the separating sign ``ʼ`` (tutuq belgisi, U+02BC) becomes ``ъ`` (``maʼno`` → ``маъно``),
  except between ``s`` and ``h``, where it only says "not ш" (``Isʼhoq`` → ``Исҳоқ``);
* ``sh``, ``ch``, ``yo``, ``yu``, ``ya``, ``ye`` are single Cyrillic letters; ``e`` at the
  start of a word or after a vowel is ``э``.

Placeholders and markup in interface strings (``%(name)s``, ``{count}``, ``<a href=…>``,
``&nbsp;``) must survive untouched, so ``transliterate_message`` skips them.
"""

import re
import unicodedata

from django.utils import translation

CYRILLIC_LANGUAGE = "uz-cyrl"  # the interface language whose readers get transliterated text

APOSTROPHES = "ʻʼ'‘’`´′"
TURNED_COMMA = "\u02bb"  # ʻ in oʻ, gʻ
MODIFIER_APOSTROPHE = "\u02bc"  # ʼ, the separating sign

_APOSTROPHE_AFTER_LETTER = re.compile(r"(?<=[^\W\d_])[" + re.escape(APOSTROPHES) + r"](?=(.?))", re.S)

VOWELS = set("aeiouAEIOUўЎ")

_DIGRAPHS = {
    "sh": "ш",
    "ch": "ч",
    "yo": "ё",
    "yu": "ю",
    "ya": "я",
    "ye": "е",
}

_SINGLE = {
    "a": "а",
    "b": "б",
    "c": "ц",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "ҳ",
    "i": "и",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "x": "х",
    "y": "й",
    "z": "з",
}


def normalize_apostrophes(text: str) -> str:
    """Write oʻ/gʻ with U+02BB and the separating sign with U+02BC, whatever was typed.

    Two spellings of one word become one string, which search, slugs and duplicate
    detection need.
    """
    text = unicodedata.normalize("NFC", text)

    def replace(match: re.Match) -> str:
        before = text[match.start() - 1]
        if before in "OoGg":
            return TURNED_COMMA  # bogʻ, Oʻzbekiston: also at the end of a word
        if match.group(1).isalpha():
            return MODIFIER_APOSTROPHE  # maʼno, sanʼat
        return match.group(0)  # a closing quote, not a letter

    return _APOSTROPHE_AFTER_LETTER.sub(replace, text)


def _case_like(source: str, target: str) -> str:
    """Give ``target`` the case of ``source``: ``Sh`` → ``Ш``, ``SH`` → ``Ш``, ``sh`` → ``ш``."""
    if source[0].isupper():
        return target.upper()
    return target


def latin_to_cyrillic(text: str) -> str:
    """Transliterate Uzbek Latin text to Uzbek Cyrillic."""
    text = normalize_apostrophes(text)
    out: list[str] = []
    i = 0
    length = len(text)
    while i < length:
        char = text[i]
        lower = char.lower()
        nxt = text[i + 1] if i + 1 < length else ""
        prev = text[i - 1] if i > 0 else ""
        word_start = not prev.isalpha() and prev not in (TURNED_COMMA, MODIFIER_APOSTROPHE)

        if lower in "og" and nxt == TURNED_COMMA:
            out.append(_case_like(char, "ў" if lower == "o" else "ғ"))
            i += 2
            continue
        if char == MODIFIER_APOSTROPHE:
            # Between s and h the sign only prevents reading "sh" as ш: drop it.
            if prev.lower() == "s" and nxt.lower() == "h":
                i += 1
                continue
            out.append("ъ")
            i += 1
            continue
        pair = (char + nxt).lower()
        after_pair = text[i + 2] if i + 2 < length else ""
        # "yoʻ" is й + ў (Yangiyoʻl → Янгийўл), not ё + a stray sign.
        if pair in _DIGRAPHS and not (pair == "yo" and after_pair == TURNED_COMMA):
            out.append(_case_like(char, _DIGRAPHS[pair]))
            i += 2
            continue
        if lower == "e" and (word_start or prev in VOWELS):
            out.append(_case_like(char, "э"))
            i += 1
            continue
        if lower in _SINGLE:
            out.append(_case_like(char, _SINGLE[lower]))
            i += 1
            continue
        out.append(char)
        i += 1
    return "".join(out)


# Interface strings carry placeholders and markup that must pass through unchanged.
_PROTECTED = re.compile(
    r"((?s:<(textarea|script|style|pre|code)\b.*?</\2>)"  # what the reader typed, code
    r"|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]"  # %(name)s, %(count)d
    r"|%[sdifr]"  # %s
    r"|\{[^{}]*\}"  # {name}, {0}
    r"|<[^<>]+>"  # <a href="...">, </strong>
    r"|&[a-zA-Z]+;|&#\d+;|&#[xX][0-9a-fA-F]+;"  # &nbsp; &#8239; &#x27;
    r"|https?://\S+"  # URLs
    r"|\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b"  # bare domains: my.gov.uz
    r"|\b[\w.+-]+@[\w-]+\.[\w.]+\b)"  # e-mail addresses
)


def transliterate_message(text: str) -> str:
    """Transliterate an interface string or rendered HTML, leaving placeholders, tags,
    entities, URLs, e-mail addresses and the contents of form text areas and code intact."""
    out: list[str] = []
    position = 0
    for match in _PROTECTED.finditer(text):
        out.append(latin_to_cyrillic(text[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(latin_to_cyrillic(text[position:]))
    return "".join(out)


_CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "x",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ё": "yo",
    "ў": "o" + TURNED_COMMA,
    "қ": "q",
    "ғ": "g" + TURNED_COMMA,
    "ҳ": "h",
    "ъ": MODIFIER_APOSTROPHE,
}


def cyrillic_to_latin(text: str) -> str:
    """Transliterate Uzbek Cyrillic to Uzbek Latin (``е`` is ``ye`` at the start of a word
    and after a vowel). Case is kept; letters it does not know pass through."""
    out: list[str] = []
    previous = ""
    for char in text:
        lower = char.lower()
        if lower == "е":
            latin = "ye" if (not previous.isalpha() or previous.lower() in "аеёиоуэюяў") else "e"
        else:
            latin = _CYRILLIC_TO_LATIN.get(lower)
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() and latin else latin)
        previous = char
    return "".join(out)


_ALL_APOSTROPHES = re.compile("[" + re.escape(APOSTROPHES) + "]")


def search_key(text: str) -> str:
    """A spelling-insensitive key for matching and search.

    ``Oʻzbekiston``, ``O'zbekiston``, ``Ozbekiston`` and ``Ўзбекистон`` share one key: Cyrillic
    is read as Latin, every apostrophe is dropped (many people type none), case is folded.
    """
    text = cyrillic_to_latin(unicodedata.normalize("NFC", text))
    return _ALL_APOSTROPHES.sub("", text).casefold()


_APOSTROPHE_ENTITY = re.compile(r"&#(?:[xX]27|39);")


def transliterate_html(html: str) -> str:
    """Transliterate rendered HTML for Uzbek Cyrillic readers.

    Django escapes ``'`` as ``&#x27;``, which would split ``O'zbek`` in two; the entity is read
    back as an apostrophe first (safe: our templates quote attributes with ``"``, and a bare
    ``'`` means nothing in text), so ``O&#x27;zbek`` becomes ``Ўзбек``.
    """
    return transliterate_message(_APOSTROPHE_ENTITY.sub("'", html))


def in_reader_script(text: str) -> str:
    """Plain text (feeds, e-mails) as the active language's reader reads it: transliterated
    for Uzbek Cyrillic, unchanged for every other language."""
    if translation.get_language() == CYRILLIC_LANGUAGE:
        return transliterate_message(text)
    return text
