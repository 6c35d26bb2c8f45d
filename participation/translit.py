"""Uzbek Latin ↔ Cyrillic, and the apostrophe mess in between.

One text serves both scripts: editors write Uzbek in Latin (the official script) and readers
who prefer Cyrillic get it transliterated, interface and content alike. Real text arrives
with every apostrophe a keyboard can make, so input is normalised first:

* ``oʻ`` / ``gʻ`` (U+02BB, turned comma) become ``ў`` / ``ғ``, whichever of ʻ ' ‘ ’ ʼ ` was typed;
* the separating sign ``ʼ`` (tutuq belgisi, U+02BC) becomes ``ъ`` (``maʼno`` → ``маъно``),
  except between ``s`` and ``h``, where it only says "not ш" (``Isʼhoq`` → ``Исҳоқ``);
* ``sh``, ``ch``, ``yo``, ``yu``, ``ya``, ``ye`` are single Cyrillic letters; ``e`` at the
  start of a word or after a vowel is ``э``.

Loanwords follow the standard Cyrillic spelling, which is Russian's: ``-tsiya``/``-tsion`` and
``-ksiya`` are ``-ция``/``-цион``/``-кция`` by rule (петиция, функция), and ``LOANWORDS`` lists the
words no rule can know (пароль, компьютер, объект, станция, бюджет). Product names, file formats
and codes (``pabutools``, ``CSV``, ``.pb``, ``Add1``) are never transliterated.

Placeholders and markup in interface strings (``%(name)s``, ``{count}``, ``<a href=…>``,
``&nbsp;``) must survive untouched, so ``transliterate_message`` skips them.
"""

import functools
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


# Russian and international loanwords that Uzbek Cyrillic spells as Russian does, which
# letter-by-letter rules cannot know: the soft and hard signs (пароль, компьютер, объект),
# ц written "s" in Latin (станция, концерт, принцип), -tsiya words whose stem the rules would
# otherwise miss, and a spelling the catalogue uses (budjet). Keys are lower-case Latin stems
# with normalised apostrophes; a word matches the longest stem it starts with, so suffixes
# follow (petitsiyalar → петициялар). A final ь is dropped before a suffix (see ``_word``).
LOANWORDS = {
    # the soft sign at the end
    "parol": "пароль",
    "profil": "профиль",
    "rol": "роль",
    "model": "модель",
    "panel": "панель",
    "kabel": "кабель",
    "detal": "деталь",
    "byulleten": "бюллетень",
    "yanvar": "январь",
    "fevral": "февраль",
    "aprel": "апрель",
    "iyun": "июнь",
    "iyul": "июль",
    "sentyabr": "сентябрь",
    "oktyabr": "октябрь",
    "noyabr": "ноябрь",
    "dekabr": "декабрь",
    "avtomobil": "автомобиль",
    "mebel": "мебель",
    "medal": "медаль",
    "portfel": "портфель",
    "spektakl": "спектакль",
    "ansambl": "ансамбль",
    "tekstil": "текстиль",
    "stil": "стиль",
    "asfalt": "асфальт",
    "kontrol": "контроль",
    "fakultativ": "факультатив",
    "shampun": "шампунь",
    "dvigatel": "двигатель",
    "vestibyul": "вестибюль",
    "pochtalyon": "почтальон",
    # the soft or hard sign inside the word
    "kompyuter": "компьютер",
    "intervyu": "интервью",
    "premyer": "премьер",
    "pyesa": "пьеса",
    "baryer": "барьер",
    "obyekt": "объект",
    "subyekt": "субъект",
    "inyeksiya": "инъекция",
    "podyezd": "подъезд",
    "obyom": "объём",
    "obyav": "объяв",
    # ц where Latin writes s, and ts the rules do not reach
    "stansiya": "станция",
    "konferensiya": "конференция",
    "provinsiya": "провинция",
    "instansiya": "инстанция",
    "kvitansiya": "квитанция",
    "tendensiya": "тенденция",
    "kompetensiya": "компетенция",
    "konkurensiya": "конкуренция",
    "rezidensiya": "резиденция",
    "distansiya": "дистанция",
    "subsidiya": "субсидия",
    "konsepsiya": "концепция",
    "konsert": "концерт",
    "prinsip": "принцип",
    "potensial": "потенциал",
    "litsenziya": "лицензия",
    "litsey": "лицей",
    "ofitser": "офицер",
    "protsent": "процент",
    "protsess": "процесс",
    "protsedura": "процедура",
    "sentr": "центр",
    "sement": "цемент",
    "sitata": "цитата",
    "sikl": "цикл",
    "sivilizatsiya": "цивилизация",
    "spetsifik": "специфик",
    "koeffitsient": "коэффициент",
    # other loanwords
    "budjet": "бюджет",
    "byudjet": "бюджет",
    "rayon": "район",
    "mayor": "майор",
    "klient": "клиент",
    "orientir": "ориентир",
    "gigiena": "гигиена",
    "dieta": "диета",
}
_LONGEST_STEM = max(map(len, LOANWORDS))

