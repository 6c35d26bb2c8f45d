"""Building the interface catalogues that nobody types by hand.

* ``uz_Cyrl``: every Uzbek Latin string, ours and those of Django, its auth app and
  django-allauth (form errors, sign-in pages), transliterated to Cyrillic. Translators
  maintain one Uzbek catalogue; the Cyrillic one can never drift from it.
* ``kaa``: Karakalpak is translated by hand (``docs/glossary.md`` fixes its terms), but the
  list of strings is not: it follows the Uzbek catalogue, the one ``makemessages`` keeps in
  step with the code. This module merges the committed Karakalpak translations into that list
  (as ``msgmerge`` would, without needing GNU gettext): a new string arrives untranslated, a
  string gone from the code is kept at the end as obsolete for the translators, and nobody
  can overwrite the translations by running ``make messages``. A string still untranslated
  falls back to Uzbek Latin, the default language.

* ``locale_third_party/uz``: the Uzbek strings of Django and allauth, corrected. Their own
  catalogues type oʻ and gʻ with a plain apostrophe and write titles in English Title Case
  ("Ro'yxatdan O'tish"). Every such string gets the official apostrophes (ʻ U+02BB, ʼ U+02BC)
  and sentence case here, and ``participation/locale_overrides/uz.po`` (written by hand) replaces
  the ones whose wording needs more than that. The directory comes second in ``LOCALE_PATHS``:
  our own catalogue still wins over it, and it wins over the packages' own. The Cyrillic
  catalogue is built from the corrected strings too.

* ``locale_third_party/kaa``: the Karakalpak strings of Django and allauth that residents see.
  The packages ship no Karakalpak, so every one comes from
  ``participation/locale_overrides/kaa.po`` (written by hand); the rest fall back to Uzbek.

``make messages`` runs this after ``makemessages``; a test fails when the committed files
differ from what this module would build.
"""

import importlib
import re
from pathlib import Path

import polib
from django.conf import settings

from participation.translit import normalize_apostrophes, transliterate_message

# Third-party catalogues whose Uzbek strings residents see (validation errors, allauth pages).
THIRD_PARTY_DOMAINS = ("django.conf", "django.contrib.auth", "allauth")

HEADER = {
    "Project-Id-Version": "participation",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


def _locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


THIRD_PARTY_DIR = "locale_third_party"
OVERRIDES_DIR = Path(__file__).parent / "locale_overrides"
OVERRIDES = OVERRIDES_DIR / "uz.po"
KARAKALPAK_OVERRIDES = OVERRIDES_DIR / "kaa.po"
# Karakalpak, like Uzbek, does not inflect a noun after a number; the second form is for the
# sentences whose verb or pronoun still changes ("bul"/"usı … lar").
KARAKALPAK_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


def _third_party_dir() -> Path:
    return Path(settings.BASE_DIR) / THIRD_PARTY_DIR


def _packages_uz_catalogues() -> list[polib.POFile]:
    catalogues = []
    for module_name in THIRD_PARTY_DOMAINS:
        module = importlib.import_module(module_name)
        base = Path(module.__file__).parent
        path = base / "locale" / "uz" / "LC_MESSAGES" / "django.po"
        if path.exists():
            catalogues.append(polib.pofile(str(path)))
    return catalogues


# A placeholder, an acronym (IP, TOTP) or a word with a capital inside (OneID, JavaScript)
# keeps its case; any other capitalised word after the first is a Title Case leftover.
_WORD = re.compile(r"%\([^)]*\)[a-z]|%[a-z]|\{[^}]*\}|<[^>]*>|[^\W\d_][\w\u02bb\u02bc'-]*")


def _is_title_case(english: str) -> bool:
    """``Sign Up``, ``Add Email Address``: two or more words, each significant one capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", english) if w.lower() not in _ENGLISH_SMALL_WORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


_ENGLISH_SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "via", "and", "or", "your", "my"}


def sentence_case(text: str) -> str:
    """Lower-case every capitalised word but the first, sparing acronyms, mixed-case names
    and placeholders: ``Email Manzilini Tasdiqlash`` → ``Email manzilini tasdiqlash``."""
    first = True

    def lower(match: re.Match) -> str:
        nonlocal first
        word = match.group(0)
        if not word[0].isalpha():
            if word[0] != "<":
                first = False  # a placeholder starts the sentence as a word would
            return word  # a placeholder or a tag
        keep = first or word.isupper() or any(c.isupper() for c in word[1:])
        first = False
        return word if keep else word[:1].lower() + word[1:]

    return _WORD.sub(lower, text)


def _corrected(entry: polib.POEntry, english: str, text: str) -> str:
    text = normalize_apostrophes(text)
    return sentence_case(text) if _is_title_case(english) else text


def build_third_party_catalogue() -> polib.POFile:
    """The packages' Uzbek strings that needed correcting, corrected (see the module docstring).

    Only strings that change are written: the rest keep coming from the packages themselves.
    """
    overrides = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(OVERRIDES)) if _translated(e)}
    result = polib.POFile(wrapwidth=0)
    result.metadata = dict(HEADER, Language="uz", **{"Plural-Forms": "nplurals=2; plural=(n != 1);"})
    seen: set[tuple[str | None, str]] = set()
    for catalogue in _packages_uz_catalogues():
        for entry in catalogue:
            key = (entry.msgctxt, entry.msgid)
            if key in seen or not _translated(entry):
                continue
            seen.add(key)
            override = overrides.get(key)
            if override is not None:
                msgstr, plural = override.msgstr, dict(override.msgstr_plural)
            else:
                msgstr = _corrected(entry, entry.msgid, entry.msgstr) if entry.msgstr else ""
                plural = {i: _corrected(entry, entry.msgid_plural, t) for i, t in entry.msgstr_plural.items()}
            if msgstr == entry.msgstr and plural == dict(entry.msgstr_plural):
                continue
            result.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr=msgstr,
                    msgstr_plural=plural,
                    flags=[flag for flag in entry.flags if flag.endswith("-format")],
                )
            )
    return result


def _third_party_uz_catalogues() -> list[polib.POFile]:
    """The packages' Uzbek catalogues, corrected strings first."""
    return [build_third_party_catalogue(), *_packages_uz_catalogues()]


def _translated(entry: polib.POEntry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def build_cyrillic_catalogue() -> polib.POFile:
    """Uzbek Cyrillic from Uzbek Latin: our strings win over third-party ones."""
    ours = polib.pofile(str(_locale_dir() / "uz" / "LC_MESSAGES" / "django.po"))
    result = polib.POFile(wrapwidth=0)
    result.metadata = dict(HEADER, Language="uz_Cyrl", **{"Plural-Forms": ours.metadata.get("Plural-Forms", "")})
    seen: set[tuple[str | None, str]] = set()
    for catalogue in [ours, *_third_party_uz_catalogues()]:
        for entry in catalogue:
            key = (entry.msgctxt, entry.msgid)
            if key in seen or not _translated(entry):
                continue
            seen.add(key)
            result.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr=transliterate_message(entry.msgstr) if not entry.msgid_plural else "",
                    msgstr_plural={index: transliterate_message(text) for index, text in entry.msgstr_plural.items()},
                    flags=[flag for flag in entry.flags if flag.endswith("-format")],
                )
            )
    return result


