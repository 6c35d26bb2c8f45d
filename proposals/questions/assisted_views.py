"""The question page of the operator desk: the resident's question, their consent, sent."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from participation.assisted.forms import ConsentForm
from participation.assisted.views import (
    back_to_resident,
    consent_step,
    operator_desk,
)
from proposals.questions.assisted import (
    question_ask_assisted,
    question_consent_reference,
    question_consent_what,
    question_territory_for,
)
from proposals.questions.forms import QuestionForm

ASKED_FOR = _("The question is sent for %(name)s; it appears publicly once a moderator has checked it.")


@operator_desk
def desk_question(request, resident):
    """One form: the question as the resident tells it, and the consent. "send" sends the code
    for this exact wording; "ask" takes the consent and sends the question."""
    territory = question_territory_for(resident)
    if territory is None:
        raise Http404
    posted = request.POST if request.method == "POST" else None
    form = QuestionForm(posted)
    consent_form = ConsentForm(posted, resident=resident)
    if posted is not None and form.is_valid() and consent_form.is_valid():
        data = form.cleaned_data
        reference = question_consent_reference(territory, data["title"], data["text"], data["topic"])

        def ask(take_consent):
            question_ask_assisted(assistance=take_consent(), territory=territory, **data)
            return back_to_resident(request, resident, ASKED_FOR % {"name": resident.full_name})

        done = consent_step(
            request, resident, reference, consent_form, what=lambda: question_consent_what(data["title"]), act=ask
        )
        if done is not None:
            return done
    return TemplateResponse(
        request,
        "assisted/question.html",
        {
            "resident": resident,
            "centre": request.desk_centre,
            "territory": territory,
            "form": form,
            "consent_form": consent_form,
        },
    )
