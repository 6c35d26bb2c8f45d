"""The readable diff of a paragraph: escaped, and understandable without colour (struck and
underlined text, and "deleted:"/"inserted:" read out by screen readers)."""

from html.parser import HTMLParser

from django.utils.safestring import SafeString

from meetings.consultations.documents.anchors import carry_anchors
from meetings.consultations.documents.diff import (
    DELETED,
    EDITED,
    INSERTED,
    UNCHANGED,
    document_diff,
    word_diff_html,
)
from meetings.consultations.documents.structure import ParagraphDraft, SectionDraft


class Reading(HTMLParser):
    """What a screen reader reads (all text, the visually hidden included), and the tags."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.text, self.tags = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def read(html):
    return "".join(Reading(html).text)


def test_an_unchanged_paragraph_is_its_text_with_no_marks():
    html = word_diff_html("Koʻchalar yoritiladi.", "Koʻchalar yoritiladi.")
    assert isinstance(html, SafeString)
    assert html == "Koʻchalar yoritiladi."


def test_a_changed_word_is_struck_and_the_new_one_underlined_and_both_are_announced():
    html = word_diff_html("Reja 2027 yilda bajariladi.", "Reja 2028 yilda bajariladi.")
    assert html == (
        'Reja <del><span class="visually-hidden">deleted: </span>2027</del>'
        '<ins><span class="visually-hidden">inserted: </span>2028</ins> yilda bajariladi.'
    )
    assert read(html) == "Reja deleted: 2027inserted: 2028 yilda bajariladi."


def test_a_rewritten_phrase_is_one_change_not_a_word_salad():
    html = word_diff_html("Ariqlar har oy tozalanadi.", "Ariqlar mahalla tomonidan tozalanadi.")
    assert Reading(html).tags == ["del", "span", "ins", "span"]
    assert read(html) == "Ariqlar deleted: har oyinserted: mahalla tomonidan tozalanadi."


def test_a_word_with_an_uzbek_apostrophe_changes_as_a_whole_word():
    html = word_diff_html("Yoʻl taʼmirlanadi.", "Yoʻlak taʼmirlanadi.")
    assert read(html) == "deleted: Yoʻlinserted: Yoʻlak taʼmirlanadi."


def test_a_changed_comma_is_shown_as_a_changed_comma():
    assert read(word_diff_html("Bir, ikki", "Bir ikki")) == "Birdeleted: , ikki"


def test_only_additions_or_only_deletions():
    assert read(word_diff_html("", "Yangi matn.")) == "inserted: Yangi matn."
    assert read(word_diff_html("Eski matn.", "")) == "deleted: Eski matn."


def test_markup_in_either_version_is_escaped_wherever_it_falls():
    old = "Smeta <b>& 10 mln</b> soʻm."
    new = "Smeta <script>alert('x')</script> & 12 mln soʻm."
    html = word_diff_html(old, new)
    assert "<script" not in html and "<b>" not in html and "</b>" not in html
    assert "&lt;" in html and "&amp;" in html and "& " not in html
    # Only the diff's own tags: del, ins and their hidden labels; the user's tags are text.
    assert set(Reading(html).tags) == {"del", "ins", "span"}
    assert "script" in read(html) and "alert('x')" in read(html)


def test_a_new_version_beside_the_old_one_paragraph_by_paragraph():
    old = carry_anchors(
        [],
        [
            SectionDraft("1. Ishlar", (ParagraphDraft("Koʻchalar yoritiladi."), ParagraphDraft("Ariqlar tozalanadi."))),
            SectionDraft("2. Muddat", (ParagraphDraft("Reja 2027 yilda bajariladi."),)),
            SectionDraft("3. Eski boʻlim", (ParagraphDraft("Bu boʻlim olib tashlanadi."),)),
        ],
    )
    new = carry_anchors(
        old,
        [
            SectionDraft("1. Ishlar", (ParagraphDraft("Koʻchalar yoritiladi."), ParagraphDraft("Daraxtlar ekiladi."))),
            SectionDraft("2. Muddat", (ParagraphDraft("Reja 2028 yilda bajariladi."),)),
        ],
    )
    changes = document_diff(old, new)

    assert [(s.anchor, s.status) for s in changes] == [
        (old[0].anchor, EDITED),
        (old[1].anchor, EDITED),
        (old[2].anchor, DELETED),
    ]
    works = changes[0].paragraphs
    assert [(p.anchor, p.status) for p in works] == [
        (old[0].paragraphs[0].anchor, UNCHANGED),
        (old[0].paragraphs[1].anchor, DELETED),
        (new[0].paragraphs[1].anchor, INSERTED),
    ]
    assert works[0].html == "Koʻchalar yoritiladi."
    assert read(works[1].html) == "deleted: Ariqlar tozalanadi."
    assert read(works[2].html) == "inserted: Daraxtlar ekiladi."
    assert read(changes[1].paragraphs[0].html) == "Reja deleted: 2027inserted: 2028 yilda bajariladi."
    assert read(changes[2].title_html) == "deleted: 3. Eski boʻlim"
    assert [p.status for p in changes[2].paragraphs] == [DELETED]


def test_an_unchanged_document_has_no_marks_and_its_text_is_escaped():
    old = carry_anchors([], [SectionDraft("A & <b>", (ParagraphDraft("x < y & <script>"),))])
    [section] = document_diff(old, old)
    assert section.status == UNCHANGED
    assert section.title_html == "A &amp; &lt;b&gt;"
    assert section.paragraphs[0].html == "x &lt; y &amp; &lt;script&gt;"


def test_a_deleted_first_paragraph_and_a_deleted_first_section_keep_their_place():
    old = carry_anchors(
        [],
        [
            SectionDraft("Kirish", (ParagraphDraft("Kirish matni."),)),
            SectionDraft("Asosiy", (ParagraphDraft("Birinchi band."), ParagraphDraft("Ikkinchi band."))),
        ],
    )
    new = carry_anchors(old, [SectionDraft("Asosiy", (ParagraphDraft("Ikkinchi band."),))])
    changes = document_diff(old, new)
    assert [s.status for s in changes] == [DELETED, EDITED]
    assert [(p.status, read(p.html)) for p in changes[1].paragraphs] == [
        (DELETED, "deleted: Birinchi band."),
        (UNCHANGED, "Ikkinchi band."),
    ]
