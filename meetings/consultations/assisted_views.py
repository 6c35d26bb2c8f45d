"""The consultation pages of the operator desk: consultations a resident can give input to, and
giving it with their consent."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.consultations.assisted import (
    consultations_open_for,
    input_consent_reference,
    input_consent_what,
    input_give_assisted,
)
from meetings.consultations.forms import InputForm
from meetings.consultations.models import InputTarget
from meetings.consultations.selectors import consultation_get_public, version_latest, version_sections
from meetings.consultations.services.inputs import input_refusal
from meetings.consultations.views import _places
from participation.assisted.forms import ConsentForm
from participation.assisted.views import (
    back_to_resident,
    consent_step,
    operator_desk,
)

GIVEN_FOR = _("The input is sent for %(name)s; it appears publicly once a moderator has checked it.")


@operator_desk
def desk_consultations(request, resident):
    return TemplateResponse(
        request,
        "assisted/consultations.html",
        {"resident": resident, "centre": request.desk_centre, "consultations": consultations_open_for(resident)},
    )


@operator_desk
def desk_input(request, resident, consultation_id: int):
    """One form: the input as the resident tells it, and the consent. "send" sends the code for
    this exact input; "give" takes the consent and gives it."""
    consultation = consultation_get_public(consultation_id)
    if consultation is None:
        raise Http404
    questions = list(consultation.questions.all())
    places = _places(consultation, version_sections(version_latest(consultation)), questions)
    posted = request.POST if request.method == "POST" else None
    # Always for the resident themself: the desk never acts for an organisation.
    form = InputForm(posted, places=places, organisations=(), allow_self=False)
    consent_form = ConsentForm(posted, resident=resident)
    refusal = input_refusal(consultation, resident, now=timezone.now())
    if posted is not None and refusal is None and form.is_valid() and consent_form.is_valid():
        target, value = form.target()
        text = form.cleaned_data["text"]
        reference = input_consent_reference(consultation, form.cleaned_data["place"], text)

        def give(take_consent):
            input_give_assisted(
                assistance=take_consent(),
                consultation=consultation,
                text=text,
                target=target,
                anchor=value if target in (InputTarget.PARAGRAPH, InputTarget.SECTION) else "",
                question=next((q for q in questions if str(q.pk) == value), None)
                if target == InputTarget.QUESTION
                else None,
            )
            return back_to_resident(request, resident, GIVEN_FOR % {"name": resident.full_name})

        done = consent_step(
            request, resident, reference, consent_form, what=lambda: input_consent_what(consultation), act=give
        )
        if done is not None:
            return done
    return TemplateResponse(
        request,
        "assisted/consultation_input.html",
        {
            "resident": resident,
            "centre": request.desk_centre,
            "consultation": consultation,
            "refusal": refusal,
            "form": form,
            "consent_form": consent_form,
        },
    )
