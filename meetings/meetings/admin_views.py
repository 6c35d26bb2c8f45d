"""The meeting staff screens in the Wagtail admin: the meetings of the person's territories
(and below), a new one, its edit form (a change of time or place tells the registrants), and
one meeting's screen of actions (agenda, announce, approve or decline a proposal, cancel).

Each button calls one service; a refusal shows its message beside the form with what was typed
kept, and nothing is written. Staff reach only meetings of territories where they are responder
or manager (anything else is "not found").
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.consultations.selectors import paragraph_numbers, version_latest
from meetings.meetings.admin_forms import AgendaForm, MeetingForm, ReasonForm
from meetings.meetings.models import Meeting, MeetingStatus
from meetings.meetings.selectors.meetings import meeting_agenda, meetings_for_staff
from meetings.meetings.services import meetings as services
from meetings.meetings.services.agenda import agenda_set
from participation.admin_helpers import admin_context, forbidden
from participation.exceptions import ServiceError
from participation.web.pagination import BoundedPaginator

TITLE = _("Meetings")
ICON = "group"
NOT_ALLOWED = _("Only responders and managers of a khokimiyat run meetings.")
CREATED = _("The meeting “%(title)s” is created as a draft. Write its agenda, then announce it.")
SAVED = _("The meeting is saved.")
DONE = {
    "agenda": _("The agenda is saved."),
    "announce": _("The meeting is announced: it is on the public meetings page."),
    "approve": _("The proposal is approved and the meeting announced."),
    "decline": _("The proposal is declined; the organisation is told why."),
    "cancel": _("The meeting is cancelled; its registrants are told."),
}


def _allowed(request):
    return request.user.has_perm("meetings.use_meeting_screens") or request.user.is_superuser


def _meeting_or_404(request, pk) -> Meeting:
    meeting = Meeting.objects.select_related("territory", "organisation", "consultation").filter(pk=pk).first()
    if meeting is None or not request.user.has_perm("meetings.run_meeting", meeting):
        raise Http404
    return meeting


def meeting_index_view(request):
    if not _allowed(request):
        return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
    rows = meetings_for_staff(request.user)
    status = request.GET.get("status", "")
    if status in MeetingStatus.values:
        rows = rows.filter(status=status)
    paginator = BoundedPaginator(rows, 50, max_pages=100)
    page_obj = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "meetings/meetings/admin/index.html",
        {
            "page_obj": page_obj,
            "meetings": page_obj.object_list,
            "statuses": MeetingStatus.choices,
            "status": status,
            **admin_context(TITLE, icon=ICON),
        },
    )


def meeting_create_view(request):
    if not _allowed(request):
        return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(staff=request.user, **form.values())
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, CREATED % {"title": meeting.title})
            return redirect("meetings_admin:meeting", meeting.pk)
    return TemplateResponse(
        request,
        "meetings/meetings/admin/form.html",
        {"form": form, **admin_context(_("New meeting"), icon=ICON, subtitle=TITLE)},
    )


def meeting_edit_view(request, pk: int):
    if not _allowed(request):
        return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
    meeting = _meeting_or_404(request, pk)
    form = MeetingForm(
        request.POST or None, user=request.user, editing=meeting, initial=MeetingForm.initial_for(meeting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_edit(meeting=meeting, staff=request.user, **form.values())
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, SAVED)
            return redirect("meetings_admin:meeting", meeting.pk)
    return TemplateResponse(
        request,
        "meetings/meetings/admin/form.html",
        {"form": form, "editing": meeting, **admin_context(meeting.title, icon=ICON, subtitle=TITLE)},
    )


def _run(request, action, meeting, forms) -> None:
    staff = request.user
    if action == "announce":
        services.meeting_announce(meeting=meeting, staff=staff)
        return
    if action == "approve":
        services.meeting_approve(meeting=meeting, staff=staff)
        return
    form = forms[action]
    if not form.is_valid():
        raise ServiceError(form.errors.get("agenda", [None])[0] or _("Correct the errors below."))
    if action == "agenda":
        agenda_set(meeting=meeting, staff=staff, entries=form.cleaned_data["agenda"])
    elif action == "decline":
        services.meeting_decline(meeting=meeting, staff=staff, reason=form.cleaned_data["reason"])
    elif action == "cancel":
        services.meeting_cancel(meeting=meeting, staff=staff, reason=form.cleaned_data["reason"])


def meeting_view(request, pk: int):
    if not _allowed(request):
        return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
    meeting = _meeting_or_404(request, pk)
    version = version_latest(meeting.consultation) if meeting.consultation_id else None
    numbers = paragraph_numbers(version)
    agenda = meeting_agenda(meeting)
    action = request.POST.get("action", "") if request.method == "POST" else ""

    def bound(name):
        return request.POST if action == name else None

    forms = {
        "agenda": AgendaForm(
            bound("agenda"),
            meeting=meeting,
            paragraphs={number: anchor for anchor, number in numbers.items()},
            initial={"agenda": AgendaForm.text_of(agenda, numbers, timezone.localdate(meeting.starts_at))},
        ),
        "decline": ReasonForm(bound("decline"), prefix="decline"),
        "cancel": ReasonForm(bound("cancel"), prefix="cancel"),
    }
    error = None
    if request.method == "POST":
        if action not in {*forms, "announce", "approve"}:
            return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
        try:
            _run(request, action, meeting, forms)
        except ServiceError as refused:
            error = refused.message
        else:
            messages.success(request, DONE[action])
            return redirect("meetings_admin:meeting", meeting.pk)
    return TemplateResponse(
        request,
        "meetings/meetings/admin/meeting.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "forms": forms,
            "action": action,
            "error": error,
            "public_url": reverse("meetings:detail", args=[meeting.pk]),
            **admin_context(meeting.title, icon=ICON, subtitle=TITLE),
        },
    )
