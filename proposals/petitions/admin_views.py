"""One petition's staff screen inside the Wagtail admin: answer, extend the answer date,
invalidate signatures. (The listing and the petition rules are viewsets: ``admin.py``.)

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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participation.admin_helpers import admin_context, audit_history, forbidden, overdue_days
from participation.exceptions import ServiceError
from participation.wagtail_admin.viewsets import staff_screen
from proposals.petitions.admin_forms import AnswerForm, ExtendForm, InvalidateForm
from proposals.petitions.selectors import (
    petition_answer_overdue,
    petition_extension_open,
    petition_for_staff,
    petition_timeline,
)
from proposals.petitions.services import level_rules as rules_services
from proposals.petitions.services import lifecycle as petition_services

TITLE = _("Petitions")
ICON = "clipboard-list"
RULES_TITLE = _("Petition rules")
RULES_ICON = "cogs"
NOT_ALLOWED_SCREENS = _("Only staff of a khokimiyat use the petition screens.")
NOT_ALLOWED_RULES = rules_services.NOT_ALLOWED
NOT_ALLOWED_ACTION = _("You may not do this for this petition now.")
ANSWERED = _("The answer is published; the author, co-sponsors and signers are told.")
EXTENDED = _("The answer is now due by %(date)s.")
COUNT_CHANGED = _(
    "The number of matching signatures changed since the preview; nothing was invalidated. "
    "Check the new number and confirm again."
)
RULES_SAVED = _("The petition rules of the level “%(level)s” are saved. They apply to petitions drafted from now on.")


def _mark_overdue(petition, now) -> None:
    due = petition.answer_due_at if petition_answer_overdue(petition, now) else None
    petition.overdue_days = overdue_days(due, now)


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
    return ngettext("%(count)d signature was invalidated.", "%(count)d signatures were invalidated.", count) % {
        "count": count
    }


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


@staff_screen("participation.use_staff_tools", NOT_ALLOWED_SCREENS, title=TITLE, icon=ICON)
def petition_view(request, petition_id: int):
    """One petition as staff see it, with the forms the person may use and its history."""
    user = request.user
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
                    return redirect("petitions_admin:petition", petition.pk)
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
