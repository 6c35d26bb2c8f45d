"""Figures of transparency reports (and other published counts of people) as a reader sees
them: ``{% load report_tags %}``, ``{{ row.value|report_value:row.unit }}``,
``{{ row.change|report_change:row.unit }}``. See ``participation.transparency.display``."""

from django import template

from participation.transparency.display import change_text, value_text

register = template.Library()


@register.filter
def report_value(value, unit: str = "") -> str:
    return value_text(value, unit)


@register.filter
def report_change(change, unit: str = "") -> str:
    return change_text(change, unit)
