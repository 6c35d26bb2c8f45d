"""Paragraph anchors across versions: every paragraph that is still there (unchanged, edited,
moved) keeps its anchor, so each input still points at its paragraph; new paragraphs get fresh
anchors and a deleted paragraph's anchor is never handed to another."""

import random
from dataclasses import replace
from itertools import count

import pytest

from meetings.consultations.documents.anchors import carry_anchors, new_anchor
from meetings.consultations.documents.structure import ParagraphDraft, SectionDraft


def numbered_anchors():
    numbers = count(1)
    return lambda: f"a{next(numbers)}"


def doc(*sections):
    """doc(("Title", "para", "para"), ...) without anchors."""
    return [SectionDraft(title, tuple(ParagraphDraft(text) for text in texts)) for title, *texts in sections]


def anchored(*sections):
    return carry_anchors([], doc(*sections))


def anchors_by_text(sections):
    return {paragraph.text: paragraph.anchor for section in sections for paragraph in section.paragraphs}


def all_anchors(sections):
    return [s.anchor for s in sections] + [p.anchor for s in sections for p in s.paragraphs]


V1 = (
    (
        "1. Umumiy qoidalar",
        "Reja mahalla hududini obodonlashtirish tartibini belgilaydi.",
        "Reja 2027 yilda amalga oshiriladi.",
    ),
    ("2. Ishlar", "Koʻchalar yoritiladi.", "Bolalar maydonchasi quriladi.", "Ariqlar tozalanadi."),
    ("3. Moliyalashtirish", "Mahalliy byudjet hisobidan.", "Homiylar mablagʻlari hisobidan."),
)


@pytest.fixture
def v1():
    return anchored(*V1)


def test_a_first_version_gets_a_distinct_anchor_for_every_section_and_paragraph(v1):
    anchors = all_anchors(v1)
    assert all(anchors) and len(set(anchors)) == len(anchors) == 3 + 7


def test_a_fresh_anchor_is_a_valid_html_id_and_url_fragment():
    anchor = new_anchor()
    assert anchor[0].isalpha() and anchor.isalnum() and anchor.isascii()


def test_an_unchanged_document_keeps_every_anchor(v1):
    assert carry_anchors(v1, doc(*V1)) == v1


def test_an_edited_paragraph_keeps_its_anchor(v1):
    edited = doc(
        V1[0],
        (
            "2. Ishlar",
            "Koʻchalar LED chiroqlar bilan yoritiladi.",
            "Bolalar maydonchasi quriladi.",
            "Ariqlar tozalanadi.",
        ),
        V1[2],
    )
    v2 = carry_anchors(v1, edited)
    assert v2[1].paragraphs[0].anchor == v1[1].paragraphs[0].anchor
    assert all_anchors(v2) == all_anchors(v1)


def test_a_paragraph_moved_within_its_section_keeps_its_anchor(v1):
    moved = doc(
        V1[0], ("2. Ishlar", "Ariqlar tozalanadi.", "Koʻchalar yoritiladi.", "Bolalar maydonchasi quriladi."), V1[2]
    )
    v2 = carry_anchors(v1, moved)
    assert anchors_by_text(v2) == anchors_by_text(v1)


def test_a_paragraph_moved_to_another_section_and_edited_keeps_its_anchor(v1):
    moved = doc(
        ("1. Umumiy qoidalar", "Reja mahalla hududini obodonlashtirish tartibini belgilaydi."),
        V1[1],
        (
            "3. Moliyalashtirish",
            "Mahalliy byudjet hisobidan.",
            "Homiylar mablagʻlari hisobidan.",
            "Reja 2028 yilda amalga oshiriladi.",
        ),
    )
    v2 = carry_anchors(v1, moved)
    assert v2[2].paragraphs[2].anchor == v1[0].paragraphs[1].anchor
    assert [s.anchor for s in v2] == [s.anchor for s in v1]


def test_an_inserted_paragraph_gets_a_fresh_anchor_and_the_others_keep_theirs(v1):
    inserted = doc(
        V1[0],
        (
            "2. Ishlar",
            "Koʻchalar yoritiladi.",
            "Yangi daraxtlar ekiladi.",
            "Bolalar maydonchasi quriladi.",
            "Ariqlar tozalanadi.",
        ),
        V1[2],
    )
    v2 = carry_anchors(v1, inserted)
    new = v2[1].paragraphs[1].anchor
    assert new not in all_anchors(v1)
    assert {t: a for t, a in anchors_by_text(v2).items() if t != "Yangi daraxtlar ekiladi."} == anchors_by_text(v1)


