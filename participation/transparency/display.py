"""Report figures as a reader sees them: digits grouped, soum with their unit, and the two
marks of hidden counts in words. The content keeps numbers and the language-free marks (what
the hash is taken of); only pages and charts turn them into text, in the reader's language."""

from django.utils import formats
from django.utils.translation import pgettext

from participation.transparency.suppression import HIDDEN, SUPPRESSED
from participation.web.numbers import group_digits, soum

SOUM = "soum"


def value_text(value, unit: str = "") -> str:
    """ "< 5", "hidden", "12 345 678 soum", "1 234", "3.5" (the reader's decimal mark); "—" for
    no figure."""
    if value is None or value == "":
        return "—"
    if value == SUPPRESSED:
        return SUPPRESSED
    if value == HIDDEN:
        return pgettext("a count in a report", "hidden")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return soum(value) if unit == SOUM else group_digits(value)
    if isinstance(value, float):
        return formats.number_format(value, decimal_pos=1, use_l10n=True)
    return str(value)


def change_text(change, unit: str = "") -> str:
    """A change against the previous period with its sign ("+1 200", "-3"); "—" when there is
    none (a hidden side, or no previous figure)."""
    if change is None:
        return "—"
    sign = "+" if change > 0 else ("-" if change < 0 else "")
    return sign + value_text(abs(change), unit)
