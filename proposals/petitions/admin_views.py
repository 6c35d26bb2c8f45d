"""Petitions inside the Wagtail admin: the responders' list, one petition's staff screen
(answer, extend the answer date, invalidate signatures) and the petition rules.

Each screen reads through ``proposals.selectors`` and each button calls one service. Staff
reach only the petitions of their territories (anything else is "not found"); a form the
person may not use is not shown, and a forged POST is refused with 403.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participation.admin_helpers import admin_context, audit_history, forbidden, list_page, overdue_days
from participation.exceptions import ServiceError
from proposals.petitions.admin_forms import AnswerForm, ExtendForm, InvalidateForm, PetitionFilterForm, PetitionRulesForm
from proposals.petitions.models import PetitionRules
from proposals.petitions.selectors import (
    petition_answer_overdue,
    petition_extension_open,
    petition_for_staff,
    petition_rules_levels,
    petition_timeline,
    petitions_awaiting_answer,
    petitions_for_staff,
)
from proposals.petitions.services import level_rules as rules_services
from proposals.petitions.services import lifecycle as petition_services

TITLE = _("Petitions")
ICON = "clipboard-list"
RULES_TITLE = _("Petition rules")
RULES_ICON = "cogs"
NOT_ALLOWED_SCREENS = _("Only staff of a khokimiyat use the petition screens.")
NOT_ALLOWED_ACTION = _("You may not do this for this petition now.")
ANSWERED = _("The answer is published; the author, co-sponsors and signers are told.")
EXTENDED = _("The answer is now due by %(date)s.")
COUNT_CHANGED = _(
    "The number of matching signatures changed since the preview; nothing was invalidated. "
    "Check the new number and confirm again."
)
RULES_SAVED = _("The petition rules of the level “%(level)s” are saved. They apply to petitions drafted from now on.")


def may_use_petition_screens(user) -> bool:
    return user.is_superuser or user.has_perm("participation.use_staff_tools")


def may_edit_petition_rules(user) -> bool:
    return user.is_superuser or user.has_perm("proposals.edit_petition_rules")


def _mark_overdue(petition, now) -> None:
    due = petition.answer_due_at if petition_answer_overdue(petition, now) else None
    petition.overdue_days = overdue_days(due, now)


def petitions_view(request):
    """Petitions awaiting an answer in the staff member's territories, due date first; or all."""
    if not may_use_petition_screens(request.user):
        return forbidden(request, NOT_ALLOWED_SCREENS, title=TITLE, icon=ICON)
    now = timezone.now()
    filter_form = PetitionFilterForm(request.GET or None)
    if filter_form.value() == PetitionFilterForm.ALL:
        petitions = petitions_for_staff(request.user)
    else:
        petitions = petitions_awaiting_answer(request.user)
    page_obj = list_page(request, petitions, lambda petition: _mark_overdue(petition, now))
    return TemplateResponse(
        request,
        "proposals/petitions/admin/index.html",
        {
            "filter_form": filter_form,
            "page_obj": page_obj,
            "may_edit_rules": may_edit_petition_rules(request.user),
            **admin_context(TITLE, icon=ICON),
        },
    )


# --- One petition ----------------------------------------------------------------------------

ACTIONS = {
    "answer": ("proposals.answer_petition", AnswerForm),
    "extend": ("proposals.extend_petition", ExtendForm),
    "invalidate": ("proposals.invalidate_signatures", InvalidateForm),
}


@dataclass
class Preview:
    """How many signatures the criterion matches, shown with a confirm button."""

    count: int
    form: InvalidateForm
    changed: bool = False


class _CountChanged(Exception):
    pass


