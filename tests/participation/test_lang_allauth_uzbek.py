"""allauth's own Uzbek strings, as residents see them: official apostrophes, sentence case."""

import polib
import pytest
from django.utils import translation

from participation.locales import build_cyrillic_catalogue, build_third_party_catalogue, sentence_case


def test_the_uzbek_sign_up_page_says_royxatdan_otish_correctly(client, tree):
    page = client.get("/uz/accounts/signup/").content.decode()
    assert "Roʻyxatdan oʻtish" in page  # ʻ U+02BB, sentence case
    assert "Ro'yxatdan" not in page and "Ro&#x27;yxatdan" not in page and "Oʻtish" not in page


def test_corrected_strings_reach_the_uzbek_interface(db):
    with translation.override("uz"):
        assert translation.gettext("Sign Up") == "Roʻyxatdan oʻtish"
        assert translation.gettext("Remember Me") == "Meni eslab qolish"
        # A string with no hand-written override is corrected too.
        assert translation.gettext("Email Addresses") == "Email manzillari"
        assert translation.gettext("Invalid or expired key.") == "Yaroqsiz yoki muddati oʻtgan kalit."


def test_the_cyrillic_catalogue_is_built_from_the_corrected_strings():
    cyrillic = {entry.msgid: entry.msgstr for entry in build_cyrillic_catalogue()}
    assert cyrillic["Sign Up"] == "Рўйхатдан ўтиш"
    assert cyrillic["Change Password"] == "Паролни ўзгартириш"


def test_no_package_string_keeps_a_plain_apostrophe_or_title_case():
    corrected = build_third_party_catalogue()
    by_msgid = {entry.msgid: entry.msgstr for entry in corrected}
    assert by_msgid["Sign Up"] == "Roʻyxatdan oʻtish"
    assert by_msgid["Password Changed"] == "Parol oʻzgartirildi"
    assert by_msgid["Unknown Account"] == "Nomaʼlum akkaunt"  # the separating sign is ʼ
    for entry in corrected:
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            assert "o'" not in text.lower() and "g'" not in text.lower(), (entry.msgid, text)


@pytest.mark.parametrize(
    ("title", "sentence"),
    [
        ("Email Manzilini Tasdiqlash", "Email manzilini tasdiqlash"),
        ("IP Manzil", "IP manzil"),  # an acronym keeps its capitals
        ("%(provider)s Orqali Kirish", "%(provider)s orqali kirish"),  # a placeholder is not a word
        ("Iltimos, Email Manzilingizni Tasdiqlang", "Iltimos, email manzilingizni tasdiqlang"),
        ("Bu Funksiya JavaScript-ni Talab Qiladi", "Bu funksiya JavaScript-ni talab qiladi"),
    ],
)
def test_sentence_case(title, sentence):
    assert sentence_case(title) == sentence


def test_the_hand_written_overrides_name_real_package_strings():
    """An override whose msgid allauth no longer has would silently do nothing."""
    from participation.locales import OVERRIDES, _packages_uz_catalogues

    known = {entry.msgid for catalogue in _packages_uz_catalogues() for entry in catalogue}
    assert {entry.msgid for entry in polib.pofile(str(OVERRIDES))} - known == set()
