"""The staff screens of minutes and action items in the Wagtail admin: one meeting's
follow-up (write and change the draft minutes, circulate them, read the attendees' comments,
approve them after the comment period, add a dated correction; add decisions and action
items), one action item (a progress note with evidence that may move it, an extension), and
"Action items", the queue of what the staff member owns or their territory's departments
own, overdue first.

Each button calls one service; a refusal shows its message beside the form with what was typed
kept, and nothing is written. Staff reach only meetings of territories where they run meetings
(anything else is "not found").
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.consultations.selectors import documents_choosable_by
from meetings.meetings.followup_transitions import ACTION_AWAITED
from meetings.meetings.forms_followup import (
    ActionForm,
    CirculateForm,
    CorrectionForm,
    ExtendForm,
    MinutesForm,
    ProgressForm,
    staff_targets,
)
from meetings.meetings.models import AgendaItem, Meeting, MinutesStatus
from meetings.meetings.selectors.actions import (
    action_extension_open,
    action_get,
    action_progress_of,
    actions_of_meeting,
    actions_queue,
    images_choosable_by,
    staff_of_territory,
)
from meetings.meetings.selectors.minutes import minutes_comments, minutes_of
from meetings.meetings.services import actions as action_services
from meetings.meetings.services import minutes as minutes_services
from participation.admin_helpers import admin_context, forbidden, overdue_days
from participation.exceptions import ServiceError
from participation.models import Territory
from participation.organisations.selectors import active_organisations
from participation.web.pagination import BoundedPaginator

TITLE = _("Minutes and follow-up")
QUEUE_TITLE = _("Action items")
ICON = "tasks"
NOT_ALLOWED = _("Only responders and managers of a khokimiyat keep minutes and follow up meetings.")
DONE = {
    "write": _("The draft minutes are saved."),
    "circulate": _("The draft minutes are circulated; registered attendees are told by e-mail."),
    "approve": _("The minutes are approved and published on the meeting page."),
    "correct": _("The correction is published beside the minutes."),
    "action": _("The item is recorded."),
    "progress": _("The progress note is recorded."),
    "extend": _("The due date is extended; the reason is on the public page."),
}


def _allowed(request) -> bool:
    return request.user.has_perm("meetings.use_meeting_screens") or request.user.is_superuser


def _meeting_or_404(request, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("territory").filter(pk=pk).first()
    if meeting is None or not request.user.has_perm("meetings.write_minutes", meeting):
        raise Http404
    return meeting


def _organisations(meeting):
    # The organisations of the meeting's region: an item may fall to a CSO of a neighbouring district.
    region = meeting.territory.path[: Territory.steplen * 2]
    return active_organisations().filter(territory__path__startswith=region).order_by("name_uz")


def _run_meeting_action(request, action, meeting, minutes, forms) -> None:
    staff = request.user
    if action in ("circulate", "approve") and minutes is None:
        raise ServiceError(gettext("Write the minutes first."))
    if action == "approve":
        minutes_services.minutes_approve(minutes=minutes, staff=staff)
        return
    form = forms[action]
    if not form.is_valid():
        raise ServiceError(gettext("Correct the errors below."))
    data = form.cleaned_data
    if action == "write":
        minutes_services.minutes_write(
            meeting=meeting, staff=staff, text=data["text"], comment_days=data["comment_days"]
        )
    elif action == "circulate":
        minutes_services.minutes_circulate(minutes=minutes, staff=staff, comment_days=data["comment_days"])
    elif action == "correct":
        minutes_services.minutes_correct(minutes=minutes, staff=staff, text=data["text"])
    elif action == "action":
        action_services.action_add(meeting=meeting, staff=staff, **form.values())


def followup_meeting_view(request, pk: int):
    if not _allowed(request):
        return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
    meeting = _meeting_or_404(request, pk)
    minutes = minutes_of(meeting)
    action = request.POST.get("action", "") if request.method == "POST" else ""

    def bound(*names):
        return request.POST if action in names else None

    initial = {"text": minutes.text, "comment_days": minutes.comment_days} if minutes else None
    forms = {
        "write": MinutesForm(bound("write"), initial=initial),
        "circulate": CirculateForm(bound("circulate"), initial=initial),
        "correct": CorrectionForm(bound("correct")),
        "action": ActionForm(
            bound("action"),
            agenda_items=AgendaItem.objects.filter(meeting=meeting),
            staff=staff_of_territory(meeting.territory),
            organisations=_organisations(meeting),
        ),
    }
    error = None
    if request.method == "POST":
        if action not in {*forms, "approve"}:
            return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
        try:
            _run_meeting_action(request, action, meeting, minutes, forms)
        except ServiceError as refused:
            error = refused.message
        else:
            messages.success(request, DONE[action])
            return redirect("meetings_followup_admin:meeting", meeting.pk)
    now = timezone.now()
    items = list(actions_of_meeting(meeting))
    for item in items:
        item.overdue_days = overdue_days(item.due_at, now) if item.status in ACTION_AWAITED else None
    return TemplateResponse(
        request,
        "meetings/meetings/admin/followup_meeting.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "comments": list(minutes_comments(minutes)) if minutes else [],
            "editable": minutes is None or minutes.status != MinutesStatus.APPROVED,
            "items": items,
            "forms": forms,
            "action": action,
            "error": error,
            **admin_context(meeting.title, icon=ICON, subtitle=TITLE),
        },
    )


def action_view(request, pk: int):
    if not _allowed(request):
        return forbidden(request, NOT_ALLOWED, title=QUEUE_TITLE, icon=ICON)
    item = action_get(pk)
    if item is None or not request.user.has_perm("meetings.move_action", item):
        raise Http404
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        "progress": ProgressForm(
            request.POST if action == "progress" else None,
            targets=staff_targets(item),
            documents=documents_choosable_by(request.user),
            images=images_choosable_by(request.user),
        ),
        "extend": ExtendForm(request.POST if action == "extend" else None),
    }
    error = None
    if request.method == "POST":
        form = forms.get(action)
        if form is None:
            return forbidden(request, NOT_ALLOWED, title=QUEUE_TITLE, icon=ICON)
        try:
            if not form.is_valid():
                raise ServiceError(gettext("Correct the errors below."))
            data = form.cleaned_data
            if action == "progress":
                action_services.action_progress_add(
                    item=item,
                    user=request.user,
                    note=data["note"],
                    target=data["target"],
                    evidence_document=data.get("evidence_document"),
                    evidence_photo=data.get("evidence_photo"),
                )
            else:
                action_services.action_extend(item=item, staff=request.user, days=data["days"], reason=data["reason"])
        except ServiceError as refused:
            error = refused.message
        else:
            messages.success(request, DONE[action])
            return redirect("meetings_followup_admin:action", item.pk)
    now = timezone.now()
    return TemplateResponse(
        request,
        "meetings/meetings/admin/followup_action.html",
        {
            "item": item,
            "meeting": item.meeting,
            "progress": list(action_progress_of(item)),
            "awaited": item.status in ACTION_AWAITED,
            "overdue_days": overdue_days(item.due_at, now) if item.status in ACTION_AWAITED else None,
            "extension_open": action_extension_open(item, now),
            "forms": forms,
            "action": action,
            "error": error,
            **admin_context(item.get_kind_display(), icon=ICON, subtitle=item.meeting.title),
        },
    )


def action_queue_view(request):
    if not _allowed(request):
        return forbidden(request, NOT_ALLOWED, title=QUEUE_TITLE, icon=ICON)
    now = timezone.now()
    paginator = BoundedPaginator(actions_queue(request.user, now), 50, max_pages=100)
    page_obj = paginator.get_page(request.GET.get("page"))
    for item in page_obj.object_list:
        item.overdue_days = overdue_days(item.due_at, now) if item.status in ACTION_AWAITED else None
    return TemplateResponse(
        request,
        "meetings/meetings/admin/followup_queue.html",
        {"page_obj": page_obj, "items": page_obj.object_list, **admin_context(QUEUE_TITLE, icon=ICON)},
    )