def test_a_deleted_paragraphs_anchor_is_not_reused_even_by_a_paragraph_in_its_place(v1):
    deleted = doc(
        V1[0],
        ("2. Ishlar", "Koʻchalar yoritiladi.", "Avtoturargoh kengaytiriladi va belgilanadi.", "Ariqlar tozalanadi."),
        V1[2],
    )
    v2 = carry_anchors(v1, deleted)
    gone = v1[1].paragraphs[1].anchor
    assert gone not in all_anchors(v2)
    assert v2[1].paragraphs[1].anchor not in all_anchors(v1)


def test_a_split_paragraph_keeps_its_anchor_on_the_larger_part():
    v1 = anchored(
        ("Ishlar", "Koʻchalar yoritiladi, yoʻlaklar taʼmirlanadi va skameykalar oʻrnatiladi. Ariqlar tozalanadi."),
    )
    v2 = carry_anchors(
        v1,
        doc(
            (
                "Ishlar",
                "Koʻchalar yoritiladi, yoʻlaklar taʼmirlanadi va skameykalar oʻrnatiladi.",
                "Ariqlar tozalanadi.",
            )
        ),
    )
    assert v2[0].paragraphs[0].anchor == v1[0].paragraphs[0].anchor
    assert v2[0].paragraphs[1].anchor not in all_anchors(v1)


def test_a_renamed_section_keeps_its_anchor_and_its_paragraphs_theirs(v1):
    renamed = doc(V1[0], ("2. Bajariladigan ishlar roʻyxati", *V1[1][1:]), V1[2])
    v2 = carry_anchors(v1, renamed)
    assert all_anchors(v2) == all_anchors(v1)


def test_a_section_with_a_title_touched_up_and_its_text_rewritten_keeps_its_anchor(v1):
    rewritten = doc(V1[0], V1[1], ("3. Moliyalashtirish.", "Toʻliq davlat byudjeti hisobidan amalga oshiriladi."))
    v2 = carry_anchors(v1, rewritten)
    assert v2[2].anchor == v1[2].anchor


def test_a_deleted_section_and_a_new_one_do_not_share_an_anchor(v1):
    v2 = carry_anchors(v1, doc(V1[0], V1[1], ("4. Nazorat", "Jamoatchilik nazorati mahalla tomonidan olib boriladi.")))
    assert v2[2].anchor not in all_anchors(v1)
    assert v1[2].anchor not in all_anchors(v2)


def test_anchors_the_new_version_brought_are_ignored(v1):
    smuggled = [replace(section, anchor=v1[0].anchor) for section in doc(*V1)]
    assert carry_anchors(v1, smuggled) == v1


