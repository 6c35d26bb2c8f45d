"""Import a draft document from Markdown or .docx into sections of plain-text paragraphs.

Every importer checks the whole file and raises ``DocumentImportError`` with every problem it
found, named by line (Markdown) or paragraph number (.docx), or returns the complete document:
never a part of it. What the platform cannot show (tables, images, code, HTML, embedded
objects) is named as an error rather than dropped, so no clause of a draft silently goes
missing from the consultation.

The shape: a heading starts a section, the blocks under it are its paragraphs. A document may
open with a title (``# Title`` directly above ``##`` sections, or Word's "Title" style); it
is not a section, since the consultation has its own title. Headings of every level start
sections: a consultation's sections are flat.
"""

import codecs
import re
import unicodedata
import zipfile
from io import BytesIO

import docx
from django.utils.text import format_lazy
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from markdown_it import MarkdownIt

from meetings.consultations.documents.structure import (
    EMPTY_DOCUMENT,
    FILE_TOO_LARGE,
    HEADING_WITHOUT_TITLE,
    NOT_A_DOCX,
    PARAGRAPH_TOO_LONG,
    SECTION_WITHOUT_PARAGRAPHS,
    TEXT_BEFORE_FIRST_SECTION,
    TITLE_TOO_LONG,
    TOO_MANY_PARAGRAPHS,
    UNSUPPORTED_CODE,
    UNSUPPORTED_HTML,
    UNSUPPORTED_IMAGE,
    UNSUPPORTED_OBJECT,
    UNSUPPORTED_TABLE,
    WHOLE_DOCUMENT,
    WRONG_ENCODING,
    DocumentImportError,
    ImportProblem,
    ParagraphDraft,
    SectionDraft,
    line_location,
    paragraph_location,
    table_location,
)

# A paragraph is what one input comments on; past this it is a chapter, not a paragraph.
PARAGRAPH_MAX_CHARS = 5_000
# A section title is a heading, shown in the table of contents (and fits a CharField(255)).
TITLE_MAX_CHARS = 255
# A decision or programme rarely has more than a few hundred; this keeps a page bounded.
MAX_PARAGRAPHS = 2_000
# An upload larger than this is refused before it is read further (a .docx of a long draft
# with no images is well under 1 MB).
MAX_FILE_BYTES = 5 * 1024 * 1024
# A .docx is a zip: 5 MB of it can unpack to gigabytes. Its parts together may unpack to this.
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024

_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Plain text as stored: NFC, control characters removed (PostgreSQL refuses NUL), every
    run of whitespace one space, trimmed. Soft line breaks of the source become spaces, so a
    paragraph is one line whatever editor wrapped it."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf") else "" for ch in text)
    return _SPACES.sub(" ", text).strip()


