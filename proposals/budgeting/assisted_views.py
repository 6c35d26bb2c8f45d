"""The budget pages of the operator desk: the resident consents, the operator steps away, the
resident chooses alone on the ordinary ballot page, the receipt is shown to the resident, and
the device goes back to the operator with nothing of the ballot on it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.assisted.forms import ConsentForm
from participation.assisted.views import (
    consent_keep,
    consent_obtain,
    consent_peek,
    consent_send,
    consent_spend,
    in_residents_language,
    operator_desk,
    resident_url,
)
from participation.exceptions import ServiceError
from proposals.budgeting.assisted import (
    ballot_cast_assisted,
    cycles_voting_for,
    vote_consent_reference,
    vote_consent_what,
)
from proposals.budgeting.selectors.projects import cycle_get
from proposals.budgeting.services import voting as voting_services
from proposals.budgeting.views import ballot_context, choices_posted

DESK_RECEIPT = "assisted_receipt"
VOTED_FOR = _("The ballot is cast. Its choices are the resident's and are kept secret, also from you.")


def _cycle(cycle_id: int):
    cycle = cycle_get(cycle_id)
    if cycle is None:
        raise Http404
    return cycle


@operator_desk
def desk_cycles(request, resident):
    """Budget cycles where the resident can vote now."""
    return TemplateResponse(
        request,
        "assisted/cycles.html",
        {"resident": resident, "centre": request.desk_centre, "cycles": cycles_voting_for(resident)},
    )


@operator_desk
def desk_vote_consent(request, resident, cycle_id: int):
    """The resident's consent to vote in this cycle; then the step-away screen."""
    cycle = _cycle(cycle_id)
    reference = vote_consent_reference(cycle)
    form = ConsentForm(request.POST or None, resident=resident)
    refusal = voting_services.vote_refusal(cycle, resident)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            if request.POST.get("action") == "send":
                what = in_residents_language(resident, lambda: vote_consent_what(cycle))
                consent_send(request, resident=resident, reference=reference, what=what)
            else:
                assistance = consent_obtain(request, resident=resident, reference=reference, form=form)
                consent_keep(request, assistance=assistance, reference=reference)
                return redirect("operator_budgeting:handover", resident.pk, cycle.pk)
        except ServiceError as error:
            form.add_error(None, error.message)
    return TemplateResponse(
        request,
        "assisted/vote_consent.html",
        {"resident": resident, "centre": request.desk_centre, "cycle": cycle, "refusal": refusal, "consent_form": form},
    )


@operator_desk
def desk_vote_handover(request, resident, cycle_id: int):
    """Asks the operator to step away and hand the device to the resident."""
    cycle = _cycle(cycle_id)
    if not consent_peek(request, resident=resident, reference=vote_consent_reference(cycle)):
        return redirect("operator_budgeting:consent", resident.pk, cycle.pk)
    return TemplateResponse(
        request, "assisted/vote_handover.html", {"resident": resident, "centre": request.desk_centre, "cycle": cycle}
    )


@operator_desk
def desk_ballot(request, resident, cycle_id: int):
    """The ordinary ballot, for the resident alone: check, then cast with the consent kept."""
    cycle = _cycle(cycle_id)
    reference = vote_consent_reference(cycle)
    if not consent_peek(request, resident=resident, reference=reference):
        return redirect("operator_budgeting:consent", resident.pk, cycle.pk)
    choices, errors, check = {}, [], None
    if request.method == "POST":
        choices, errors = choices_posted(request, cycle)
        if request.POST.get("action") == "cast" and not errors:
            try:
                assistance = consent_spend(request, resident=resident, reference=reference)
                _act, code = ballot_cast_assisted(assistance=assistance, cycle=cycle, choices=choices)
            except ServiceError as error:
                errors.append(error.message)
            else:
                # The receipt is the resident's: shown once, on the next page, then forgotten.
                request.session[DESK_RECEIPT] = {"resident": resident.pk, "cycle": cycle.pk, "code": code}
                return redirect("operator_budgeting:receipt", resident.pk, cycle.pk)
        check = voting_services.ballot_check(cycle, choices)
    context = ballot_context(cycle, resident, choices=choices, errors=errors, check=check)
    context["vote_url"] = reverse("operator_budgeting:ballot", args=[resident.pk, cycle.pk])
    context["assisted_resident"] = resident
    return TemplateResponse(request, "assisted/ballot.html", context)


@operator_desk
def desk_vote_receipt(request, resident, cycle_id: int):
    """The receipt, once, for the resident; then "give the device back" forgets it."""
    cycle = _cycle(cycle_id)
    kept = request.session.get(DESK_RECEIPT) or {}
    if request.method == "POST" or kept.get("resident") != resident.pk or kept.get("cycle") != cycle.pk:
        request.session.pop(DESK_RECEIPT, None)
        messages.success(request, VOTED_FOR)
        return redirect(resident_url(resident))
    return TemplateResponse(
        request,
        "assisted/vote_receipt.html",
        {"resident": resident, "centre": request.desk_centre, "cycle": cycle, "code": kept["code"]},
    )
