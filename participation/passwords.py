"""Passwords that are common here, refused beside Django's own list.

Django's ``CommonPasswordValidator`` knows "password1" but not "toshkent2026": its list is
the world's, and the first guesses against an account on this site are the country, its
cities, the site's own name and a year. ``LocalCommonPasswordValidator`` refuses a password
that, once the digits and symbols at its ends are taken off, is one of the words in
``common_passwords_local.txt`` or the site's name. Every path that sets a password (sign-up,
reset, change, the admin's user forms) runs ``AUTH_PASSWORD_VALIDATORS``, so this is the one
place the rule lives.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WORD_LIST = Path(__file__).with_name("common_passwords_local.txt")

TOO_COMMON_HERE = _(
    "This password is too easy to guess here: it is a place name, the site's name or another common word, "
    "with or without a number. Choose words others would not think of."
)
HELP_TEXT = _("Your password can't be a place name, the site's name or another common word with a number.")

# Uzbek is written with ʻ and ʼ, and people type ' ` ‘ ’ for them, or nothing: drop them all,
# so "Oʻzbekiston", "O'zbekiston" and "Ozbekiston" are one word.
_APOSTROPHES = dict.fromkeys(map(ord, "'`´‘’ʻʼ′"), None)
# Digits, spaces and symbols at either end ("2026", "!", "_01"): what people add to a word.
_ENDS = re.compile(r"^[\W\d_]+|[\W\d_]+$")
# Separators inside ("mening parolim", "toshkent-shahar") do not make a word new.
_INSIDE = re.compile(r"[\W_]+")
# Host labels that name nobody's site.
_GENERIC_HOST_LABELS = {"www", "gov", "uz", "com", "org", "net", "localhost", "example", "test"}


def word_of(password: str) -> str:
    """The word a password is built on: lower case, apostrophes and separators dropped,
    digits and symbols at its ends taken off ("Oʻzbekiston-2026!" → "ozbekiston")."""
    text = unicodedata.normalize("NFKC", password).casefold().translate(_APOSTROPHES)
    return _INSIDE.sub("", _ENDS.sub("", text))


@cache
def listed_words() -> frozenset[str]:
    lines = WORD_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(word_of(line) for line in lines if line.strip() and not line.startswith("#"))


def site_words() -> set[str]:
    """The site's name and its host's own label ("ishtirok" in ishtirok.gov.uz), read from the
    settings each time, so a site renamed in its settings is refused under its new name."""
    words = {word_of(settings.WAGTAIL_SITE_NAME)}
    host = urlsplit(getattr(settings, "SITE_URL", "")).hostname or ""
    words.update(word_of(label) for label in host.split(".") if label not in _GENERIC_HOST_LABELS)
    return {word for word in words if len(word) >= 4}


class LocalCommonPasswordValidator:
    """Refuse a local word ("Toshkent", "parol", the site's name) with digits or symbols around it."""

    def validate(self, password: str, user=None) -> None:
        word = word_of(password)
        if word in listed_words() or word in site_words():
            raise ValidationError(TOO_COMMON_HERE, code="password_too_common_here")

    def get_help_text(self) -> str:
        return str(HELP_TEXT)
