"""Template filters every page may use: ``{% load participation_tags %}``.

``digits`` groups a number's digits ("12 345 678"), ``soum`` writes an amount of money with its
unit in the reader's language ("12 345 678 soʻm"), ``percent_of`` gives a whole percentage for
bars. There is one money filter for the whole site (information pages, budgeting, reports).
``machine_time`` is the one way a template writes a ``<time datetime>`` value.
"""

from django import template

from participation.web import dates, numbers

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
def machine_time(value) -> str:
    """The value of a ``<time datetime>`` attribute (never ``|date:'c'``, see ``dates``)."""
    return dates.machine_time(value)


@register.filter
def phone_url(image) -> str:
    """The small copy of an uploaded photo (made on upload) for ``<img src>``; the link around
    it keeps the full-size original."""
    from participation.images import phone_url as url

    return url(image)
