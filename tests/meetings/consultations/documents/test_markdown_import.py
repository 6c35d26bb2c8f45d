"""Importing a draft from Markdown: sections and plain-text paragraphs, or every problem named
by its line and nothing imported."""

import pytest
from django.utils import translation

from meetings.consultations.documents.importers import (
    MAX_FILE_BYTES,
    PARAGRAPH_MAX_CHARS,
    parse_markdown,
    parse_markdown_file,
)
from meetings.consultations.documents.structure import (
    EMPTY_DOCUMENT,
    FILE_TOO_LARGE,
    SECTION_WITHOUT_PARAGRAPHS,
    TEXT_BEFORE_FIRST_SECTION,
    UNSUPPORTED_CODE,
    UNSUPPORTED_HTML,
    UNSUPPORTED_IMAGE,
    UNSUPPORTED_TABLE,
    WRONG_ENCODING,
    DocumentImportError,
    ParagraphDraft,
    SectionDraft,
)

DRAFT = """\
# Mahalla obodonlashtirish rejasi loyihasi

## 1. Umumiy qoidalar

Ushbu **reja** mahalla hududini
obodonlashtirish tartibini belgilaydi.

1. Koʻchalar yoritiladi.
2. Bolalar maydonchasi quriladi.

## 2. Moliyalashtirish

- Mahalliy byudjet.
- Homiylar mablagʻlari, batafsil [saytda](https://yangiqorgon.uz).
"""


def problems(text):
    with pytest.raises(DocumentImportError) as raised:
        parse_markdown(text)
    return [(str(location), str(message)) for location, message in raised.value.errors]


def test_headings_become_sections_and_blocks_their_plain_text_paragraphs():
    assert parse_markdown(DRAFT) == [
        SectionDraft(
            title="1. Umumiy qoidalar",
            paragraphs=(
                ParagraphDraft("Ushbu reja mahalla hududini obodonlashtirish tartibini belgilaydi."),
                ParagraphDraft("1. Koʻchalar yoritiladi."),
                ParagraphDraft("2. Bolalar maydonchasi quriladi."),
            ),
        ),
        SectionDraft(
            title="2. Moliyalashtirish",
            paragraphs=(
                ParagraphDraft("Mahalliy byudjet."),
                ParagraphDraft("Homiylar mablagʻlari, batafsil saytda (https://yangiqorgon.uz)."),
            ),
        ),
    ]


def test_a_document_of_top_level_headings_keeps_each_as_a_section():
    sections = parse_markdown("# Birinchi\n\nMatn.\n\n# Ikkinchi\n\nYana matn.\n")
    assert [section.title for section in sections] == ["Birinchi", "Ikkinchi"]


def test_inline_markup_is_reduced_to_the_text_a_reader_sees():
    [section] = parse_markdown("## Bo‘lim\n\n**Qalin**, _qiya_, `kod`, \\*yulduz\\* va &amp; belgisi.\n")
    assert section.paragraphs[0].text == "Qalin, qiya, kod, *yulduz* va & belgisi."


def test_markup_characters_in_text_are_kept_as_text_for_the_page_to_escape():
    [section] = parse_markdown("## Раздел\n\nЕсли a < b & c > d, то «x».\n")
    assert section.paragraphs[0].text == "Если a < b & c > d, то «x»."


def test_an_empty_document_is_refused():
    assert problems("") == [("the whole document", str(EMPTY_DOCUMENT))]
    assert problems("  \n\n \n") == [("the whole document", str(EMPTY_DOCUMENT))]


def test_every_problem_is_named_by_its_line_and_nothing_is_imported():
    text = (
        """\
Kirish matni sarlavhasiz.

## 1. Boʻsh boʻlim

## 2. Jadval

| a | b |
|---|---|
| 1 | 2 |

![xarita](xarita.png)

```
kod
```

<div>html</div>

## 3. Uzun

"""
        + "soʻz " * (PARAGRAPH_MAX_CHARS // 5 + 1)
    )
    assert problems(text) == [
        ("line 7", str(UNSUPPORTED_TABLE)),
        ("line 11", str(UNSUPPORTED_IMAGE)),
        ("line 13", str(UNSUPPORTED_CODE)),
        ("line 17", str(UNSUPPORTED_HTML)),
        (
            "line 21",
            f"This paragraph has {PARAGRAPH_MAX_CHARS + 4} characters; at most {PARAGRAPH_MAX_CHARS} are allowed. Split it into shorter paragraphs.",
        ),
        ("line 1", str(TEXT_BEFORE_FIRST_SECTION)),
        ("line 3", str(SECTION_WITHOUT_PARAGRAPHS).format(title="1. Boʻsh boʻlim")),
    ]


def test_a_script_tag_is_refused_as_html_not_imported():
    assert problems("## A\n\nSalom <script>alert(1)</script>\n") == [("line 3", str(UNSUPPORTED_HTML))]


def test_an_html_comment_is_the_authors_note_and_is_left_out():
    [section] = parse_markdown("## A\n\n<!-- eslatma -->\n\nMatn.\n")
    assert section.paragraphs == (ParagraphDraft("Matn."),)


def test_the_messages_are_in_the_readers_language():
    with translation.override("ru"):
        [(location, message)] = problems("## Bo'lim\n")
        # The catalogues arrive with the lead's merge; until then the English text is shown,
        # but the message is still lazy, rendered at display time in the active language.
        assert "Bo'lim" in str(message)
        assert str(location).endswith("1")


class Upload:
    """Just what an importer reads of Django's UploadedFile."""

    def __init__(self, data: bytes):
        self.data = data
        self.position = 0

    def seek(self, position):
        self.position = position

    def read(self, size=-1):
        chunk = self.data[self.position :] if size < 0 else self.data[self.position : self.position + size]
        self.position += len(chunk)
        return chunk


def test_a_file_in_utf8_with_or_without_bom_or_in_utf16_is_read():
    for data in (DRAFT.encode(), b"\xef\xbb\xbf" + DRAFT.encode(), DRAFT.encode("utf-16")):
        assert parse_markdown_file(Upload(data)) == parse_markdown(DRAFT)


def test_a_file_in_another_encoding_is_refused_not_guessed():
    with pytest.raises(DocumentImportError) as raised:
        parse_markdown_file(Upload("## Раздел\n\nТекст.\n".encode("cp1251")))
    assert [(str(location), str(message)) for location, message in raised.value.errors] == [
        ("the whole document", str(WRONG_ENCODING))
    ]


def test_a_file_too_large_is_refused_before_it_is_parsed():
    with pytest.raises(DocumentImportError) as raised:
        parse_markdown_file(Upload(b"## A\n\n" + b"x" * MAX_FILE_BYTES))
    [(_location, message)] = raised.value.errors
    assert str(message) == str(FILE_TOO_LARGE).format(limit=MAX_FILE_BYTES // (1024 * 1024))


def test_control_characters_are_dropped_so_the_text_can_be_stored():
    [section] = parse_markdown("## A\n\nNol\x00 belgi\x07 bor.\n")
    assert section.paragraphs[0].text == "Nol belgi bor."
