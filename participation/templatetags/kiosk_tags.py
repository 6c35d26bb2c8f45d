"""What every page adds on a kiosk: its stylesheet, and the refresh to the signed-out page."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("kiosk/head.html", takes_context=True)
def kiosk_head(context):
    """The refresh only while someone is signed in or half-way through signing in: it is what
    signs out, without JavaScript, a person who walked away (the server refuses their session
    after the same time anyway); a page nobody is using has nothing to end."""
    request = context["request"]
    in_use = request.user.is_authenticated or not request.session.is_empty()
    return {
        "refresh_after": settings.KIOSK_IDLE_SECONDS if in_use else None,
        "signed_out_url": reverse("kiosk:signed_out"),
    }
