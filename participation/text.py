"""One cleaning for every piece of text a person sends: composed (NFC), without control
characters, without the invisible and direction-changing characters that make one title look
like another.

Why remove rather than refuse: these characters reach us mostly by accident (pasted from a
messenger, a PDF or a word processor) and the person cannot see them, so a refusal would name
something they cannot find. Removing them keeps what they meant. U+202E (RIGHT-TO-LEFT
OVERRIDE) shows "gpj.exe" as "exe.jpg"; the zero-width characters make two identical-looking
titles differ (or hide a word from moderators' searches). Nothing the platform's languages
need is among them: Uzbek and Karakalpak in Latin and Cyrillic, Russian and English are all
left-to-right, and the Uzbek letters ʻ (U+02BB) and ʼ (U+02BC) are modifier letters that NFC
keeps as they are (NFKC would too; we do not fold compatibility forms, so "①" or "ﬁ" stay).

A NUL byte is removed too: PostgreSQL cannot store one in text, so it was a 500.
"""

import re
import unicodedata

# Bidi embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069), the marks
# (U+200E LRM, U+200F RLM, U+061C ALM), zero-width space/joiners (U+200B..U+200D), the word
# joiner and invisible operators (U+2060..U+2064), the byte order mark / zero-width no-break
# space (U+FEFF), and C0/C1 controls except tab, line feed and carriage return.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def clean_text(value: str) -> str:
    """``value`` composed to NFC, without invisible, direction-changing or control characters.

    Tabs and line breaks stay (a petition's text has paragraphs). Idempotent, so cleaning
    again in a service after the request was cleaned changes nothing.
    """
    if not value:
        return value
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", value))


def is_secret_field(name: str) -> bool:
    """Fields whose value must reach their checker byte for byte: a password is compared as
    it was set (a changed character would lock its owner out), a token as it was issued."""
    lowered = name.lower()
    return "password" in lowered or lowered in {"csrfmiddlewaretoken", "token", "key"}