# Names and formats that are the same in every script: the reader types them as written
# (file formats, a library to install, a sign-in service). Compared as written...
NEVER_TRANSLITERATED = {"DD", "MM", "YYYY", "ID", "IP", "UZ", "QR"}
# ...and in any case, for names that cannot be mistaken for an Uzbek word.
NEVER_TRANSLITERATED_ANY_CASE = {
    "pabutools",
    "pabulib",
    "csv",
    "json",
    "pdf",
    "png",
    "jpeg",
    "jpg",
    "webp",
    "svg",
    "url",
    "iso",
    "oneid",
    "utf",
    "html",
    "xml",
    "api",
    "wagtail",
    "django",
    "github",
    "openstreetmap",
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


def _case_of_word(source: str, target: str) -> str:
    """``target`` in the case of the whole ``source`` word: ``PAROL`` → ``ПАРОЛЬ``,
    ``Parol`` → ``Пароль``, ``parol`` → ``пароль``."""
    if len(source) > 1 and source.isupper():
        return target.upper()
    if source[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


def _letters(text: str, before: str = "") -> str:
    """Letter-by-letter transliteration of one run of text; ``before`` is the letter that
    precedes it in the word (the end of a loanword stem), which decides ``e`` → ``е``/``э``."""
    out: list[str] = []
    i = 0
    length = len(text)
    while i < length:
        char = text[i]
        lower = char.lower()
        nxt = text[i + 1] if i + 1 < length else ""
        prev = text[i - 1] if i > 0 else before
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
        after_that = text[i + 3] if i + 3 < length else ""
        # Loanwords write ц as "ts": -tsiya, -tsion, -tsial (петиция, информацион, социал) and
        # at the start of a word (цех). Native words meet t and s only across a suffix
        # (ketsa, ketsin, otsiz), never before i and a vowel, never word-initially.
        if pair == "ts" and (word_start or (after_pair.lower() == "i" and after_that.lower() in _LOAN_VOWELS)):
            out.append(_case_like(char, "ц"))
            i += 2
            continue
        # -ksiya, -ksion are кция, кцион (акция, функционал); no native word has "ksi" + vowel.
        if lower == "s" and prev.lower() == "k" and nxt.lower() == "i" and after_pair.lower() in _LOAN_VOWELS:
            out.append(_case_like(char, "ц"))
            i += 1
            continue
        # "yoʻ" is й + ў (Yangiyoʻl → Янгийўл), not ё + a stray sign.
        if pair in _DIGRAPHS and not (pair == "yo" and after_pair == TURNED_COMMA):
            out.append(_case_like(char, _DIGRAPHS[pair]))
            i += 2
            continue
        # э at the start of a word and after a vowel, except after i: "ie" only occurs in
        # loanwords, which keep е (клиент, коэффициент, диета).
        if lower == "e" and (word_start or (prev in VOWELS and prev.lower() != "i")):
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


_LOAN_VOWELS = set("aeiouy")


def _loanword_stem(lower_word: str) -> str | None:
    """The longest stem of the exception dictionary that ``lower_word`` starts with."""
    for size in range(min(len(lower_word), _LONGEST_STEM), 2, -1):
        if lower_word[:size] in LOANWORDS:
            return lower_word[:size]
    return None


@functools.lru_cache(maxsize=50_000)
def _word(word: str) -> str:
    """One word in Cyrillic. Pages repeat their words (names, interface strings, titles in every
    list), and a word always gives the same letters, so each is worked out once per process."""
    if word in NEVER_TRANSLITERATED or word.lower() in NEVER_TRANSLITERATED_ANY_CASE:
        return word
    lower = word.lower()
    stem = _loanword_stem(lower)
    if stem is None:
        return _letters(word)
    cyrillic = LOANWORDS[stem]
    rest = word[len(stem) :]
    if rest and cyrillic.endswith("ь"):
        # The final soft sign of a Russian loanword is dropped before an Uzbek suffix, as
        # official texts write it: февраль, but 7 февралдаги; пароль, but паролингиз.
        cyrillic = cyrillic[:-1]
    return _case_of_word(word[: len(stem)], cyrillic) + _letters(rest, before=word[len(stem) - 1])


# A word: letters with the apostrophes inside it. A word glued to a following digit is a code
# (Add1, AB1234567) and stays as it is, like the file extensions and region codes below.
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[" + TURNED_COMMA + MODIFIER_APOSTROPHE + r"])*")
_CODE = re.compile(
    r"[^\W\d_]+\d[\w-]*"  # Add1, AB1234567
    r"|\bUZ-[A-Z]{2}\b"  # ISO 3166-2: UZ-NG
    r"|(?:[\w-]+)?\.(?:pb|csv|json|pdf|zip|xlsx?|txt|png|jpe?g|webp|svg|xml)\b"  # results.pb, .csv
)


# Text with none of these is left exactly as it is by every rule below (all of them act on Latin
# letters and apostrophes; K, the Kelvin sign, and İ are the only other letters whose lower case is
# Latin). Most of a Cyrillic page (its interface strings) is such text: it is passed over at once.
_NOTHING_TO_DO = re.compile("[^A-Za-z\u212a\u0130" + re.escape(APOSTROPHES) + "]*")


def latin_to_cyrillic(text: str) -> str:
    """Transliterate Uzbek Latin text to Uzbek Cyrillic.

    Word by word: words of the exception dictionary (loanwords spelled as in Russian) and of
    the never-transliterated list (product names, formats) are looked up first; every other
    word goes letter by letter. Codes (``Add1``, ``UZ-NG``, ``results.pb``) are kept.
    """
    if _NOTHING_TO_DO.fullmatch(text) and unicodedata.is_normalized("NFC", text):
        return text
    text = normalize_apostrophes(text)
    out: list[str] = []
    position = 0
    for code in _CODE.finditer(text):
        out.append(_words(text[position : code.start()]))
        out.append(code.group(0))
        position = code.end()
    out.append(_words(text[position:]))
    return "".join(out)


def _words(text: str) -> str:
    # Between two words there is no letter (the sign ʼ and ʻ are letters to ``_WORD``), and every
    # rule of ``_letters`` needs one: only the words change.
    return _WORD.sub(_word_of_match, text)


def _word_of_match(match: re.Match) -> str:
    return _word(match.group(0))


# Interface strings carry placeholders and markup that must pass through unchanged.
_PROTECTED_WITHOUT_EMAIL = (
    r"((?s:<(textarea|script|style|pre|code)\b.*?</\2>)"  # what the reader typed, code
    r"|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]"  # %(name)s, %(count)d
    r"|%[sdifr]"  # %s
    r"|\{[^{}]*\}"  # {name}, {0}
    r"|<[^<>]+>"  # <a href="...">, </strong>
    r"|&[a-zA-Z]+;|&#\d+;|&#[xX][0-9a-fA-F]+;"  # &nbsp; &#8239; &#x27;
    r"|https?://\S+"  # URLs
    r"|\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b"  # bare domains: my.gov.uz
)
_PROTECTED = re.compile(_PROTECTED_WITHOUT_EMAIL + r"|\b[\w.+-]+@[\w-]+\.[\w.]+\b)")  # e-mail addresses
# Trying the e-mail pattern at every word is half the time of a page; it cannot match where
# there is no @, and without it the matches are the same.
_PROTECTED_NO_AT = re.compile(_PROTECTED_WITHOUT_EMAIL + ")")


def transliterate_message(text: str) -> str:
    """Transliterate an interface string or rendered HTML, leaving placeholders, tags,
    entities, URLs, e-mail addresses and the contents of form text areas and code intact."""
    out: list[str] = []
    position = 0
    for match in (_PROTECTED if "@" in text else _PROTECTED_NO_AT).finditer(text):
        out.append(_text_between(text[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(_text_between(text[position:]))
    return "".join(out)


# The text between two tags of a page, in Cyrillic, remembered per process for the short ones:
# a page is hundreds of such runs (a menu item, a title, a date, a count), nearly all of them on
# the page the last time too and on the next page (the header, the footer, the labels), so a
# rendered page is mostly looked up rather than worked out again. Long runs (a petition's text)
# are worked out each time, which bounds the memory: at most SHORT_RUNS runs of SHORT_RUN
# characters.
SHORT_RUN = 400
SHORT_RUNS = 4096
_short_run = functools.lru_cache(maxsize=SHORT_RUNS)(lambda text: latin_to_cyrillic(text))


def _text_between(text: str) -> str:
    return _short_run(text) if len(text) <= SHORT_RUN else latin_to_cyrillic(text)


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
