"""The Karakalpak interface: a complete, hand-translated catalogue, kept in step by the build,
and pages that declare ``kaa`` because their words are Karakalpak."""

import datetime
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import formats, translation

from participation import locales
from participation.languages import document_language
from participation.locales import (
    build_karakalpak_catalogue,
    build_third_party_karakalpak_catalogue,
    karakalpak_gaps,
    placeholders,
    stale_karakalpak_overrides,
)

KAA_PO = Path(settings.BASE_DIR) / "locale" / "kaa" / "LC_MESSAGES" / "django.po"


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def karakalpak_texts():
    for entry in polib.pofile(str(KAA_PO)):
        if not entry.obsolete:
            yield entry, [entry.msgstr, *entry.msgstr_plural.values()]


def test_every_uzbek_string_is_translated_into_karakalpak_with_its_placeholders():
    # No msgid missing, empty or fuzzy; every %(name)s, {name}, %s, tag, entity and URL kept.
    assert karakalpak_gaps() == []


def test_the_placeholder_check_notices_a_dropped_or_altered_placeholder():
    assert placeholders("Salem, %(name)s! <a href='%(url)s'>{count}</a>") == sorted(
        ["%(name)s", "<a href='%(url)s'>", "{count}", "</a>"]
    )
    assert placeholders("Salem, %(nam)s!") != placeholders("Hello, %(name)s!")
    assert placeholders("with https:// or http://.") == placeholders("https:// yamasa http:// penen")


# Uzbek words a Karakalpak translator would not write (docs/glossary.md gives the Karakalpak
# term): a leftover one means a string was copied from Uzbek instead of translated.
UZBEK_ONLY_WORDS = {
    "va", "uchun", "bilan", "yoki", "emas", "kerak", "hokimlik", "mahalla", "petitsiya",
    "loyiha", "muhokama", "taklif", "tashkilot", "savol", "javob", "imzo", "ovoz", "hudud",
}  # fmt: skip


def test_the_catalogue_is_written_in_karakalpak_latin_letters_not_uzbek_ones():
    for entry, texts in karakalpak_texts():
        for text in texts:
            words = re.sub(r"%\([^)]+\)[a-z]|\{[^}]*\}|<[^>]+>", " ", text).lower()
            # Uzbek's oʻ/gʻ sign and Cyrillic letters have no place in Karakalpak Latin.
            assert not re.search("[\u02bb\u0400-\u04ff]", words), (entry.msgid, text)
            assert not set(re.findall(r"\w+", words)) & UZBEK_ONLY_WORDS, (entry.msgid, text)


def test_key_terms_follow_the_glossary():
    """A few terms a resident meets on every page, always the same word."""
    translated = {entry.msgid: entry.msgstr for entry, _ in karakalpak_texts() if not entry.msgid_plural}
    assert translated["Khokimiyat"] == "Hákimlik"
    assert translated["Mahalla"] == "Máhálle"
    assert translated["Petition"] == "Peticiya"
    assert translated["Sign in"] == "Kiriw"
    assert translated["Sign out"] == "Shıǵıw"
    assert translated["Consultation"] == "Talqılaw"
    assert translated["Meeting"] == "Jıynalıs"
    assert translated["Participatory budgeting"] == "Baslamalı byudjet"


@pytest.fixture
def catalogues(tmp_path, settings):
    """A locale directory with a small Uzbek template and a Karakalpak catalogue to merge."""
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS[1:]]
    for code in ("uz", "kaa"):
        (tmp_path / "locale" / code / "LC_MESSAGES").mkdir(parents=True)

    def write(code, entries):
        catalogue = polib.POFile()
        catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        for entry in entries:
            catalogue.append(entry)
        catalogue.save(str(tmp_path / "locale" / code / "LC_MESSAGES" / "django.po"))

    return write


