"""A consultation document as plain data: sections of paragraphs, before anything is saved.

The importers turn Markdown or .docx into these drafts, ``carry_anchors`` gives them the
anchors of a previous version, and the consultation's services save them. Frozen dataclasses,
so a draft handed to a service cannot change under it, and two drafts with the same content
compare equal (the anchor tests rely on that).

Paragraph text is plain text: no markup survives an import, and pages render it escaped.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ParagraphDraft:
    text: str
    anchor: str | None = None


@dataclass(frozen=True)
class SectionDraft:
    title: str
    paragraphs: tuple[ParagraphDraft, ...]
    anchor: str | None = None


class ImportProblem(NamedTuple):
    """One thing wrong with an imported document: where (``line 12``, ``paragraph 7``, or the
    whole document) and what, both lazy translations rendered in the reader's language. A
    plain 2-tuple, so ``for location, message in error.errors`` works."""

    location: str
    message: str


class DocumentImportError(Exception):
    """The document cannot be imported. ``errors`` holds every problem found, not just the
    first, so the author fixes the file once; an importer that raises it returns nothing, so
    nothing is ever half-imported."""

    def __init__(self, errors: list[ImportProblem]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{location}: {message}" for location, message in self.errors))


def line_location(number: int):
    """Where a problem is in a Markdown file (numbered from 1, as editors number lines)."""
    return format_lazy(_("line {number}"), number=number)


def paragraph_location(number: int, *, excerpt: str = ""):
    """Where a problem is in a .docx file: its paragraphs numbered from 1 in reading order,
    headings and empty paragraphs included, with the paragraph's first words so the author
    finds it without counting."""
    words = " ".join(excerpt.split()[:6])
    if not words:
        return format_lazy(_("paragraph {number}"), number=number)
    return format_lazy(_("paragraph {number} (“{excerpt}…”)"), number=number, excerpt=words)


def table_location(number: int, *, after: int):
    """Where a table is in a .docx file: its number and the paragraph it follows."""
    if not after:
        return format_lazy(_("table {number}, at the start"), number=number)
    return format_lazy(_("table {number}, after paragraph {paragraph}"), number=number, paragraph=after)


WHOLE_DOCUMENT = _("the whole document")

# Error messages, as constants the tests (and the consultation's form) can name.
EMPTY_DOCUMENT = _("The document is empty: it needs at least one section heading and a paragraph.")
TEXT_BEFORE_FIRST_SECTION = _(
    "This text comes before the first section heading. Start the document with a heading, or delete the text."
)
SECTION_WITHOUT_PARAGRAPHS = _("The section “{title}” has no paragraphs.")
HEADING_WITHOUT_TITLE = _("This heading has no text.")
PARAGRAPH_TOO_LONG = _(
    "This paragraph has {length} characters; at most {limit} are allowed. Split it into shorter paragraphs."
)
TITLE_TOO_LONG = _("This heading has {length} characters; at most {limit} are allowed.")
TOO_MANY_PARAGRAPHS = _("The document has {count} paragraphs; at most {limit} are allowed.")
FILE_TOO_LARGE = _("The file is larger than {limit} MB, the most that can be imported.")
WRONG_ENCODING = _("The file is not UTF-8 text. Save it as UTF-8 (“Unicode”) and upload it again.")
NOT_A_DOCX = _("This is not a Word document (.docx). Save it in Word as “Word Document (.docx)” and upload it again.")
UNSUPPORTED_TABLE = _(
    "Tables cannot be imported. Write the table’s content as paragraphs, or attach the table as a separate file."
)
UNSUPPORTED_IMAGE = _("Images cannot be imported. Attach the image to the consultation as a separate file.")
UNSUPPORTED_CODE = _("Code blocks cannot be imported. Write the text as an ordinary paragraph.")
UNSUPPORTED_HTML = _("HTML cannot be imported. Write the text as an ordinary paragraph.")
UNSUPPORTED_OBJECT = _("Embedded objects, charts and text boxes cannot be imported. Write their text as paragraphs.")
