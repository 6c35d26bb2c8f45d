"""Rows named by the data (a rejection reason, a mahalla) in the reader's language.

A snapshot stores a row's key and its Uzbek (Latin) name, the same for every reader (the hash
is taken of it). A page names the row again from its key, in the reader's language: a section
says which of its tables are keyed by what (``row_names`` in ``register_section``), and the
page looks up all the keys of a kind in one query. A name with no translation keeps its Uzbek
text and says so (``lang="uz-Latn"``), as WCAG 3.1.2 asks of a passage in another language.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import get_language

from participation.languages import BCP47
from participation.models import ReasonCode, Territory
from participation.translit import latin_to_cyrillic

UZBEK_LATIN = "uz"


@dataclass(frozen=True)
class RowName:
    label: str
    lang: str = ""  # the label's language (BCP 47) when it is not the page's


def _language() -> str:
    return get_language() or UZBEK_LATIN


def uzbek_name(text: str) -> RowName:
    """A name stored only in Uzbek (Latin), as the reader can best read it: transliterated for
    Uzbek Cyrillic, marked ``uz-Latn`` for every other language but Uzbek Latin itself."""
    language = _language()
    if not text or language == UZBEK_LATIN:
        return RowName(text)
    if language == "uz-cyrl":
        return RowName(latin_to_cyrillic(text))
    return RowName(text, BCP47[UZBEK_LATIN])


def reason_names(codes: list[str]) -> dict[str, RowName]:
    """Moderation reason codes → their label in the reader's language (one query)."""
    language = _language()
    names = {}
    for reason in ReasonCode.objects.filter(code__in=codes):
        own = {"ru": reason.label_ru, "en": reason.label_en, "kaa": reason.label_kaa}.get(language, "")
        names[reason.code] = RowName(own) if own else uzbek_name(reason.label_uz)
    return names


def territory_names(keys: list[str]) -> dict[str, RowName]:
    """Territory ids (as text) → the territory's name in the reader's language (one query).
    A place's name without a translation stays as it is: a proper name needs no ``lang``."""
    ids = [int(key) for key in keys if key.isdigit()]
    return {str(territory.pk): RowName(territory.name) for territory in Territory.objects.filter(pk__in=ids)}


RowNames = Callable[[list[str]], dict[str, RowName]]
