"""Importing a draft from Word (.docx): heading styles become sections, paragraphs paragraphs;
what cannot be shown is named by paragraph, and nothing is half-imported."""

import base64
import io
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from meetings.consultations.documents import importers
from meetings.consultations.documents.importers import parse_docx, parse_upload
from meetings.consultations.documents.structure import (
    EMPTY_DOCUMENT,
    FILE_TOO_LARGE,
    NOT_A_DOCX,
    SECTION_WITHOUT_PARAGRAPHS,
    TEXT_BEFORE_FIRST_SECTION,
    UNSUPPORTED_IMAGE,
    UNSUPPORTED_TABLE,
    DocumentImportError,
    ParagraphDraft,
    SectionDraft,
)

# The smallest PNG there is (1 × 1 pixel).
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def saved(document) -> io.BytesIO:
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def draft():
    document = docx.Document()
    document.add_heading("Mahalla obodonlashtirish rejasi loyihasi", 0)
    document.add_heading("1. Umumiy qoidalar", 1)
    paragraph = document.add_paragraph("Ushbu ")
    paragraph.add_run("reja").bold = True
    paragraph.add_run(" mahalla hududini\tobodonlashtirish tartibini belgilaydi.")
    document.add_paragraph("")
    document.add_paragraph("Koʻchalar yoritiladi.", style="List Number")
    document.add_heading("2. Moliyalashtirish", 2)
    document.add_paragraph("Mahalliy byudjet hisobidan.")
    return document


def problems(document_or_file):
    fileobj = saved(document_or_file) if isinstance(document_or_file, docx.document.Document) else document_or_file
    with pytest.raises(DocumentImportError) as raised:
        parse_docx(fileobj)
    return [(str(location), str(message)) for location, message in raised.value.errors]


def test_heading_styles_become_sections_and_the_title_is_left_out():
    assert parse_docx(saved(draft())) == [
        SectionDraft(
            "1. Umumiy qoidalar",
            (
                ParagraphDraft("Ushbu reja mahalla hududini obodonlashtirish tartibini belgilaydi."),
                ParagraphDraft("Koʻchalar yoritiladi."),
            ),
        ),
        SectionDraft("2. Moliyalashtirish", (ParagraphDraft("Mahalliy byudjet hisobidan."),)),
    ]


def test_a_custom_heading_style_based_on_a_heading_starts_a_section():
    document = docx.Document()
    style = document.styles.add_style("Bob sarlavhasi", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Heading 1"]
    document.add_paragraph("I bob. Umumiy qoidalar", style="Bob sarlavhasi")
    document.add_paragraph("Matn.")
    assert [s.title for s in parse_docx(saved(document))] == ["I bob. Umumiy qoidalar"]


def test_a_paragraph_with_an_outline_level_starts_a_section():
    document = docx.Document()
    heading = document.add_paragraph("1-modda. Maqsad")
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    heading._p.get_or_add_pPr().append(outline)
    document.add_paragraph("Matn.")
    assert [s.title for s in parse_docx(saved(document))] == ["1-modda. Maqsad"]


def test_tracked_changes_are_read_as_accepted():
    document = docx.Document()
    document.add_heading("Boʻlim", 1)
    paragraph = document.add_paragraph("Reja ")
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = "2027"
    run.append(text)
    deleted.append(run)
    inserted = OxmlElement("w:ins")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2028"
    run.append(text)
    inserted.append(run)
    paragraph._p.append(deleted)
    paragraph._p.append(inserted)
    paragraph.add_run(" yilda.")
    assert parse_docx(saved(document))[0].paragraphs == (ParagraphDraft("Reja 2028 yilda."),)


def test_every_problem_is_named_by_paragraph_and_nothing_is_imported():
    document = docx.Document()
    document.add_paragraph("Kirish matni sarlavhasiz.")
    document.add_heading("1. Jadval", 1)
    document.add_table(rows=2, cols=2)
    document.add_heading("2. Boʻsh", 1)
    document.add_heading("3. Xarita", 1)
    document.add_paragraph("Xarita quyida:")
    document.add_picture(io.BytesIO(PIXEL))
    assert problems(document) == [
        ("table 1, after paragraph 2", str(UNSUPPORTED_TABLE)),
        ("paragraph 6", str(UNSUPPORTED_IMAGE)),
        ("paragraph 1 (“Kirish matni sarlavhasiz.…”)", str(TEXT_BEFORE_FIRST_SECTION)),
        ("paragraph 3 (“2. Boʻsh…”)", str(SECTION_WITHOUT_PARAGRAPHS).format(title="2. Boʻsh")),
    ]


def test_a_table_of_contents_is_not_imported_as_text():
    document = docx.Document()
    contents = document.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("1. Umumiy qoidalar ........ 1", style=contents)
    document.add_heading("1. Umumiy qoidalar", 1)
    document.add_paragraph("Matn.")
    assert parse_docx(saved(document)) == [SectionDraft("1. Umumiy qoidalar", (ParagraphDraft("Matn."),))]


def test_an_empty_document_is_refused():
    assert problems(docx.Document()) == [("the whole document", str(EMPTY_DOCUMENT))]


@pytest.mark.parametrize(
    "content",
    [b"", b"not a zip at all", b"PK\x03\x04 broken", b"\xd0\xcf\x11\xe0 an old .doc file"],
)
def test_a_file_that_is_not_a_docx_is_refused(content):
    assert problems(io.BytesIO(content)) == [("the whole document", str(NOT_A_DOCX))]


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "salom")
    buffer.seek(0)
    assert problems(buffer) == [("the whole document", str(NOT_A_DOCX))]


def test_a_file_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 1024)
    with pytest.raises(DocumentImportError) as raised:
        parse_docx(saved(draft()))
    [(_location, message)] = raised.value.errors
    assert str(message) == str(FILE_TOO_LARGE).format(limit=0)


def test_a_zip_bomb_is_refused_by_its_unpacked_size(monkeypatch):
    monkeypatch.setattr(importers, "MAX_DOCX_UNPACKED_BYTES", 10_000)
    with pytest.raises(DocumentImportError) as raised:
        parse_docx(saved(draft()))
    [(_location, message)] = raised.value.errors
    assert "larger than" in str(message)


def test_an_upload_is_read_by_its_extension():
    assert parse_upload(saved(draft()), filename="Reja.DOCX") == parse_docx(saved(draft()))
    markdown = io.BytesIO("## Boʻlim\n\nMatn.\n".encode())
    assert parse_upload(markdown, filename="reja.md") == [SectionDraft("Boʻlim", (ParagraphDraft("Matn."),))]
    with pytest.raises(DocumentImportError):
        parse_upload(io.BytesIO(b"%PDF-1.7"), filename="reja.pdf")
