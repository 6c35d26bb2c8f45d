"""Figures of transparency reports (and other published counts of people) as a reader sees
them: ``{% load report_tags %}``, ``{{ row.value|report_value }}``,
``{{ row.change|report_change }}``. See ``participation.transparency.display``."""

from django import template

from participation.transparency.display import change_text, value_text

register = template.Library()


@register.filter
def report_value(value) -> str:
    return value_text(value)


@register.filter
def report_change(change) -> str:
    return change_text(change)
