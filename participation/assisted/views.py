"""The operator desk, ``/<lang>/operator/``: an operator picks the centre where they work today,
finds or registers a resident, verifies them in person, confirms their phone, and opens the acts
the features offer (``desk.desk_acts``). Server-rendered, no JavaScript.

The feature pages of the desk (``proposals/*/assisted_views.py``) use the helpers here:
``operator_desk`` (the checks every desk page makes), ``consent_step`` (a consent per act:
the code sent, then taken as the act is done) and ``consent_keep`` / ``consent_spend`` (a consent given before the
resident fills in a ballot alone).
"""

from datetime import datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from participation.assisted import services
from participation.assisted.desk import desk_acts
from participation.assisted.forms import CentreForm, ConsentForm, FindForm, PhoneCodeForm, RegisterForm, VerifyForm
from participation.assisted.selectors import (
    operator_centres,
    operator_mahallas,
    resident_for_operator,
    residents_find,
)
from participation.exceptions import ServiceError
from participation.identity.phones import phone_display
from participation.models import IdentityVerification, User, VerificationLevel
from participation.ratelimit import client_ip

DESK_CENTRE = "assisted_centre"
DESK_CONSENT = "assisted_consent"
CENTRE_CHOSEN = _("You work at %(centre)s today.")
REGISTERED = _("%(name)s is registered.")
VERIFIED = _("%(name)s is now verified in person.")
CODE_SENT = _("A code was sent to %(phone)s. The resident types it below.")
PHONE_CONFIRMED = _("The number %(phone)s is confirmed.")
CHOOSE_CENTRE = _("First choose the centre where you work today.")