def build_third_party_karakalpak_catalogue() -> polib.POFile:
    """The hand-written Karakalpak strings of Django and allauth, for the msgids they still have.

    An override whose msgid a package no longer has is dropped here (a test lists them), so an
    upgrade that rewords a string falls back to Uzbek instead of showing a stale translation.
    """
    overrides = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(KARAKALPAK_OVERRIDES)) if _translated(e)}
    result = polib.POFile(wrapwidth=0)
    result.metadata = dict(HEADER, Language="kaa", **{"Plural-Forms": KARAKALPAK_PLURAL_FORMS})
    seen: set[tuple[str | None, str]] = set()
    for catalogue in _packages_uz_catalogues():
        for entry in catalogue:
            key = (entry.msgctxt, entry.msgid)
            override = overrides.get(key)
            if key in seen or override is None:
                continue
            seen.add(key)
            result.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr=override.msgstr if not entry.msgid_plural else "",
                    msgstr_plural=_two_forms(override) if entry.msgid_plural else {},
                    flags=[flag for flag in entry.flags if flag.endswith("-format")],
                )
            )
    return result


def stale_karakalpak_overrides() -> list[str]:
    """Overrides in ``locale_overrides/kaa.po`` whose msgid no package has (any more)."""
    known = {(e.msgctxt, e.msgid) for catalogue in _packages_uz_catalogues() for e in catalogue}
    return [e.msgid for e in polib.pofile(str(KARAKALPAK_OVERRIDES)) if (e.msgctxt, e.msgid) not in known]


def _two_forms(entry: polib.POEntry) -> dict[int, str]:
    forms = dict(entry.msgstr_plural)
    return {0: forms.get(0, ""), 1: forms.get(1, forms.get(0, ""))}


def build_karakalpak_catalogue() -> polib.POFile:
    """The Uzbek catalogue's msgids with the committed Karakalpak translations (module docstring)."""
    uzbek = polib.pofile(str(_locale_dir() / "uz" / "LC_MESSAGES" / "django.po"))
    path = po_path("kaa")
    committed = polib.pofile(str(path)) if path.exists() else polib.POFile()
    previous = {(e.msgctxt, e.msgid): e for e in committed if not e.obsolete}
    # A string that comes back to the code gets back its translation from the obsolete ones.
    for entry in committed:
        if entry.obsolete:
            previous.setdefault((entry.msgctxt, entry.msgid), entry)
    result = polib.POFile(wrapwidth=0)
    result.metadata = dict(HEADER, Language="kaa", **{"Plural-Forms": KARAKALPAK_PLURAL_FORMS})
    for entry in uzbek:
        if entry.obsolete:
            continue
        old = previous.pop((entry.msgctxt, entry.msgid), None)
        flags = [flag for flag in entry.flags if flag.endswith("-format")]
        if old is not None and "fuzzy" in old.flags:
            flags.append("fuzzy")
        new = polib.POEntry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgid_plural=entry.msgid_plural,
            occurrences=entry.occurrences,
            tcomment=old.tcomment if old is not None else "",
            flags=flags,
        )
        if entry.msgid_plural:
            new.msgstr_plural = _two_forms(old) if old is not None and old.msgid_plural else {0: "", 1: ""}
        else:
            new.msgstr = old.msgstr if old is not None and not old.msgid_plural else ""
        result.append(new)
    for old in previous.values():
        if _translated(old) or old.obsolete:
            result.append(
                polib.POEntry(
                    msgctxt=old.msgctxt,
                    msgid=old.msgid,
                    msgid_plural=old.msgid_plural,
                    msgstr=old.msgstr,
                    msgstr_plural=dict(old.msgstr_plural),
                    obsolete=True,
                )
            )
    return result


