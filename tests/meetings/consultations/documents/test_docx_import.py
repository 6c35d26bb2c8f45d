"""Importing a draft from Word (.docx): heading styles become sections, paragraphs paragraphs;
what cannot be shown is named by paragraph, and nothing is half-imported."""

import base64
import io
import random
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
    UNSUPPORTED_FILE_TYPE,
    UNSUPPORTED_IMAGE,
    UNSUPPORTED_NOTE,
    UNSUPPORTED_OBJECT,
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
        ("paragraph 1 (“Kirish matni sarlavhasiz.…”)", str(TEXT_BEFORE_FIRST_SECTION)),
        ("table 1, after paragraph 2", str(UNSUPPORTED_TABLE)),
        ("paragraph 3 (“2. Boʻsh…”)", str(SECTION_WITHOUT_PARAGRAPHS).format(title="2. Boʻsh")),
        ("paragraph 6", str(UNSUPPORTED_IMAGE)),
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
    with pytest.raises(DocumentImportError) as raised:
        parse_upload(io.BytesIO(b"%PDF-1.7"), filename="reja.pdf")
    assert [str(message) for _location, message in raised.value.errors] == [str(UNSUPPORTED_FILE_TYPE)]


def paragraph_with(*tags):
    document = docx.Document()
    document.add_heading("Boʻlim", 1)
    paragraph = document.add_paragraph("Matn")
    run = paragraph.add_run()
    for tag in tags:
        run._r.append(OxmlElement(tag))
    return document


def test_a_chart_or_text_box_an_equation_and_a_footnote_are_named_not_dropped():
    assert problems(paragraph_with("w:drawing")) == [("paragraph 2 (“Matn…”)", str(UNSUPPORTED_OBJECT))]
    assert problems(paragraph_with("m:oMath")) == [("paragraph 2 (“Matn…”)", str(UNSUPPORTED_OBJECT))]
    assert problems(paragraph_with("w:footnoteReference")) == [("paragraph 2 (“Matn…”)", str(UNSUPPORTED_NOTE))]


def test_text_a_tracked_move_took_away_is_not_read_twice():
    document = docx.Document()
    document.add_heading("Boʻlim", 1)
    paragraph = document.add_paragraph("Qoldi")
    moved = OxmlElement("w:moveFrom")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = " koʻchirildi"
    run.append(text)
    moved.append(run)
    paragraph._p.append(moved)
    assert parse_docx(saved(document))[0].paragraphs == (ParagraphDraft("Qoldi"),)


def rezipped(data: bytes, part: str, content: bytes | None) -> io.BytesIO:
    """``data`` (a .docx) with one part replaced, or left out when ``content`` is None."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != part:
                archive.writestr(info.filename, source.read(info.filename))
            elif content is not None:
                archive.writestr(info.filename, content)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    ("part", "content"),
    [
        ("word/document.xml", b"<w:document"),
        ("word/document.xml", None),
        ("[Content_Types].xml", None),
        ("_rels/.rels", None),
        ("word/styles.xml", b"<x/>"),
        (
            "word/document.xml",
            b'<w:other xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        ),
    ],
)
def test_a_damaged_docx_is_refused_as_not_a_word_document(part, content):
    assert problems(rezipped(saved(draft()).getvalue(), part, content)) == [("the whole document", str(NOT_A_DOCX))]


@pytest.mark.parametrize("seed", range(40))
def test_a_docx_with_random_bytes_changed_is_imported_or_refused_never_an_error_page(seed):
    data = bytearray(saved(draft()).getvalue())
    rng = random.Random(seed)
    for _ in range(5):
        data[rng.randrange(len(data))] = rng.randrange(256)
    try:
        sections = parse_docx(io.BytesIO(bytes(data)))
    except DocumentImportError as refused:
        assert refused.errors
    else:
        assert all(section.paragraphs for section in sections)


def test_a_document_of_far_too_many_paragraphs_is_refused_with_their_number():
    from meetings.consultations.documents.importers import MAX_PARAGRAPHS

    document = docx.Document()
    document.add_heading("Boʻlim", 1)
    for _ in range(3 * MAX_PARAGRAPHS + 10):
        document.add_paragraph("Band.")
    assert problems(document) == [
        (
            "the whole document",
            f"The document has {3 * MAX_PARAGRAPHS + 11} paragraphs; at most {MAX_PARAGRAPHS} are allowed.",
        )
    ]
