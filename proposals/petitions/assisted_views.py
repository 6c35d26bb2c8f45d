"""The petition pages of the operator desk: the petitions a resident may sign, and signing one
for them with their consent (participation.assisted.views has the desk's common parts)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from participation.assisted.forms import ConsentForm
from participation.assisted.views import (
    back_to_resident,
    consent_step,
    operator_desk,
)
from proposals.petitions.assisted import (
    petition_consent_reference,
    petition_consent_what,
    petition_sign_assisted,
    petitions_to_sign_for,
)
from proposals.petitions.selectors import petition_collecting, petition_for_signing
from proposals.petitions.services.lifecycle import petition_support_refusal

SIGNED_FOR = _("The petition “%(title)s” is signed for %(name)s.")


@operator_desk
def desk_petitions(request, resident):
    """Petitions collecting signatures where the resident lives."""
    return TemplateResponse(
        request,
        "assisted/petitions.html",
        {"resident": resident, "centre": request.desk_centre, "petitions": petitions_to_sign_for(resident)},
    )


@operator_desk
def desk_petition_sign(request, resident, petition_id: int):
    """The petition, the resident's consent, and the signature: "send" sends the consent code
    (nothing else happens), "sign" takes the consent and signs, both keeping what was typed."""
    petition = petition_for_signing(petition_id, resident)
    if petition is None:
        raise Http404
    reference = petition_consent_reference(petition)
    form = ConsentForm(request.POST or None, resident=resident)
    refusal = None
    if not petition_collecting(petition):
        refusal = _("Signature collection has ended for this petition.")
    else:
        refusal = petition_support_refusal(petition, resident)
    if request.method == "POST" and refusal is None and form.is_valid():

        def sign(take_consent):
            petition_sign_assisted(assistance=take_consent(), petition=petition)
            return back_to_resident(
                request, resident, SIGNED_FOR % {"title": petition.title, "name": resident.full_name}
            )

        done = consent_step(request, resident, reference, form, what=lambda: petition_consent_what(petition), act=sign)
        if done is not None:
            return done
    return TemplateResponse(
        request,
        "assisted/petition_sign.html",
        {
            "resident": resident,
            "centre": request.desk_centre,
            "petition": petition,
            "refusal": refusal,
            "consent_form": form,
        },
    )