def operator_desk(view):
    """Signed in, allowed to use the desk, working at a centre chosen today; a ``resident_id``
    argument becomes ``resident`` (404 for someone the operator may not act for)."""

    @wraps(view)
    @never_cache
    def wrapped(request, *args, resident_id=None, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("participation.use_operator_desk"):
            raise PermissionDenied
        centres = {centre.pk: centre for centre in operator_centres(request.user)}
        centre = centres.get(request.session.get(DESK_CENTRE))
        if centre is None:
            messages.info(request, CHOOSE_CENTRE)
            return redirect("operator:home")
        request.desk_centre = centre
        if resident_id is not None:
            resident = resident_for_operator(request.user, resident_id)
            if resident is None:
                raise Http404
            kwargs["resident"] = resident
        return view(request, *args, **kwargs)

    return wrapped


def resident_url(resident: User) -> str:
    return reverse("operator:resident", args=[resident.pk])


def in_residents_language(resident: User, make) -> str:
    """``make()`` rendered in the resident's language: what their text message says."""
    with translation.override(resident.preferred_language):
        return str(make())


# --- consent helpers for the feature pages ---------------------------------------------------


def consent_send(request, *, resident: User, reference: str, what: str) -> None:
    """Send the consent code; raises ``ServiceError`` (gateway down, limits) with the message."""
    services.consent_code_send(
        operator=request.user, resident=resident, reference=reference, what=what, ip=client_ip(request)
    )
    messages.info(request, CODE_SENT % {"phone": phone_display(resident.phone)})


def consent_obtain(request, *, resident: User, reference: str, form: ConsentForm) -> services.Assistance:
    """The resident's consent from the posted form (spends the code); raises ``ServiceError``."""
    data = form.cleaned_data
    return services.consent_take(
        operator=request.user,
        resident=resident,
        centre_id=request.desk_centre.pk,
        reference=reference,
        code=data.get("code", ""),
        paper_form=data.get("paper_form", ""),
        ip=client_ip(request),
    )


def consent_step(request, resident: User, reference: str, form: ConsentForm, *, what, act):
    """The consent step every desk act shares, run on a valid POST.

    The operator's "send" button sends the resident a code naming the act (``what()``, said in
    the resident's language) and does nothing else. Any other button does the act:
    ``act(take_consent)`` takes the consent (the code, or a paper form's number) by calling
    ``take_consent()`` (an act that finds it was already done need not spend a code), and
    returns where the operator goes next. A refusal (a wrong code, the gateway down, the act
    refused) is added to ``form`` with what was typed kept, and None is returned, as after
    sending: the view shows its page again."""
    try:
        if request.POST.get("action") == "send":
            consent_send(request, resident=resident, reference=reference, what=in_residents_language(resident, what))
            return None
        return act(lambda: consent_obtain(request, resident=resident, reference=reference, form=form))
    except ServiceError as error:
        form.add_error(None, error.message)
        return None


def back_to_resident(request, resident: User, done: str):
    """After an act: the resident's page, saying what was done."""
    messages.success(request, done)
    return redirect(resident_url(resident))


def consent_keep(request, *, assistance: services.Assistance, reference: str) -> None:
    """Keep a consent given now for an act the resident completes on a later page."""
    request.session[DESK_CONSENT] = {
        "operator": assistance.operator.pk,
        "resident": assistance.resident.pk,
        "centre": assistance.centre_id,
        "method": assistance.consent_method,
        "consent_reference": assistance.consent_reference,
        "reference": reference,
        "at": timezone.now().isoformat(),
    }


def consent_peek(request, *, resident: User, reference: str) -> bool:
    kept = request.session.get(DESK_CONSENT) or {}
    return (
        kept.get("operator") == request.user.pk
        and kept.get("resident") == resident.pk
        and kept.get("reference") == reference
        and datetime.fromisoformat(kept["at"]) + services.CONSENT_TTL > timezone.now()
    )


def consent_spend(request, *, resident: User, reference: str) -> services.Assistance:
    """The kept consent for ``reference``, used up; ``ServiceError`` if there is none (any more)."""
    if not consent_peek(request, resident=resident, reference=reference):
        raise ServiceError(services.CONSENT_EXPIRED)
    kept = request.session.pop(DESK_CONSENT)
    return services.Assistance(
        operator=request.user,
        resident=resident,
        centre_id=kept["centre"],
        consent_method=kept["method"],
        consent_reference=kept["consent_reference"],
    )


# --- the desk's own pages --------------------------------------------------------------------


@never_cache
def desk_home(request):
    """Choose today's centre; find a resident by name or number."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("participation.use_operator_desk"):
        raise PermissionDenied
    centres = operator_centres(request.user)
    by_pk = {centre.pk: centre for centre in centres}
    centre = by_pk.get(request.session.get(DESK_CENTRE))
    if request.method == "POST":
        centre_form = CentreForm(request.POST, centres=centres)
        if centre_form.is_valid():
            request.session[DESK_CENTRE] = centre_form.cleaned_data["centre"]
            messages.success(request, CENTRE_CHOSEN % {"centre": by_pk[centre_form.cleaned_data["centre"]].title})
            return redirect("operator:home")
    else:
        centre_form = CentreForm(initial={"centre": centre.pk if centre else None}, centres=centres)
    find_form = FindForm(request.GET or None)
    results = None
    if centre is not None and find_form.is_bound and find_form.is_valid():
        results = residents_find(
            request.user, name=find_form.cleaned_data["name"], phone=find_form.cleaned_data["phone"]
        )
    return TemplateResponse(
        request,
        "assisted/desk.html",
        {
            "centre": centre,
            "centres": centres,
            "centre_form": centre_form,
            "find_form": find_form,
            "results": results,
        },
    )


@operator_desk
def desk_register(request):
    """Register a resident without e-mail. Accounts that may be the same person are listed
    first; the operator opens one or confirms that none of them is this person."""
    form = RegisterForm(
        request.POST or None,
        mahallas=operator_mahallas(request.user),
        languages=settings.LANGUAGES,
        initial={"preferred_language": translation.get_language()},
    )
    matches = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            resident = services.resident_register(
                operator=request.user,
                full_name=data["full_name"],
                mahalla=data["mahalla"],
                phone=data["phone"],
                preferred_language=data["preferred_language"],
                not_a_duplicate=data["not_a_duplicate"],
            )
        except services.PossibleDuplicate as error:
            form.add_error(None, error.message)
            matches = error.matches
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, REGISTERED % {"name": resident.full_name})
            return redirect(resident_url(resident))
    return TemplateResponse(request, "assisted/register.html", {"form": form, "matches": matches})


def _resident_context(request, resident: User, **extra) -> dict:
    verification = (
        IdentityVerification.objects.filter(user=resident, level=VerificationLevel.IN_PERSON).order_by("-pk").first()
    )
    return {
        "resident": resident,
        "centre": request.desk_centre,
        "phone": phone_display(resident.phone) if resident.phone else "",
        "phone_confirmed": bool(resident.phone_verified_at),
        "in_person": verification,
        "verify_form": VerifyForm(),
        "phone_form": PhoneCodeForm(),
        "acts": desk_acts(),
        **extra,
    }


@operator_desk
def desk_resident(request, resident: User):
    """One resident: who they are, how they are verified, and what the desk can do for them."""
    return TemplateResponse(request, "assisted/resident.html", _resident_context(request, resident))


@require_POST
@operator_desk
def desk_verify(request, resident: User):
    """Record that the operator saw the resident and a document of the chosen kind."""
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.resident_verify_in_person(
                operator=request.user, resident=resident, document_type=form.cleaned_data["document_type"]
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, VERIFIED % {"name": resident.full_name})
            return redirect(resident_url(resident))
    return TemplateResponse(request, "assisted/resident.html", _resident_context(request, resident, verify_form=form))


@require_POST
@operator_desk
def desk_phone(request, resident: User):
    """Confirm the number typed at registration: send the code, then the resident types it."""
    form = PhoneCodeForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("action") == "send":
            services.resident_phone_code_send(operator=request.user, resident=resident, ip=client_ip(request))
            messages.info(request, CODE_SENT % {"phone": phone_display(resident.phone)})
            return redirect(resident_url(resident) + "#phone")
        services.resident_phone_confirm(
            operator=request.user, resident=resident, code=form.cleaned_data.get("code", ""), ip=client_ip(request)
        )
    except ServiceError as error:
        form.add_error("code", error.message)
        return TemplateResponse(
            request, "assisted/resident.html", _resident_context(request, resident, phone_form=form)
        )
    messages.success(request, PHONE_CONFIRMED % {"phone": phone_display(resident.phone)})
    return redirect(resident_url(resident))
