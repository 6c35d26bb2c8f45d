"""A word-by-word diff of two versions of a paragraph, as HTML a reader can follow without
colour: removed words in ``<del>``, added words in ``<ins>`` (struck through and underlined by
every browser's default style), each opened by visually hidden text ("deleted:",
"inserted:") that screen readers announce, since most do not announce ``<del>``/``<ins>``.
Every piece of text is escaped: paragraphs are user text.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

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
