import importlib.resources
import re
from pathlib import Path

import pytest
import yaml

from participation.translit import (
    latin_to_cyrillic,
    normalize_apostrophes,
    search_key,
    transliterate_html,
    transliterate_message,
)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Oʻzbekiston", "Ўзбекистон"),  # oʻ → ў, word-initial capital
        ("gʻalla", "ғалла"),  # gʻ → ғ
        ("Isʼhoq", "Исҳоқ"),  # the sign between s and h only separates: сҳ, not ш
        ("maʼno", "маъно"),  # elsewhere the sign is ъ
        ("sanʼat", "санъат"),
        ("shahar", "шаҳар"),
        ("choy", "чой"),
        ("yoz", "ёз"),
        ("yulduz", "юлдуз"),
        ("yaxshi", "яхши"),
        ("yetti", "етти"),
        ("ekin", "экин"),  # word-initial e → э
        ("Ertalab", "Эрталаб"),
        ("aeroport", "аэропорт"),  # e after a vowel → э
        ("Yangiyoʻl", "Янгийўл"),  # y + oʻ, not yo + a stray sign
        ("Qoraqalpogʻiston", "Қорақалпоғистон"),
        ("SHAHAR", "ШАҲАР"),
        ("bogʻ", "боғ"),  # oʻ/gʻ at the end of a word
        ("Toshkent, 2026-yil", "Тошкент, 2026-йил"),
    ],
)
def test_real_words(latin, cyrillic):
    assert latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize("apostrophe", ["ʻ", "'", "‘", "’", "ʼ", "`"])
def test_every_apostrophe_people_type_gives_the_same_letters(apostrophe):
    assert latin_to_cyrillic(f"O{apostrophe}zbekiston") == "Ўзбекистон"
    assert latin_to_cyrillic(f"ma{apostrophe}no") == "маъно"
    assert latin_to_cyrillic(f"Is{apostrophe}hoq") == "Исҳоқ"
    assert search_key(f"Yangiqo{apostrophe}rg{apostrophe}on") == search_key("Yangiqoʻrgʻon")


def test_normalised_spelling_uses_the_official_code_points():
    assert normalize_apostrophes("O'zbekiston va ma'no") == "O\u02bbzbekiston va ma\u02bcno"
    # A quotation mark is not a letter and stays as it is.
    assert normalize_apostrophes("'Salom' dedi") == "'Salom' dedi"


# Three entries of the package's own data disagree with its Latin spelling: a Russian name
# in the Cyrillic field, "Sirgʻali" written without ғ, "Tuproqqalʼa" without its sign.
KNOWN_SOURCE_ERRORS = {"Mirzo Ulug'bek tumani", "Sirg'ali tumani", "Tuproqqala tumani"}


def test_matches_the_official_cyrillic_of_every_region_and_district():
    fixtures = importlib.resources.files("uzbekistan").joinpath("fixtures")
    rows = [
        row["fields"]
        for name in ("regions.yaml", "districts.yaml")
        for row in yaml.safe_load(fixtures.joinpath(name).read_text(encoding="utf-8"))
    ]
    mismatches = {
        row["name_uz"]: (latin_to_cyrillic(row["name_uz"]), row["name_oz"])
        for row in rows
        if latin_to_cyrillic(row["name_uz"]) != row["name_oz"]
    }
    assert len(rows) == 223
    assert set(mismatches) == KNOWN_SOURCE_ERRORS, mismatches


def test_interface_strings_keep_placeholders_and_markup():
    source = 'Salom, %(name)s! <a href="/uz/kirish/">Kirish</a> {count} ta, %d marta&nbsp;va https://my.gov.uz'
    assert transliterate_message(source) == (
        'Салом, %(name)s! <a href="/uz/kirish/">Кириш</a> {count} та, %d марта&nbsp;ва https://my.gov.uz'
    )


def _word_pairs() -> list[tuple[str, str]]:
    path = Path(__file__).parent / "data" / "translit_words.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


