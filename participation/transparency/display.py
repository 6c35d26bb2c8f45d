"""Report figures as a reader sees them: digits grouped (the site's one way, ``group_digits``:
"650 000 000", with narrow no-break spaces), fractions with the reader's decimal mark, and the
two marks of hidden counts in words. The content keeps plain numbers and the language-free
marks (what the hash is taken of); only pages and charts turn them into text."""

from django.utils import formats
from django.utils.translation import pgettext

from participation.transparency.suppression import HIDDEN, SUPPRESSED
from participation.web.numbers import group_digits


def value_text(value) -> str:
    """ "< 5", "hidden", "650 000 000", "3.5" (or "3,5"); "—" for no figure."""
    if value is None or value == "":
        return "—"
    if value == SUPPRESSED:
        return SUPPRESSED
    if value == HIDDEN:
        return pgettext("a count in a report", "hidden")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return group_digits(value)
    if isinstance(value, float):
        return formats.number_format(value, decimal_pos=1, use_l10n=True)
    return str(value)


def change_text(change) -> str:
    """A change against the previous period with its sign ("+1 200", "-3"); "—" when there is
    none (a hidden side, or no previous figure)."""
    if change is None:
        return "—"
    sign = "+" if change > 0 else ("-" if change < 0 else "")
    return sign + value_text(abs(change))
