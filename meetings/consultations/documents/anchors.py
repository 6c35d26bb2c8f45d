"""Paragraph and section anchors carried from one version of a document to the next.

An input points at a paragraph by its anchor. When staff publish a new version, every
paragraph that is still there, unchanged, edited or moved, keeps its anchor, so every input
still points at its paragraph and the outcome can link it to the new text. Inserted
paragraphs get fresh anchors; a deleted paragraph's anchor is never given to another one (an
input on it must not suddenly point at unrelated text).

How paragraphs are paired, in this order (each step only sees what the earlier ones left):
1. ``difflib.SequenceMatcher`` over the texts of the whole document in reading order: the
   paragraphs in its equal runs are unchanged.
2. Identical texts anywhere else: moved paragraphs (also between sections).
3. Within each replaced run, pairs whose words are at least ``EDITED_SIMILARITY`` alike, most
   alike first: edited paragraphs, and the larger part of a split one.
4. The same among everything still unpaired: moved and edited at once.
Identical texts are paired before any edited ones, so an unchanged paragraph always keeps its
own anchor. Sections are then paired by title and by the paragraphs they share. Ties go to
the earlier paragraph, so the result depends only on the two documents (and the fresh anchors
on ``anchor_factory``).
"""

import secrets
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from meetings.consultations.documents.structure import ParagraphDraft, SectionDraft

# Two versions of a paragraph whose words are at least this alike are one paragraph, edited.
# 0.5 keeps a paragraph with a sentence rewritten, and the larger part of a paragraph split in
# two (which shares about two thirds of its words with the original).
EDITED_SIMILARITY = 0.5
# A section renamed but holding at least this share of the same paragraphs is the same section.
SECTION_CONTENT_SHARE = 0.5
# A section whose title is at least this alike (a typo fixed) is the same section.
SECTION_TITLE_SIMILARITY = 0.8
# Steps 3 and 4 compare unpaired old paragraphs with unpaired new ones; past this many pairs
# (a whole document rewritten) only neighbours in proportion are compared, so publishing a
# version stays fast.
MAX_FUZZY_PAIRS = 40_000


def new_anchor() -> str:
    """A fresh anchor: a letter and 11 hex digits (44 random bits), valid as an HTML id, a CSS
    selector and a URL fragment, short enough to read in a link."""
    return "p" + secrets.token_hex(6)[:11]


def carry_anchors(
    old: Sequence[SectionDraft],
    new: Sequence[SectionDraft],
    *,
    anchor_factory: Callable[[], str] = new_anchor,
) -> list[SectionDraft]:
    """``new`` with anchors: each paragraph and section that continues one of ``old`` gets
    its anchor, the others fresh ones no version has used. Anchors ``new`` already carries are
    ignored: this function alone decides them. ``old`` paragraphs without an anchor cannot
    pass one on."""
    old_paragraphs = [(s, p) for s, section in enumerate(old) for p in section.paragraphs]
    new_paragraphs = [(s, p) for s, section in enumerate(new) for p in section.paragraphs]
    pairs = _pair_paragraphs([p.text for _s, p in old_paragraphs], [p.text for _s, p in new_paragraphs])

    used = {p.anchor for _s, p in old_paragraphs if p.anchor} | {s.anchor for s in old if s.anchor}
    taken: set[str] = set()

    def fresh() -> str:
        anchor = anchor_factory()
        while anchor in used or anchor in taken:
            anchor = anchor_factory()
        taken.add(anchor)
        return anchor

    def carried(anchor: str | None) -> str:
        # An old document that repeated an anchor passes it on once only.
        if anchor and anchor not in taken:
            taken.add(anchor)
            return anchor
        return fresh()

    section_pairs = _pair_sections(old, new, pairs, old_paragraphs, new_paragraphs)

    new_anchors: list[str | None] = [None] * len(new_paragraphs)
    for old_index, new_index in sorted(pairs.items(), key=lambda pair: pair[1]):
        new_anchors[new_index] = carried(old_paragraphs[old_index][1].anchor)
    section_anchors: list[str | None] = [None] * len(new)
    for old_index, new_index in sorted(section_pairs.items(), key=lambda pair: pair[1]):
        section_anchors[new_index] = carried(old[old_index].anchor)

    result = []
    position = 0
    for section_index, section in enumerate(new):
        paragraphs = []
        for paragraph in section.paragraphs:
            anchor = new_anchors[position] or fresh()
            paragraphs.append(replace(paragraph, anchor=anchor))
            position += 1
        result.append(replace(section, paragraphs=tuple(paragraphs), anchor=section_anchors[section_index] or fresh()))
    return result