def test_the_result_depends_only_on_the_two_versions():
    old = carry_anchors([], doc(*V1), anchor_factory=numbered_anchors())
    new = doc(
        ("1. Umumiy", "Reja 2027 yilda amalga oshiriladi."),
        ("2. Ishlar", "Ariqlar tozalanadi.", "Koʻchalar yoritiladi."),
    )
    runs = [carry_anchors(old, new, anchor_factory=numbered_anchors()) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_a_fresh_anchor_never_repeats_one_the_old_version_used():
    old = carry_anchors([], doc(("A", "bir")), anchor_factory=numbered_anchors())
    assert all_anchors(old) == ["a2", "a1"]
    factory = iter(["a1", "a2", "a1", "a3", "a4"])
    new = carry_anchors(old, doc(("B", "ikki")), anchor_factory=lambda: next(factory))
    assert all_anchors(new) == ["a4", "a3"]


# Property-style: many random series of edits (seeded, so every run checks the same cases).

VOCABULARY = [f"soʻz{n}" for n in range(400)]


def random_text(rng):
    return " ".join(rng.sample(VOCABULARY, rng.randint(8, 16)))


class Paragraph:
    def __init__(self, text, origin=None):
        self.text, self.origin, self.edited = text, origin, False


def random_version(rng, old_sections):
    """``old_sections`` (lists of Paragraph, origin = the old anchor) after random edits."""
    sections = [[Paragraph(p.text, origin=p.anchor) for p in s.paragraphs] for s in old_sections]
    titles = [s.title for s in old_sections]
    for _ in range(rng.randint(1, 8)):
        section = rng.randrange(len(sections))
        paragraphs = sections[section]
        operation = rng.choice(["edit", "delete", "insert", "move", "move_across", "rename"])
        if operation == "edit" and paragraphs:
            paragraph = rng.choice(paragraphs)
            words = paragraph.text.split()
            words[rng.randrange(len(words))] = rng.choice(VOCABULARY)
            paragraph.text, paragraph.edited = " ".join(words), True
        elif operation == "delete" and len(paragraphs) > 1:
            paragraphs.pop(rng.randrange(len(paragraphs)))
        elif operation == "insert":
            paragraphs.insert(rng.randint(0, len(paragraphs)), Paragraph(random_text(rng)))
        elif operation == "move" and len(paragraphs) > 1:
            paragraphs.insert(rng.randint(0, len(paragraphs) - 1), paragraphs.pop(rng.randrange(len(paragraphs))))
        elif operation == "move_across" and len(paragraphs) > 1:
            target = sections[rng.randrange(len(sections))]
            target.insert(rng.randint(0, len(target)), paragraphs.pop(rng.randrange(len(paragraphs))))
        elif operation == "rename":
            titles[section] = f"{titles[section]} (yangi)"
    return sections, [
        SectionDraft(title, tuple(ParagraphDraft(p.text) for p in paragraphs))
        for title, paragraphs in zip(titles, sections, strict=True)
    ]


@pytest.mark.parametrize("seed", range(60))
def test_random_edits_keep_every_surviving_paragraphs_anchor_and_repeat_none(seed):
    rng = random.Random(seed)
    sections = [
        SectionDraft(f"Boʻlim {n}", tuple(ParagraphDraft(random_text(rng)) for _ in range(rng.randint(1, 6))))
        for n in range(rng.randint(1, 5))
    ]
    version = carry_anchors([], sections)
    seen = set(all_anchors(version))
    for _ in range(4):
        paragraphs, new_version = random_version(rng, version)
        new_version = carry_anchors(version, new_version)
        anchors = all_anchors(new_version)
        assert len(set(anchors)) == len(anchors), "an anchor appears twice"
        flat = [p for s in paragraphs for p in s]
        for paragraph, draft in zip(flat, [p for s in new_version for p in s.paragraphs], strict=True):
            if paragraph.origin is not None:
                # Unchanged, moved, edited by a word: the same paragraph, the same anchor.
                assert draft.anchor == paragraph.origin
            else:
                # Inserted: never an anchor any version used before, deleted ones included.
                assert draft.anchor not in seen
        # Sections are never deleted here: one whose title stayed keeps its anchor, whatever
        # happened to its paragraphs.
        for old_section, new_section in zip(version, new_version, strict=True):
            if old_section.title == new_section.title:
                assert new_section.anchor == old_section.anchor
            else:
                assert new_section.anchor == old_section.anchor or new_section.anchor not in seen
        seen |= set(anchors)
        version = new_version


def test_a_whole_long_document_edited_keeps_every_anchor_with_bounded_work(monkeypatch):
    from meetings.consultations.documents import anchors
    from meetings.consultations.documents.importers import MAX_PARAGRAPHS

    rng = random.Random(7)
    texts = [random_text(rng) for _ in range(MAX_PARAGRAPHS)]
    old = carry_anchors([], [SectionDraft("Hammasi", tuple(ParagraphDraft(text) for text in texts))])
    edited = [text.replace("soʻz", "soʻzi", 1) for text in texts]
    comparisons = []
    similarity = anchors._similarity
    monkeypatch.setattr(anchors, "_similarity", lambda a, b: comparisons.append(1) or similarity(a, b))

    new = carry_anchors(old, [SectionDraft("Hammasi", tuple(ParagraphDraft(text) for text in edited))])

    assert [p.anchor for p in new[0].paragraphs] == [p.anchor for p in old[0].paragraphs]
    # Not every paragraph against every other (4,000,000 comparisons): a band around each.
    assert len(comparisons) <= 2 * anchors.MAX_FUZZY_PAIRS + 2 * MAX_PARAGRAPHS
