"""Building the interface catalogues that nobody types by hand.

* ``uz_Cyrl``: every Uzbek Latin string, ours and those of Django, its auth app and
  django-allauth (form errors, sign-in pages), transliterated to Cyrillic. Translators
  maintain one Uzbek catalogue; the Cyrillic one can never drift from it.
* ``kaa``: a catalogue with only a header. Django accepts a language only when a
  catalogue exists, and falls back to the default language (Uzbek Latin, the closest
  written language a Karakalpak reader shares) for every string it lacks, until Karakalpak
  translators fill it in.

``make messages`` runs this after ``makemessages``; a test fails when the committed files
differ from what this module would build.
"""

import importlib
from pathlib import Path

import polib
from django.conf import settings

from participation.translit import transliterate_message

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


def _third_party_uz_catalogues() -> list[polib.POFile]:
    catalogues = []
    for module_name in THIRD_PARTY_DOMAINS:
        module = importlib.import_module(module_name)
        base = Path(module.__file__).parent
        path = base / "locale" / "uz" / "LC_MESSAGES" / "django.po"
        if path.exists():
            catalogues.append(polib.pofile(str(path)))
    return catalogues


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


def build_karakalpak_catalogue() -> polib.POFile:
    result = polib.POFile(wrapwidth=0)
    result.metadata = dict(HEADER, Language="kaa", **{"Plural-Forms": "nplurals=2; plural=(n != 1);"})
    return result


def generated_catalogues() -> dict[str, polib.POFile]:
    return {"uz_Cyrl": build_cyrillic_catalogue(), "kaa": build_karakalpak_catalogue()}


def po_path(locale: str) -> Path:
    return _locale_dir() / locale / "LC_MESSAGES" / "django.po"


def write_catalogues() -> list[Path]:
    """Write the generated .po files and compile every catalogue to .mo (no GNU gettext needed)."""
    written = []
    for locale, catalogue in generated_catalogues().items():
        path = po_path(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalogue.save(str(path))
        written.append(path)
    for path in sorted(_locale_dir().glob("*/LC_MESSAGES/django.po")):
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
        written.append(path.with_suffix(".mo"))
    return written


def _entries(catalogue) -> dict:
    return {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in catalogue if _translated(e)}


def stale_catalogues() -> list[str]:
    """Locales whose committed files differ from what ``write_catalogues`` would produce."""
    stale = []
    for locale, catalogue in generated_catalogues().items():
        path = po_path(locale)
        if not path.exists() or _entries(polib.pofile(str(path))) != _entries(catalogue):
            stale.append(f"{locale}: django.po")
    for path in sorted(_locale_dir().glob("*/LC_MESSAGES/django.po")):
        mo_path = path.with_suffix(".mo")
        source = _entries(polib.pofile(str(path)))
        if not mo_path.exists():
            stale.append(f"{path.parent.parent.name}: django.mo missing")
            continue
        compiled = {key: value for key, value in _entries(polib.mofile(str(mo_path))).items() if key[1]}
        if source != compiled:
            stale.append(f"{path.parent.parent.name}: django.mo")
    return stale
