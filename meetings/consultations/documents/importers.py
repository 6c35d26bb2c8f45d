"""Import a draft document from Markdown or .docx into sections of plain-text paragraphs.

Every importer checks the whole file and raises ``DocumentImportError`` with every problem it
found, named by line (Markdown) or paragraph number (.docx), or returns the complete document:
never a part of it. What the platform cannot show (tables, images, code, HTML, embedded
objects) is named as an error rather than dropped, so no clause of a draft silently goes
missing from the consultation.

The shape: a heading starts a section, the blocks under it are its paragraphs. A document may
open with one title heading (a lone ``# Title`` above ``##`` sections, or a Word "Title"
style); it is not a section, since the consultation has its own title. Headings of any deeper
level start sections too: a consultation's sections are flat.
"""

import codecs
import re
import unicodedata

from django.utils.text import format_lazy
from markdown_it import MarkdownIt

from meetings.consultations.documents.structure import (
    EMPTY_DOCUMENT,
    FILE_TOO_LARGE,
    HEADING_WITHOUT_TITLE,
    PARAGRAPH_TOO_LONG,
    SECTION_WITHOUT_PARAGRAPHS,
    TEXT_BEFORE_FIRST_SECTION,
    TITLE_TOO_LONG,
    TOO_MANY_PARAGRAPHS,
    UNSUPPORTED_CODE,
    UNSUPPORTED_HTML,
    UNSUPPORTED_IMAGE,
    UNSUPPORTED_TABLE,
    WHOLE_DOCUMENT,
    WRONG_ENCODING,
    DocumentImportError,
    ImportProblem,
    ParagraphDraft,
    SectionDraft,
    line_location,
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
    """Drop the document's title heading: the first block, when it is the only heading of
    ``title_level`` and headings of other levels follow it (so a document made only of ``#``
    headings keeps them all as sections)."""
    if title_level is None or not blocks:
        return blocks
    kind, level, _text, _location = blocks[0]
    if kind != "heading" or level != title_level:
        return blocks
    other_levels = {block[1] for block in blocks[1:] if block[0] == "heading"}
    if other_levels and title_level not in other_levels:
        return blocks[1:]
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


def read_upload(fileobj, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an uploaded file, refused (without reading the rest) past ``limit``."""
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
