"""The budget pages of the operator desk: the resident consents, the operator steps away, the
resident chooses alone on the ordinary ballot page, the receipt is shown to the resident, and
the device goes back to the operator with nothing of the ballot on it. And the project a
resident proposes, typed by the operator as the resident tells it, with their consent."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.assisted.forms import ConsentForm
from participation.assisted.views import (
    back_to_resident,
    consent_keep,
    consent_peek,
    consent_spend,
    consent_step,
    operator_desk,
    resident_url,
)
from participation.exceptions import ServiceError
from proposals.budgeting.assisted import (
    ballot_cast_assisted,
    cycles_submitting_for,
    cycles_voting_for,
    project_consent_reference,
    project_consent_what,
    project_just_submitted_for,
    project_submit_assisted,
    vote_consent_reference,
    vote_consent_what,
)
from proposals.budgeting.forms import DeskProjectForm
from proposals.budgeting.selectors.projects import cycle_get
from proposals.budgeting.services import projects as project_services
from proposals.budgeting.services import voting as voting_services
from proposals.budgeting.views import ballot_context, choices_posted

DESK_RECEIPT = "assisted_receipt"
PROJECT_SUBMITTED_FOR = _(
    "The project is sent for %(name)s; a moderator checks it, then it is public, with the resident as its author."
)
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

        def hand_over(take_consent):
            # Kept for the ballot the resident fills in alone, on the pages after this one.
            consent_keep(request, assistance=take_consent(), reference=reference)
            return redirect("operator_budgeting:handover", resident.pk, cycle.pk)

        done = consent_step(request, resident, reference, form, what=lambda: vote_consent_what(cycle), act=hand_over)
        if done is not None:
            return done
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


# --- submitting a project ---------------------------------------------------------------------


@operator_desk
def desk_project_cycles(request, resident):
    """Budget cycles taking projects now where the resident lives."""
    return TemplateResponse(
        request,
        "assisted/project_cycles.html",
        {"resident": resident, "centre": request.desk_centre, "cycles": cycles_submitting_for(resident)},
    )


@operator_desk
def desk_project_submit(request, resident, cycle_id: int):
    """One form: the project as the resident tells it, and the consent. "send" sends the code
    for this exact project; "submit" takes the consent and submits it. Why the resident may not
    submit here is said up front; on a POST the service says it again, keeping what was typed."""
    cycle = _cycle(cycle_id)
    refusal = project_services.submit_refusal(cycle, resident)
    posted = request.POST if request.method == "POST" else None
    form = DeskProjectForm(posted, cycle=cycle, resident=resident)
    consent_form = ConsentForm(posted, resident=resident)
    if posted is not None and refusal is None and form.is_valid() and consent_form.is_valid():
        data = form.cleaned_data
        reference = project_consent_reference(cycle, **data)

        def submit(take_consent):
            # The same form posted twice (a double click, a reload): the first one did it.
            if project_just_submitted_for(operator=request.user, resident=resident, cycle=cycle, **data) is None:
                project_submit_assisted(assistance=take_consent(), cycle=cycle, **data)
            return back_to_resident(request, resident, PROJECT_SUBMITTED_FOR % {"name": resident.full_name})

        done = consent_step(
            request,
            resident,
            reference,
            consent_form,
            what=lambda: project_consent_what(cycle, data["title"]),
            act=submit,
        )
        if done is not None:
            return done
    return TemplateResponse(
        request,
        "assisted/project_submit.html",
        {
            "resident": resident,
            "centre": request.desk_centre,
            "cycle": cycle,
            "refusal": refusal,
            "form": form,
            "consent_form": consent_form,
        },
    )
