"""Template filters every page may use: ``{% load participation_tags %}``.

``digits`` groups a number's digits ("12 345 678"), ``soum`` writes an amount of money with its
unit in the reader's language ("12 345 678 soʻm"), ``percent_of`` gives a whole percentage for
bars. There is one money filter for the whole site (information pages, budgeting, reports).
"""

from django import template

from participation.web import numbers

register = template.Library()


@register.filter
def digits(value) -> str:
    return numbers.group_digits(value)


@register.filter
def soum(value) -> str:
    return numbers.soum(value)


@register.filter
def percent_of(part, whole) -> int:
    return numbers.percent_of(part, whole)


@register.filter
def phone_url(image) -> str:
    """The small copy of an uploaded photo (made on upload) for ``<img src>``; the link around
    it keeps the full-size original."""
    from participation.images import phone_url as url

    return url(image)
