"""The meeting pages of the operator desk: meetings a resident can register for, and
registering them with their consent."""

from django import forms
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.meetings.assisted import (
    meeting_consent_reference,
    meeting_consent_what,
    meeting_register_assisted,
    meetings_open_for,
)
from meetings.meetings.models import RegistrationStatus
from meetings.meetings.selectors.registrations import meeting_public
from meetings.meetings.services.registrations import registration_refusal
from participation.assisted.forms import ConsentForm
from participation.assisted.views import (
    back_to_resident,
    consent_step,
    operator_desk,
)

REGISTERED_FOR = _("%(name)s is registered. Write down the code for them: %(code)s.")
WAITING_FOR = _("%(name)s is on the waiting list. Their code: %(code)s.")


class NeedsForm(forms.Form):
    needs_sign_language = forms.BooleanField(label=_("Sign-language interpretation"), required=False)
    needs_step_free = forms.BooleanField(label=_("Step-free access (wheelchair, pram)"), required=False)
    needs_elderly_help = forms.BooleanField(label=_("Help for the elderly"), required=False)


@operator_desk
def desk_meetings(request, resident):
    return TemplateResponse(
        request,
        "assisted/meetings.html",
        {"resident": resident, "centre": request.desk_centre, "meetings": meetings_open_for(resident)},
    )


@operator_desk
def desk_meeting_register(request, resident, meeting_id: int):
    meeting = meeting_public(meeting_id)
    if meeting is None:
        raise Http404
    posted = request.POST if request.method == "POST" else None
    needs_form = NeedsForm(posted)
    consent_form = ConsentForm(posted, resident=resident)
    refusal = registration_refusal(meeting, resident, now=timezone.now())
    reference = meeting_consent_reference(meeting)
    if posted is not None and refusal is None and needs_form.is_valid() and consent_form.is_valid():

        def register(take_consent):
            _act, registration = meeting_register_assisted(
                assistance=take_consent(), meeting=meeting, needs=needs_form.cleaned_data
            )
            said = REGISTERED_FOR if registration.status == RegistrationStatus.CONFIRMED else WAITING_FOR
            return back_to_resident(request, resident, said % {"name": resident.full_name, "code": registration.code})

        done = consent_step(
            request, resident, reference, consent_form, what=lambda: meeting_consent_what(meeting), act=register
        )
        if done is not None:
            return done
    return TemplateResponse(
        request,
        "assisted/meeting_register.html",
        {
            "resident": resident,
            "centre": request.desk_centre,
            "meeting": meeting,
            "refusal": refusal,
            "needs_form": needs_form,
            "consent_form": consent_form,
        },
    )