class _Builder:
    """Collects headings and paragraphs in reading order with their locations, then checks the
    shape once at the end, so every problem is reported together."""

    def __init__(self):
        self.problems: list[ImportProblem] = []
        # Each block: ("heading", level, text, location) or ("paragraph", None, text, location).
        self.blocks: list[tuple[str, int | None, str, str]] = []

    def problem(self, location, message):
        # Two tags on one line are one problem to fix, told once.
        if all((str(location), str(message)) != (str(seen), str(told)) for seen, told in self.problems):
            self.problems.append(ImportProblem(location, message))

    def unsupported(self, location, message):
        """Something under a heading that cannot be imported: told, and counted as the
        section's content, so the section is not also called empty."""
        self.problem(location, message)
        self.blocks.append(("unsupported", None, "", location))

    def heading(self, level: int, text: str, location):
        text = clean_text(text)
        if not text:
            self.problem(location, HEADING_WITHOUT_TITLE)
            return
        if len(text) > TITLE_MAX_CHARS:
            self.problem(location, format_lazy(TITLE_TOO_LONG, length=len(text), limit=TITLE_MAX_CHARS))
        self.blocks.append(("heading", level, text, location))

    def paragraph(self, text: str, location):
        text = clean_text(text)
        if not text:
            return
        if len(text) > PARAGRAPH_MAX_CHARS:
            self.problem(location, format_lazy(PARAGRAPH_TOO_LONG, length=len(text), limit=PARAGRAPH_MAX_CHARS))
        self.blocks.append(("paragraph", None, text, location))

    def sections(self, *, title_level: int | None = 1) -> list[SectionDraft]:
        blocks = _without_title(self.blocks, title_level)
        problems = self.problems
        if not blocks and not problems:
            raise DocumentImportError([ImportProblem(WHOLE_DOCUMENT, EMPTY_DOCUMENT)])
        sections: list[tuple[str, str, list[str]]] = []
        told_before_first = False
        paragraph_count = 0
        for kind, _level, text, location in blocks:
            if kind == "heading":
                sections.append((text, location, []))
            elif kind == "unsupported":
                if sections:
                    sections[-1][2].append(None)
            elif not sections:
                # Once is enough: every line of a headless document would say the same.
                if not told_before_first:
                    problems.append(ImportProblem(location, TEXT_BEFORE_FIRST_SECTION))
                    told_before_first = True
            else:
                sections[-1][2].append(text)
                paragraph_count += 1
        for title, location, paragraphs in sections:
            if not paragraphs:
                problems.append(ImportProblem(location, format_lazy(SECTION_WITHOUT_PARAGRAPHS, title=title)))
        if paragraph_count > MAX_PARAGRAPHS:
            problems.append(
                ImportProblem(
                    WHOLE_DOCUMENT, format_lazy(TOO_MANY_PARAGRAPHS, count=paragraph_count, limit=MAX_PARAGRAPHS)
                )
            )
        if problems:
            raise DocumentImportError(problems)
        return [
            SectionDraft(title=title, paragraphs=tuple(ParagraphDraft(text=text) for text in paragraphs if text))
            for title, _location, paragraphs in sections
        ]


def _without_title(blocks, title_level):
    """Drop the document's title: headings of level ``title_level`` or above (a Word "Title",
    a ``# Title``) that open the document directly above another heading and are shallower
    than every heading after them, so they are clearly no section. A heading with paragraphs
    under it, or with headings of its level later, stays a section."""
    if title_level is None:
        return blocks
    while len(blocks) > 1 and blocks[0][0] == "heading" and blocks[1][0] == "heading":
        level = blocks[0][1]
        later = [block[1] for block in blocks[1:] if block[0] == "heading"]
        if level > title_level or level >= min(later):
            break
        blocks = blocks[1:]
    return blocks


# ---------------------------------------------------------------------------------------------
# Markdown

_markdown = MarkdownIt("commonmark").enable("table")


def parse_markdown(text: str) -> list[SectionDraft]:
    """Sections and paragraphs of a CommonMark document: ``#`` headings (any level) start
    sections, paragraphs, list items and quoted paragraphs are paragraphs. Inline markup is
    reduced to its text: emphasis markers dropped, ``[text](url)`` kept as "text (url)".
    Errors name the line (counted from 1)."""
    builder = _Builder()
    # CommonMark turns NUL into U+FFFD; it is nothing a reader typed, so it goes first.
    tokens = _markdown.parse(text.replace("\x00", ""))
    index = 0
    # The number of an ordered list item, put in front of its first paragraph: in a draft
    # decision "3." is part of the clause, and readers cite it.
    pending_number = None
    while index < len(tokens):
        token = tokens[index]
        location = line_location(token.map[0] + 1) if token.map else WHOLE_DOCUMENT
        if token.type == "heading_open":
            inline = tokens[index + 1]
            builder.heading(int(token.tag[1:]), _inline_text(inline, builder, location), location)
            index += 3
            continue
        if token.type == "list_item_open":
            pending_number = f"{token.info}{token.markup}" if token.info else None
        elif token.type == "paragraph_open":
            inline = tokens[index + 1]
            paragraph = _inline_text(inline, builder, location)
            if pending_number and paragraph:
                paragraph = f"{pending_number} {paragraph}"
            pending_number = None
            builder.paragraph(paragraph, location)
            index += 3
            continue
        elif token.type == "table_open":
            builder.unsupported(location, UNSUPPORTED_TABLE)
            while tokens[index].type != "table_close":
                index += 1
        elif token.type in ("fence", "code_block"):
            builder.unsupported(location, UNSUPPORTED_CODE)
        elif token.type == "html_block" and not token.content.lstrip().startswith("<!--"):
            # A comment is the author's note to themself; anything else would be lost.
            builder.unsupported(location, UNSUPPORTED_HTML)
        index += 1
    return builder.sections(title_level=1)


