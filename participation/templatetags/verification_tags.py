"""How a resident reaches the verification level an act asks for, next to the refusal."""

from django import template

from participation.models import VerificationLevel

register = template.Library()


@register.inclusion_tag("participation/identity/verification_reach.html", takes_context=True)
def verification_reach(context, level) -> dict:
    """The way to ``level`` for the signed-in reader (nothing when they are there already):
    confirm the e-mail, add and confirm a phone, be seen in person, or confirm with OneID.
    Links are in the reader's language; the OneID form comes back to this page."""
    user = context.get("user")
    request = context.get("request")
    reaches = bool(getattr(user, "is_authenticated", False)) and user.verification_level < int(level or 0)
    return {
        "needed": int(level or 0) if reaches else None,
        "levels": VerificationLevel,
        "here": request.get_full_path() if request is not None else "",
        "user": user,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