def test_a_few_hundred_real_words_follow_the_standard_spelling():
    pairs = _word_pairs()
    assert len(pairs) >= 300
    wrong = {
        latin: (latin_to_cyrillic(latin), cyrillic) for latin, cyrillic in pairs if latin_to_cyrillic(latin) != cyrillic
    }
    assert wrong == {}


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("petitsiya", "петиция"),  # not петитсия
        ("Petitsiyalarni", "Петицияларни"),
        ("parol", "пароль"),  # not парол
        ("Parolingizni", "Паролингизни"),  # the final ь goes before a suffix
        ("kanalizatsiya", "канализация"),
        ("byudjet", "бюджет"),
        ("budjetga", "бюджетга"),  # the catalogue's spelling too
        ("7 fevraldagi", "7 февралдаги"),
        ("PAROL", "ПАРОЛЬ"),
        ("ketsa", "кетса"),  # a native word: t and s across a suffix stay т and с
    ],
)
def test_loanwords_are_spelled_as_in_standard_cyrillic(latin, cyrillic):
    assert latin_to_cyrillic(latin) == cyrillic


def test_names_formats_and_codes_are_never_transliterated():
    source = (
        "Natijani pabutools bilan tekshiring: natijalar.pb va .pb, CSV yoki JSON fayli, OneID, "
        "Add1 usuli, UZ-NG kodi, AB1234567 pasporti, sana YYYY-MM-DD."
    )
    assert latin_to_cyrillic(source) == (
        "Натижани pabutools билан текширинг: natijalar.pb ва .pb, CSV ёки JSON файли, OneID, "
        "Add1 усули, UZ-NG коди, AB1234567 паспорти, сана YYYY-MM-DD."
    )


def test_interface_strings_keep_addresses_and_placeholders_next_to_loanwords():
    source = "%(count)s ta petitsiya {name} uchun: parolni https://pabutools.example/x sahifasida, info@ishtirok.uz"
    assert transliterate_message(source) == (
        "%(count)s та петиция {name} учун: паролни https://pabutools.example/x саҳифасида, info@ishtirok.uz"
    )


def test_the_generated_cyrillic_catalogue_has_no_letter_by_letter_loanwords():
    """It used to say петитсия 95 times, парол, канализатсия, буджет."""
    from participation.locales import build_cyrillic_catalogue

    texts = [text for entry in build_cyrillic_catalogue() for text in [entry.msgstr, *entry.msgstr_plural.values()]]
    joined = "\n".join(texts)
    for wrong in ("тсия", "буджет", "Буджет", "модератсия", "Модератсия"):
        assert wrong not in joined
    assert not re.search(r"\b[Пп]арол\b", joined)
    assert joined.count("петиция") + joined.count("Петиция") >= 50


# Rendered Uzbek Latin pages of the demo (home, a khokimiyat, a service, the petitions list) and
# what the transliterator made of them before it was made fast: the Cyrillic reader must get
# the same bytes.
RENDERED_PAGES = Path(__file__).parent / "data" / "translit_pages"


@pytest.mark.parametrize("name", ["home", "khokimiyat", "service", "petitions"])
def test_a_whole_rendered_page_comes_out_byte_for_byte_as_before(name):
    latin = (RENDERED_PAGES / f"{name}.html").read_bytes().decode("utf-8")
    before = (RENDERED_PAGES / f"{name}.uz-cyrl.html").read_bytes().decode("utf-8")
    assert transliterate_html(latin) == before
    assert transliterate_html(latin) == before  # again, with every word already worked out once
    assert transliterate_html(before) == before  # a page already in Cyrillic is left as it is


def test_text_without_latin_letters_is_passed_over_but_still_normalised():
    assert latin_to_cyrillic("Ўзбекистон, 2026-йил") == "Ўзбекистон, 2026-йил"
    assert latin_to_cyrillic("Тошкентй") == "Тошкентй"  # и + breve is й
    assert latin_to_cyrillic("Kitob") == "Китоб"  # the Kelvin sign reads as K


def test_runs_of_text_remembered_between_pages_are_bounded():
    """Short runs between tags are remembered per process (a page repeats its header, menu and
    labels on every request); long ones (a petition's text) are not, and there are at most
    ``SHORT_RUNS`` of them, so the memory they take is bounded whatever is rendered."""
    from participation import translit

    translit._short_run.cache_clear()
    long_run = "Qishloq yoʻli " * (translit.SHORT_RUN // 10)
    page = f"<p>Mahalla yigʻini</p><p>{long_run}</p><p>Mahalla yigʻini</p>"
    assert transliterate_html(page) == f"<p>Маҳалла йиғини</p><p>{latin_to_cyrillic(long_run)}</p><p>Маҳалла йиғини</p>"
    remembered = translit._short_run.cache_info()
    # Worked out once each: the empty run between tags and "Mahalla yigʻini"; the long run not kept.
    assert (remembered.misses, remembered.currsize) == (2, 2)
    assert remembered.maxsize == translit.SHORT_RUNS