def _inline_text(inline, builder: _Builder, location) -> str:
    """The plain text of an inline token: what a reader sees, without the markup."""
    parts = []
    link_targets = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "link_open":
            link_targets.append((child.attrs.get("href") or "", len(parts)))
        elif child.type == "link_close" and link_targets:
            href, start = link_targets.pop()
            label = "".join(parts[start:]).strip()
            shown = href.removeprefix("mailto:")
            if href and shown != label:
                parts.append(f" ({href})")
        elif child.type == "image":
            builder.unsupported(location, UNSUPPORTED_IMAGE)
        elif child.type == "html_inline" and not child.content.startswith("<!--"):
            builder.unsupported(location, UNSUPPORTED_HTML)
    return "".join(parts)


_BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text_upload(data: bytes) -> str:
    """The text of an uploaded Markdown file: UTF-8 (with or without a byte-order mark), or
    UTF-16 with its byte-order mark (what Windows Notepad calls "Unicode"). Anything else is
    refused rather than guessed: a wrong guess between Windows-1251 and the Latin code pages
    would import Uzbek and Russian as garbage that looks like text."""
    encoding = next((name for bom, name in _BYTE_ORDER_MARKS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise DocumentImportError([ImportProblem(WHOLE_DOCUMENT, WRONG_ENCODING)]) from None


def read_upload(fileobj, *, limit: int | None = None) -> bytes:
    """The bytes of an uploaded file, refused (without reading the rest) past ``limit``
    (``MAX_FILE_BYTES`` unless given)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    data = fileobj.read(limit + 1)
    if len(data) > limit:
        raise DocumentImportError(
            [ImportProblem(WHOLE_DOCUMENT, format_lazy(FILE_TOO_LARGE, limit=limit // (1024 * 1024)))]
        )
    return data


def parse_markdown_file(fileobj) -> list[SectionDraft]:
    """``parse_markdown`` of an uploaded file: size and encoding checked first."""
    return parse_markdown(decode_text_upload(read_upload(fileobj)))


# ---------------------------------------------------------------------------------------------
# .docx

_HEADING_STYLE = re.compile(r"heading ([1-9])")
# Word's own styles for a document's title and the table of contents it generates: the title
# is not a section, and the contents repeat the headings.
_TITLE_STYLES = {"title", "subtitle"}
_CONTENTS_STYLE = re.compile(r"(toc \d|toc heading|table of figures)")
_DRAWING = (qn("w:drawing"), qn("w:pict"))
_EMBEDDED = (qn("w:object"), qn("m:oMath"), qn("m:oMathPara"))
_TEXT = qn("w:t")
_BREAKS = (qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:ptab"))
_NON_BREAKING_HYPHEN = qn("w:noBreakHyphen")
_TEXT_BOX = qn("w:txbxContent")


def parse_docx(fileobj) -> list[SectionDraft]:
    """Sections and paragraphs of a Word document: paragraphs in Word's "Heading 1"–"Heading 9"
    styles (or any style based on them, or with an outline level) start sections, the other
    paragraphs are paragraphs; a "Title" and the generated table of contents are left out.
    Tracked changes are read as if accepted. Tables, images, charts, text boxes, equations and
    embedded objects are named as errors. Errors name the paragraph, counted from 1 over the
    document's paragraphs (empty ones and headings included) with its first words."""
    data = read_upload(fileobj)
    document = _open_docx(data)
    builder = _Builder()
    paragraph_number = 0
    table_number = 0
    for element in _body_blocks(document.element.body):
        if element.tag == qn("w:tbl"):
            table_number += 1
            builder.unsupported(table_location(table_number, after=paragraph_number), UNSUPPORTED_TABLE)
            continue
        paragraph_number += 1
        text = _paragraph_text(element)
        location = paragraph_location(paragraph_number, excerpt=text)
        for problem in _unsupported_in(element):
            builder.unsupported(location, problem)
        styles = _styles(document, element)
        if any(_CONTENTS_STYLE.fullmatch((style.name or "").casefold()) for style in styles):
            continue
        level = _heading_level(element, styles)
        if level is None:
            builder.paragraph(text, location)
        elif clean_text(text):
            builder.heading(level, text, location)
    return builder.sections(title_level=1)


def _open_docx(data: bytes):
    not_a_docx = DocumentImportError([ImportProblem(WHOLE_DOCUMENT, NOT_A_DOCX)])
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise not_a_docx from None
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise DocumentImportError(
            [ImportProblem(WHOLE_DOCUMENT, format_lazy(FILE_TOO_LARGE, limit=MAX_FILE_BYTES // (1024 * 1024)))]
        )
    try:
        return docx.Document(BytesIO(data))
    # A zip that is not a Word document (an .xlsx, a .zip, a .docm) fails in one of these
    # ways, depending on which part is missing or of which type.
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError):
        raise not_a_docx from None


def _body_blocks(body):
    """Paragraphs and tables in reading order, including those inside content controls
    (Word's cover pages and templates wrap paragraphs in them)."""
    for child in body.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_blocks(content)


def _paragraph_text(element) -> str:
    """The paragraph's text as Word shows it with tracked changes accepted: runs, inserted
    runs and hyperlinks, tabs and breaks as spaces; deleted text (``w:delText``) and field
    codes (``w:instrText``) are other elements, so they are left out. Text in text boxes is
    not the paragraph's (a text box is reported on its own)."""
    parts = []
    for node in element.iter(_TEXT, *_BREAKS, _NON_BREAKING_HYPHEN):
        if any(ancestor.tag == _TEXT_BOX for ancestor in node.iterancestors()):
            continue
        if node.tag == _TEXT:
            parts.append(node.text or "")
        elif node.tag == _NON_BREAKING_HYPHEN:
            parts.append("-")
        else:
            parts.append(" ")
    return "".join(parts)


def _unsupported_in(element) -> list:
    problems = []
    for node in element.iter(*_DRAWING, *_EMBEDDED):
        if node.tag in _DRAWING:
            # A picture (``pic:pic``/``v:imagedata``) is an image; a chart, shape or text box is
            # another kind of object.
            is_picture = any(
                child.tag in (qn("pic:pic"), "{urn:schemas-microsoft-com:vml}imagedata") for child in node.iter()
            )
            problem = UNSUPPORTED_IMAGE if is_picture else UNSUPPORTED_OBJECT
        else:
            problem = UNSUPPORTED_OBJECT
        if problem not in problems:
            problems.append(problem)
    return problems


def _styles(document, element) -> list:
    """The paragraph's style and the styles it is based on, nearest first."""
    try:
        style = document.part.get_style(element.style, WD_STYLE_TYPE.PARAGRAPH)
    except (KeyError, ValueError):
        return []
    styles = []
    while style is not None and style not in styles and len(styles) < 10:
        styles.append(style)
        style = style.base_style
    return styles


def _heading_level(element, styles) -> int | None:
    """1–9 for a heading, 0 for the title, None for a paragraph. By style name first (Word
    stores its built-in style names in English whatever the language of the Word that wrote
    the file), then by outline level, which custom heading styles and Word's navigation use."""
    for style in styles:
        name = (style.name or "").casefold()
        if name in _TITLE_STYLES:
            return 0
        if match := _HEADING_STYLE.fullmatch(name):
            return int(match.group(1))
    for properties in [element.pPr, *(style.element.pPr for style in styles)]:
        outline = properties.find(qn("w:outlineLvl")) if properties is not None else None
        if outline is not None:
            value = outline.get(qn("w:val"), "")
            # Level 9 is Word's "body text".
            return int(value) + 1 if value.isdigit() and int(value) < 9 else None
    return None


def parse_upload(fileobj, *, filename: str) -> list[SectionDraft]:
    """The document of an uploaded file, by its extension: ``.docx`` for Word, ``.md``,
    ``.markdown`` or ``.txt`` for Markdown. Anything else is refused as not a Word document
    (the form's help text names both kinds)."""
    name = filename.casefold()
    if name.endswith(".docx"):
        return parse_docx(fileobj)
    if name.endswith((".md", ".markdown", ".txt")):
        return parse_markdown_file(fileobj)
    raise DocumentImportError([ImportProblem(WHOLE_DOCUMENT, NOT_A_DOCX)])
