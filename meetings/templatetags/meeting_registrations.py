"""The meeting page's registration part (``includes/registration_panel.html``): the meeting
view knows nothing of registrations; this tag reads them through the selectors, in a fixed
number of queries."""

from django import template
from django.utils import timezone

from meetings.meetings.forms_registration import RegistrationForm
from meetings.meetings.selectors.registrations import registration_choices
from meetings.meetings.selectors.registrations import registration_panel as panel_for
from meetings.meetings.services.registrations import registration_refusal

register = template.Library()


@register.inclusion_tag("meetings/meetings/includes/registration_panel_body.html", takes_context=True)
def registration_panel(context, meeting):
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = getattr(user, "is_authenticated", False)
    now = timezone.now()
    panel = panel_for(meeting, user, now)
    refusal = registration_refusal(meeting, user, now=now) if signed_in and panel.is_open else None
    allow_self, organisations = registration_choices(panel)
    show_form = signed_in and panel.is_open and not refusal and (allow_self or organisations)
    return {
        "panel": panel,
        # Staff at the door reach the check-in screen from the page they know.
        "can_check_in": signed_in and user.has_perm("meetings.check_in_at_meeting", meeting),
        "signed_in": signed_in,
        "refusal": refusal,
        "show_form": show_form,
        # Only signed-in people get a form (and a CSRF token): the anonymous page stays cacheable.
        "form": RegistrationForm(organisations=organisations, allow_self=allow_self) if show_form else None,
        "csrf_token": context.get("csrf_token") if show_form else None,
    }