# Placeholders a translation must keep exactly: printf-style (named or not), str.format
# fields, HTML tags and entities, and URLs.
_PLACEHOLDER = re.compile(r"%\([^)]+\)[a-zA-Z]|%[sdifr]|\{[^{}]*\}|<[^>]+>|&[a-z]+;|https?://[^\s\"<>]*")


def placeholders(text: str) -> list[str]:
    # A URL at the end of a sentence is followed by its full stop, not ended by it.
    return sorted(found.rstrip(".,;:") for found in _PLACEHOLDER.findall(text))


def karakalpak_gaps() -> list[str]:
    """Every Uzbek msgid that the Karakalpak catalogue lacks, leaves empty or fuzzy, or whose
    translation drops, adds or alters a placeholder. Empty when the catalogue is complete."""
    uzbek = polib.pofile(str(_locale_dir() / "uz" / "LC_MESSAGES" / "django.po"))
    karakalpak = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(po_path("kaa"))) if not e.obsolete}
    gaps = []
    for entry in uzbek:
        if entry.obsolete:
            continue
        translation = karakalpak.get((entry.msgctxt, entry.msgid))
        if translation is None or not _translated(translation):
            gaps.append(f"untranslated: {entry.msgid!r}")
            continue
        if entry.msgid_plural:
            # The singular may name the count in words ("one project"), as the Uzbek one may.
            pairs = [(translation.msgstr_plural[0], (entry.msgid, entry.msgid_plural))]
            pairs.append((translation.msgstr_plural[1], (entry.msgid_plural,)))
        else:
            pairs = [(translation.msgstr, (entry.msgid,))]
        for text, sources in pairs:
            if all(placeholders(text) != placeholders(source) for source in sources):
                gaps.append(f"placeholders differ: {entry.msgid!r} → {text!r}")
    return gaps


def generated_catalogues() -> dict[str, polib.POFile]:
    return {
        "uz_Cyrl": build_cyrillic_catalogue(),
        "kaa": build_karakalpak_catalogue(),
        f"{THIRD_PARTY_DIR}/uz": build_third_party_catalogue(),
        f"{THIRD_PARTY_DIR}/kaa": build_third_party_karakalpak_catalogue(),
    }


def po_path(locale: str) -> Path:
    if locale.startswith(f"{THIRD_PARTY_DIR}/"):
        return _third_party_dir() / locale.split("/", 1)[1] / "LC_MESSAGES" / "django.po"
    return _locale_dir() / locale / "LC_MESSAGES" / "django.po"


def _all_po_files() -> list[Path]:
    return sorted([*_locale_dir().glob("*/LC_MESSAGES/django.po"), *_third_party_dir().glob("*/LC_MESSAGES/django.po")])


def write_catalogues() -> list[Path]:
    """Write the generated .po files and compile every catalogue to .mo (no GNU gettext needed)."""
    written = []
    for locale, catalogue in generated_catalogues().items():
        path = po_path(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalogue.save(str(path))
        written.append(path)
    for path in _all_po_files():
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
        written.append(path.with_suffix(".mo"))
    return written


def _entries(catalogue) -> dict:
    return {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in catalogue if _translated(e)}


def _msgids(catalogue) -> set:
    """Every live msgid, translated or not: the Karakalpak one must list all of Uzbek's."""
    return {(e.msgctxt, e.msgid) for e in catalogue if not e.obsolete}


def stale_catalogues() -> list[str]:
    """Locales whose committed files differ from what ``write_catalogues`` would produce."""
    stale = []
    for locale, catalogue in generated_catalogues().items():
        path = po_path(locale)
        committed = polib.pofile(str(path)) if path.exists() else None
        if committed is None or _entries(committed) != _entries(catalogue) or _msgids(committed) != _msgids(catalogue):
            stale.append(f"{locale}: django.po")
    for path in _all_po_files():
        mo_path = path.with_suffix(".mo")
        source = _entries(polib.pofile(str(path)))
        if not mo_path.exists():
            stale.append(f"{path.parent.parent.name}: django.mo missing")
            continue
        compiled = {key: value for key, value in _entries(polib.mofile(str(mo_path))).items() if key[1]}
        if source != compiled:
            stale.append(f"{path.parent.parent.name}: django.mo")
    return stale
