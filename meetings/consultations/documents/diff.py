"""A word-by-word diff of two versions of a paragraph, as HTML a reader can follow without
colour: removed words in ``<del>``, added words in ``<ins>`` (struck through and underlined by
every browser's default style), each opened by visually hidden text ("deleted:",
"inserted:") that screen readers announce, since most do not announce ``<del>``/``<ins>``.
Every piece of text is escaped: paragraphs are user text. ``document_diff`` lays a whole
new version beside the old one, paragraph by paragraph, paired by anchor.
"""

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from meetings.consultations.documents.structure import ParagraphDraft, SectionDraft

# Words (letters, digits, and the Uzbek apostrophes ʻ ʼ ' inside a word), runs of space, and
# single other characters: "oʻzgarish," is one word and a comma, so a changed comma is shown
# as a changed comma, not a changed word.
_TOKENS = re.compile(r"[\w\u02bb\u02bc\u2018\u2019']+|\s+|[^\w\s]", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def word_diff_html(old: str, new: str) -> SafeString:
    """``new`` as it differs from ``old``, escaped, with ``<del>`` and ``<ins>``.

    Neighbouring changes separated only by spaces are shown as one change ("<del>a b</del>
    <ins>c d</ins>", not four), which is how a person reads a rewritten phrase."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    deleted_label = escape(gettext("deleted:"))
    inserted_label = escape(gettext("inserted:"))
    html: list[str] = []
    pending_old: list[str] = []
    pending_new: list[str] = []

    def flush():
        if pending_old:
            html.append(
                f'<del><span class="visually-hidden">{deleted_label} </span>{escape("".join(pending_old))}</del>'
            )
        if pending_new:
            html.append(
                f'<ins><span class="visually-hidden">{inserted_label} </span>{escape("".join(pending_new))}</ins>'
            )
        pending_old.clear()
        pending_new.clear()

    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            equal = "".join(old_tokens[i1:i2])
            between_changes = 0 < index < len(opcodes) - 1 and (pending_old or pending_new)
            if between_changes and not equal.strip():
                # Only space between two changes: fold it into them.
                pending_old.append(equal)
                pending_new.append(equal)
                continue
            flush()
            html.append(escape(equal))
        else:
            pending_old.extend(old_tokens[i1:i2])
            pending_new.extend(new_tokens[j1:j2])
    flush()
    return mark_safe("".join(html))  # every piece of text above is escaped


UNCHANGED = "unchanged"
EDITED = "edited"
INSERTED = "inserted"
DELETED = "deleted"


@dataclass(frozen=True)
class ParagraphChange:
    anchor: str | None
    status: str  # UNCHANGED, EDITED, INSERTED or DELETED
    html: SafeString  # the word diff; for an unchanged paragraph its escaped text


@dataclass(frozen=True)
class SectionChange:
    anchor: str | None
    status: str  # UNCHANGED (title and paragraphs), EDITED, INSERTED or DELETED
    title_html: SafeString
    paragraphs: tuple[ParagraphChange, ...]


def document_diff(old: Sequence[SectionDraft], new: Sequence[SectionDraft]) -> list[SectionChange]:
    """The new version beside the old, for the outcome page: ``new``'s sections and paragraphs
    in order, each with its word diff, paired with the old by anchor (so ``new`` is what
    ``carry_anchors(old, ...)`` returned). A deleted paragraph is shown struck through where it
    stood: after the surviving paragraph that came before it, or first in its section; a
    deleted section likewise after the section before it."""
    new_paragraph_anchors = {p.anchor for s in new for p in s.paragraphs}
    new_section_anchors = {s.anchor for s in new}
    old_paragraphs = {p.anchor: p for s in old for p in s.paragraphs if p.anchor}
    old_sections = {s.anchor: s for s in old if s.anchor}

    # Deleted paragraphs, keyed by what they follow: (section anchor, paragraph anchor or None).
    deleted_after: dict[tuple[str | None, str | None], list[ParagraphChange]] = defaultdict(list)
    for section in old:
        previous = None
        home = section.anchor if section.anchor in new_section_anchors else None
        for paragraph in section.paragraphs:
            if paragraph.anchor in new_paragraph_anchors:
                previous = paragraph.anchor
            elif home is not None:
                deleted_after[home, previous].append(_deleted(paragraph))

    result: list[SectionChange] = []
    for section in new:
        paragraphs = list(deleted_after.get((section.anchor, None), ()))
        for paragraph in section.paragraphs:
            before = old_paragraphs.get(paragraph.anchor)
            if before is None:
                paragraphs.append(ParagraphChange(paragraph.anchor, INSERTED, word_diff_html("", paragraph.text)))
            elif before.text == paragraph.text:
                paragraphs.append(ParagraphChange(paragraph.anchor, UNCHANGED, _escaped(paragraph.text)))
            else:
                paragraphs.append(
                    ParagraphChange(paragraph.anchor, EDITED, word_diff_html(before.text, paragraph.text))
                )
            paragraphs.extend(deleted_after.get((section.anchor, paragraph.anchor), ()))
        before_section = old_sections.get(section.anchor)
        if before_section is None:
            status = INSERTED
        elif before_section.title == section.title and all(p.status == UNCHANGED for p in paragraphs):
            status = UNCHANGED
        else:
            status = EDITED
        change = SectionChange(
            anchor=section.anchor,
            status=status,
            title_html=word_diff_html(before_section.title if before_section else "", section.title),
            paragraphs=tuple(paragraphs),
        )
        result.append(change)

    # Deleted sections, each after the nearest earlier section that is still there.
    previous = None
    insert_after: dict[str | None, list[SectionChange]] = defaultdict(list)
    for section in old:
        if section.anchor in new_section_anchors:
            previous = section.anchor
        else:
            insert_after[previous].append(
                SectionChange(
                    anchor=section.anchor,
                    status=DELETED,
                    title_html=word_diff_html(section.title, ""),
                    paragraphs=tuple(_deleted(paragraph) for paragraph in section.paragraphs),
                )
            )
    ordered = list(insert_after.get(None, ()))
    for change in result:
        ordered.append(change)
        ordered.extend(insert_after.get(change.anchor, ()))
    return ordered


def _deleted(paragraph: ParagraphDraft) -> ParagraphChange:
    return ParagraphChange(paragraph.anchor, DELETED, word_diff_html(paragraph.text, ""))


def _escaped(text: str) -> SafeString:
    return mark_safe(escape(text))  # escaped on the same line
