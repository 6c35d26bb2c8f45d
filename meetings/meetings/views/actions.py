"""An action item's public page: what it is, who owns it, when it is due, and its dated
progress notes with their evidence. Representatives of the owner organisation (and the
meeting's staff) add a progress note here; a refused note keeps what was typed."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.meetings.followup_transitions import ACTION_AWAITED
from meetings.meetings.forms_followup import PROGRESS_TARGETS_OWNER, ProgressForm
from meetings.meetings.selectors.actions import action_get_public, action_overdue, action_progress_of
from meetings.meetings.services.actions import action_progress_add
from participation.exceptions import ServiceError

PROGRESS_SAVED = _("Your progress note is published on this page.")


def action_page(request, pk: int):
    item = action_get_public(pk)
    if item is None:
        raise Http404
    may_report = item.status in ACTION_AWAITED and request.user.has_perm("meetings.report_action_progress", item)
    form = None
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("meetings:action", args=[pk]))
        form = ProgressForm(request.POST, targets=PROGRESS_TARGETS_OWNER)
        if form.is_valid():
            try:
                action_progress_add(
                    item=item, user=request.user, note=form.cleaned_data["note"], target=form.cleaned_data["target"]
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, PROGRESS_SAVED)
                return redirect("meetings:action", pk)
        status = 400 if may_report else 403
    elif may_report:
        form = ProgressForm(targets=PROGRESS_TARGETS_OWNER)
    return TemplateResponse(
        request,
        "meetings/meetings/actions_detail.html",
        {
            "item": item,
            "meeting": item.meeting,
            "progress": list(action_progress_of(item)),
            "overdue": action_overdue(item, timezone.now()),
            "form": form,
            "may_report": may_report,
            "staff": request.user.has_perm("meetings.move_action", item),
        },
        status=status,
    )
