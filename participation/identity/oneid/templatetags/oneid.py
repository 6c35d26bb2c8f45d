from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def oneid_enabled() -> bool:
    """Whether the OneID buttons are shown: only where a OneID client is configured."""
    return bool(settings.ONEID_CLIENT_ID)
