"""The staff side of organisations, inside the Wagtail admin: one organisation with the
decisions a manager of its territory may take (verify with evidence, renew, reject, suspend),
its private member list and its history; and registering an organisation on someone's behalf.

Every button calls one service, which checks the rule again and writes the audit log. A
manager reaches only the organisations of their territories; anything else is "not found".
"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.admin_helpers import admin_context, audit_history, forbidden
from participation.exceptions import ServiceError
from participation.models import StaffRoleKind, Territory, TerritoryKind
from participation.organisations import selectors
from participation.organisations import services as svc
from participation.organisations.forms import OrganisationForm, ReasonForm, VerifyForm
from participation.organisations.models import OrganisationStatus
from participation.organisations.transitions import Mover, transition_allowed
from participation.selectors import staff_role_paths, territories_current
from participation.wagtail_admin.viewsets import staff_screen

S = OrganisationStatus
USE_SCREEN = "participation.use_organisation_screen"
NOT_ALLOWED = _("You may decide only about organisations in the territories you manage.")
TITLE = _("Organisations")
VERIFIED = _("%(name)s is verified until %(date)s.")
REJECTED = _("%(name)s is rejected; its representatives see the reason.")
SUSPENDED = _("%(name)s is suspended; it cannot act until it is verified again.")
CREATED = _("%(name)s is registered and waits for verification.")

ACTIONS = {"verify": VerifyForm, "reject": ReasonForm, "suspend": ReasonForm}


def _open_actions(organisation) -> set[str]:
    """The decisions the transition table offers from the organisation's status."""
    offered = set()
    if (rule := transition_allowed(organisation.status, S.VERIFIED)) and rule.mover == Mover.MANAGER:
        offered.add("verify")
    if transition_allowed(organisation.status, S.REJECTED):
        offered.add("reject")
    if transition_allowed(organisation.status, S.SUSPENDED):
        offered.add("suspend")
    return offered


def _run(request, organisation, action: str, data: dict) -> str:
    name = organisation.name
    if action == "verify":
        svc.organisation_verify(
            organisation=organisation,
            manager=request.user,
            evidence=data["evidence"],
            note=data["note"],
            expires_on=data["expires_on"],
        )
        return str(VERIFIED % {"name": name, "date": organisation.verification_expires_on.strftime("%d.%m.%Y")})
    if action == "reject":
        svc.organisation_reject(organisation=organisation, manager=request.user, reason=data["reason"])
        return str(REJECTED % {"name": name})
    svc.organisation_suspend(organisation=organisation, manager=request.user, reason=data["reason"])
    return str(SUSPENDED % {"name": name})


@staff_screen(USE_SCREEN, NOT_ALLOWED, title=TITLE, icon="group")
def organisation_review_view(request, organisation_id: int):
    organisation = selectors.organisations_for_staff(request.user).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    may_decide = request.user.has_perm("participation.verify_organisation", organisation)
    forms = {action: form_class(prefix=action) for action, form_class in ACTIONS.items()}
    offered = _open_actions(organisation) if may_decide else set()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS or not may_decide:
            return forbidden(request, NOT_ALLOWED, title=TITLE, icon="group")
        form = forms[action] = ACTIONS[action](request.POST, prefix=action)
        offered.add(action)  # a refused form stays on screen with its error and what was typed
        if form.is_valid():
            try:
                success = _run(request, organisation, action, form.cleaned_data)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, success)
                return redirect(reverse("organisations_admin:organisation", args=[organisation.pk]))
    renewing = organisation.status in (S.VERIFIED, S.EXPIRED)
    return TemplateResponse(
        request,
        "participation/organisations/admin/organisation.html",
        {
            "organisation": organisation,
            "may_decide": may_decide,
            "renewing": renewing,
            **{f"{action}_form": form if action in offered else None for action, form in forms.items()},
            "members": selectors.organisation_members(organisation),
            "history": audit_history(organisation),
            **admin_context(organisation.name, icon="group", subtitle=organisation.territory.name),
        },
    )


def staff_territories(user):
    """Where a manager may register an organisation: their territories and everything below;
    mahallas only under a district or city role (a region's thousands would swell the select)."""
    queryset = territories_current().exclude(kind=TerritoryKind.COUNTRY)
    if getattr(user, "is_superuser", False):
        return queryset.exclude(kind=TerritoryKind.MAHALLA).order_by("path")
    scope = Q(pk__in=[])
    for role, path in staff_role_paths(user):
        if role != StaffRoleKind.MANAGER:
            continue
        below = Q(path__startswith=path)
        if len(path) <= 2 * Territory.steplen:  # the country or a region
            below &= ~Q(kind=TerritoryKind.MAHALLA)
        scope |= below
    return queryset.filter(scope).order_by("path")


@staff_screen(USE_SCREEN, NOT_ALLOWED, title=TITLE, icon="group")
def organisation_create_view(request):
    """Staff register an organisation (one that came to the khokimiyat on paper); it waits for
    verification like any other, and its representatives are invited afterwards."""
    territories = staff_territories(request.user)
    form = OrganisationForm(request.POST or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = svc.organisation_register(user=request.user, by_staff=True, **form.service_values())
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, CREATED % {"name": organisation.name})
            return redirect(reverse("organisations_admin:organisation", args=[organisation.pk]))
    return TemplateResponse(
        request,
        "participation/organisations/admin/create.html",
        {"form": form, **admin_context(_("Register an organisation"), icon="group")},
    )