def test_the_build_keeps_the_translations_and_follows_the_uzbek_list_of_strings(catalogues):
    catalogues(
        "uz",
        [
            polib.POEntry(msgid="Petition", msgstr="Petitsiya", occurrences=[("proposals/models.py", "")]),
            polib.POEntry(msgid="New string", msgstr="Yangi satr"),
            polib.POEntry(msgid="%(n)s vote", msgid_plural="%(n)s votes", msgstr_plural={0: "%(n)s ovoz"}),
            polib.POEntry(msgid="Translated before it arrived", msgstr="Kelishidan oldin tarjima qilingan"),
        ],
    )
    catalogues(
        "kaa",
        [
            polib.POEntry(msgid="Petition", msgstr="Peticiya"),
            polib.POEntry(msgid="Gone from the code", msgstr="Koddan alıp taslanǵan"),
            # Translated ahead of a merge that brings the string to the Uzbek catalogue.
            polib.POEntry(msgid="Translated before it arrived", msgstr="Keliwinen aldın awdarılǵan", obsolete=True),
        ],
    )
    built = build_karakalpak_catalogue()
    live = {entry.msgid: entry for entry in built if not entry.obsolete}
    assert list(live) == ["Petition", "New string", "%(n)s vote", "Translated before it arrived"]  # Uzbek's
    assert live["Petition"].msgstr == "Peticiya"  # the hand translation survives the build
    assert live["Petition"].occurrences == [("proposals/models.py", "")]
    assert live["New string"].msgstr == ""  # arrives untranslated: Uzbek shows until translated
    assert live["%(n)s vote"].msgstr_plural == {0: "", 1: ""}  # Karakalpak's two forms
    assert live["Translated before it arrived"].msgstr == "Keliwinen aldın awdarılǵan"
    assert [entry.msgid for entry in built if entry.obsolete] == ["Gone from the code"]
    assert built.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    # The committed file no longer matches: the check that CI runs says so.
    assert "kaa: django.po" in locales.stale_catalogues()


def test_a_karakalpak_page_is_declared_kaa_and_reads_karakalpak(client, home_page):
    assert document_language("kaa") == "kaa"
    page = client.get("/kaa/").content.decode()
    assert html_lang(page) == "kaa"
    assert "Wálayatlar boyınsha hákimlikler" in page  # "Khokimiyats by region"
    assert "Kiriw" in page and "Dizimnen ótiw" in page  # sign in, sign up
    assert "Viloyatlar boʻyicha hokimliklar" not in page  # no Uzbek fallback left on the page
    petitions = client.get("/kaa/petitions/").content.decode()
    assert html_lang(petitions) == "kaa"
    assert "<h1>Peticiyalar</h1>" in petitions


def test_the_sign_in_page_is_karakalpak_too(client, db):
    """allauth ships no Karakalpak: its strings come from locale_overrides/kaa.po."""
    page = client.get("/kaa/accounts/login/").content.decode()
    assert html_lang(page) == "kaa"
    assert "Parolińizdi umıttıńız ba?" in page  # allauth's "Forgot your password?"
    assert "Meni eslep qal" in page  # "Remember Me"
    signup = client.get("/kaa/accounts/signup/").content.decode()
    assert "Akkauntıńız bar ma?" in signup  # "Already have an account?"
    assert "Parol (qaytadan)" in signup


def test_dates_and_numbers_are_written_the_karakalpak_way():
    """Django has no Karakalpak formats: participation/formats/kaa gives them."""
    moment = datetime.datetime(2026, 12, 7, 14, 5)
    with translation.override("kaa"):
        assert formats.date_format(moment) == "7-dekabr, 2026-jıl"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "7-dekabr, 2026-jıl 14:05"
        assert formats.number_format(1234567, force_grouping=True) == "1\xa0234\xa0567"
        assert translation.gettext("This field is required.") == "Bul maydandı toltırıw mindetli."


def test_the_karakalpak_overrides_translate_strings_the_packages_have():
    assert stale_karakalpak_overrides() == []
    built = build_third_party_karakalpak_catalogue()
    assert len(built) > 100
    for entry in built:
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            assert text
            assert placeholders(text) in (placeholders(entry.msgid), placeholders(entry.msgid_plural or entry.msgid))
