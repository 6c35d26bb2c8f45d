"""Numbers as people read them, for pages, forms and e-mails: digits in groups, money in soum,
whole percentages. Used by the ``participation_tags`` template filters and by forms that put
an amount in a help text."""

from django.utils.translation import gettext

# A narrow no-break space groups the digits: thin like a printed thousands separator, and a
# long budget never breaks across two lines on a narrow phone.
GROUP_SEPARATOR = "\u202f"


def group_digits(value) -> str:
    """12345678 -> "12 345 678" (narrow no-break spaces); anything not a number unchanged,
    nothing for None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    return f"{number:,}".replace(",", GROUP_SEPARATOR)


def soum(value) -> str:
    """An integer amount of money with its unit, in the reader's language: "1 000 000 soum"
    ("1 000 000 soʻm", "1 000 000 сум"); nothing for no amount."""
    if value is None or value == "":
        return ""
    return gettext("%(amount)s soum") % {"amount": group_digits(value)}


def percent_of(part, whole) -> int:
    """Whole percentage of ``part`` in ``whole``, 0 to 100 (0 when there is no whole), for bars."""
    try:
        part, whole = int(part), int(whole)
    except (TypeError, ValueError):
        return 0
    if whole <= 0:
        return 0
    return max(0, min(100, part * 100 // whole))
