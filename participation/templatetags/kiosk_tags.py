"""What every page adds on a kiosk: its stylesheet, and the idle script (warns, then clears the
screen to the signed-out page)."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


# How long before the idle sign-out the person is warned and can ask for more time.
WARN_SECONDS = 20


@register.inclusion_tag("kiosk/head.html", takes_context=True)
def kiosk_head(context):
    """The idle script only while someone is signed in or half-way through signing in: it
    clears the screen of a person who walked away, after a warning they can answer (the server
    refuses their session after the same time anyway, script or not); a page nobody is using
    has nothing to end."""
    request = context["request"]
    in_use = request.user.is_authenticated or not request.session.is_empty()
    return {
        "idle_seconds": settings.KIOSK_IDLE_SECONDS if in_use else None,
        "warn_seconds": WARN_SECONDS,
        "signed_out_url": reverse("kiosk:signed_out"),
        "still_here_url": reverse("kiosk:still_here"),
        "csrf_token": context.get("csrf_token"),
    }