def _words(text: str) -> list[str]:
    return text.casefold().split()


def _similarity(a: list[str], b: list[str]) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < EDITED_SIMILARITY or matcher.quick_ratio() < EDITED_SIMILARITY:
        return 0.0
    return matcher.ratio()


def _pair_paragraphs(old: list[str], new: list[str]) -> dict[int, int]:
    """Old paragraph index -> new paragraph index, for every paragraph that continues."""
    pairs: dict[int, int] = {}
    replaced_runs = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.update(zip(range(i1, i2), range(j1, j2), strict=True))
        elif tag == "replace":
            replaced_runs.append((range(i1, i2), range(j1, j2)))

    # 2. Identical texts elsewhere (moved), in reading order.
    paired_new = set(pairs.values())
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for i, text in enumerate(old):
        if i not in pairs:
            waiting[text].append(i)
    for j, text in enumerate(new):
        if j not in paired_new and waiting.get(text):
            pairs[waiting[text].popleft()] = j
            paired_new.add(j)

    words_old = [_words(text) for text in old]
    words_new = [_words(text) for text in new]

    def pair_alike(old_indexes, new_indexes):
        old_indexes = [i for i in old_indexes if i not in pairs]
        new_indexes = [j for j in new_indexes if j not in paired_new]
        if not old_indexes or not new_indexes:
            return
        # Past MAX_FUZZY_PAIRS comparisons (a whole document edited), each old paragraph is
        # compared only with the new ones around its place in proportion: an edit that
        # also moved a paragraph far away is then a deletion and an insertion.
        reach = max(1, MAX_FUZZY_PAIRS // (2 * len(old_indexes)))
        scale = len(new_indexes) / len(old_indexes)
        candidates = []
        for position, i in enumerate(old_indexes):
            if len(old_indexes) * len(new_indexes) > MAX_FUZZY_PAIRS:
                centre = round(position * scale)
                nearby = new_indexes[max(0, centre - reach) : centre + reach + 1]
            else:
                nearby = new_indexes
            for j in nearby:
                score = _similarity(words_old[i], words_new[j])
                if score >= EDITED_SIMILARITY:
                    candidates.append((-score, i, j))
        for _score, i, j in sorted(candidates):
            if i not in pairs and j not in paired_new:
                pairs[i] = j
                paired_new.add(j)

    # 3. Edited in place.
    for old_run, new_run in replaced_runs:
        pair_alike(old_run, new_run)
    # 4. Moved and edited.
    pair_alike(range(len(old)), range(len(new)))
    return pairs


def _pair_sections(old, new, paragraph_pairs, old_paragraphs, new_paragraphs) -> dict[int, int]:
    """Old section index -> new section index. A section continues when its title is the same
    (and, among sections of one title, the one sharing most paragraphs wins), when it holds
    most of the same paragraphs under a new title, or when its title was only touched up."""
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for old_index, new_index in paragraph_pairs.items():
        shared[old_paragraphs[old_index][0], new_paragraphs[new_index][0]] += 1
    titles_old = [section.title.casefold().strip() for section in old]
    titles_new = [section.title.casefold().strip() for section in new]

    candidates = []
    for i, old_section in enumerate(old):
        for j, new_section in enumerate(new):
            size = len(old_section.paragraphs) + len(new_section.paragraphs)
            content = 2 * shared.get((i, j), 0) / size if size else 0.0
            if titles_old[i] == titles_new[j]:
                score = 2.0 + content
            elif content >= SECTION_CONTENT_SHARE:
                score = 1.0 + content
            else:
                title = SequenceMatcher(None, titles_old[i], titles_new[j], autojunk=False).ratio()
                if title < SECTION_TITLE_SIMILARITY:
                    continue
                score = title * content if content else title / 2
            candidates.append((-score, i, j))
    pairs: dict[int, int] = {}
    paired_new: set[int] = set()
    for _score, i, j in sorted(candidates):
        if i not in pairs and j not in paired_new:
            pairs[i] = j
            paired_new.add(j)
    return pairs


def paragraph_anchor_map(sections: Sequence[SectionDraft]) -> dict[str, ParagraphDraft]:
    """Anchor -> paragraph, for looking a version's paragraphs up by the anchors inputs hold."""
    return {paragraph.anchor: paragraph for section in sections for paragraph in section.paragraphs if paragraph.anchor}