def _date(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y")


def _invalidate(request, petition, form: InvalidateForm):
    """Preview the count; on confirmation invalidate exactly the previewed number or nothing."""
    data = form.cleaned_data
    criterion = {
        "petition": petition,
        "ip": data["ip"] or None,
        "start": data["signed_from"],
        "end": data["signed_until"],
    }
    if request.POST.get("confirm") != "1" or data["expected"] is None:
        return Preview(petition_services.signatures_invalidation_preview(**criterion), form)
    try:
        with transaction.atomic():
            invalidation = petition_services.signatures_invalidate(
                **criterion, staff=request.user, reason=data["reason"]
            )
            if invalidation.count != data["expected"]:
                # Signatures arrived (or were withdrawn) between preview and confirmation: the
                # staff member confirmed another number, so undo and show the new one.
                raise _CountChanged
    except _CountChanged:
        petition.refresh_from_db(fields=["signature_count"])
        return Preview(petition_services.signatures_invalidation_preview(**criterion), form, changed=True)
    count = invalidation.count
    return ngettext(
        "%(count)d signature was invalidated.", "%(count)d signatures were invalidated.", count
    ) % {"count": count}


def _run_action(request, petition, action: str, form):
    """Call the service behind one form; return the success message, or a preview to show."""
    data = form.cleaned_data
    if action == "answer":
        petition_services.petition_answer(petition=petition, responder=request.user, answer=data["answer"])
        return str(ANSWERED)
    if action == "extend":
        petition_services.petition_extend(
            petition=petition, staff=request.user, days=data["days"], reason=data["reason"]
        )
        return str(EXTENDED % {"date": _date(petition.answer_due_at)})
    return _invalidate(request, petition, form)


def petition_view(request, petition_id: int):
    """One petition as staff see it, with the forms the person may use and its history."""
    user = request.user
    if not may_use_petition_screens(user):
        return forbidden(request, NOT_ALLOWED_SCREENS, title=TITLE, icon=ICON)
    petition = petition_for_staff(user, petition_id)
    if petition is None:
        raise Http404
    now = timezone.now()
    allowed = {action for action, (permission, _form) in ACTIONS.items() if user.has_perm(permission, petition)}
    if not petition_extension_open(petition, now):
        allowed.discard("extend")
    forms = {action: ACTIONS[action][1](prefix=action) for action in allowed}
    preview = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS or not user.has_perm(ACTIONS[action][0], petition):
            return forbidden(request, NOT_ALLOWED_ACTION, title=TITLE, icon=ICON)
        form = forms[action] = ACTIONS[action][1](request.POST, prefix=action)
        if form.is_valid():
            try:
                outcome = _run_action(request, petition, action, form)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                if not isinstance(outcome, Preview):
                    messages.success(request, outcome)
                    return redirect("petitions_admin_petition", petition.pk)
                preview = outcome
    _mark_overdue(petition, now)
    return TemplateResponse(
        request,
        "proposals/petitions/admin/petition.html",
        {
            "petition": petition,
            **{f"{action}_form": forms.get(action) for action in ACTIONS},
            "preview": preview,
            "count_changed": COUNT_CHANGED if preview and preview.changed else "",
            "timeline": petition_timeline(petition),
            "history": audit_history(petition),
            **admin_context(petition.title, icon=ICON, subtitle=petition.territory.name),
        },
    )


# --- Rules ---------------------------------------------------------------------------------


def petition_rules_view(request):
    if not may_edit_petition_rules(request.user):
        return forbidden(request, rules_services.NOT_ALLOWED, title=RULES_TITLE, icon=RULES_ICON)
    return TemplateResponse(
        request,
        "proposals/petitions/admin/rules_index.html",
        {"levels": petition_rules_levels(), **admin_context(RULES_TITLE, icon=RULES_ICON)},
    )


def petition_rules_edit_view(request, level: str):
    if not may_edit_petition_rules(request.user):
        return forbidden(request, rules_services.NOT_ALLOWED, title=RULES_TITLE, icon=RULES_ICON)
    rules = next((rules for rules in petition_rules_levels() if rules.level == level), None)
    if rules is None:
        raise Http404
    form = PetitionRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        try:
            saved = rules_services.petition_rules_update(level=level, user=request.user, values=form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, RULES_SAVED % {"level": saved.get_level_display()})
            return redirect("petitions_admin_rules")
    label = dict(PetitionRules.LEVELS)[level]
    return TemplateResponse(
        request,
        "participation/admin/edit_form.html",
        {
            "form": form,
            "history": audit_history(rules) if rules.pk else [],
            "back_url": reverse("petitions_admin_rules"),
            "back_label": _("Back to the petition rules"),
            **admin_context(label, icon=RULES_ICON, subtitle=RULES_TITLE),
        },
    )
