"""Public pages of meetings: the list (upcoming first, then past ones with their minutes), one
meeting with its agenda, calendar links and schema.org Event data, and an organisation's
proposal form. Views read through selectors and write through the services; every form works
without JavaScript and a refused proposal shows the service's message with the input kept."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.meetings.calendar import google_calendar_link
from meetings.meetings.forms import MeetingFilterForm, MeetingProposalForm
from meetings.meetings.jsonld import ld_json_script, meeting_event_data
from meetings.meetings.models import MeetingStatus
from meetings.meetings.selectors.meetings import meeting_agenda, meeting_get_for, meeting_subjects, meetings_listed
from meetings.meetings.services.meetings import meeting_propose
from participation.accessibility import ACCESSIBILITY_FEATURES
from participation.exceptions import ServiceError
from participation.organisations.selectors import organisations_user_can_represent
from participation.web.pagination import BoundedPaginator

PER_PAGE = 20
MAX_PAGES = 50
PROPOSED = _("Thank you. The khokimiyat's staff will read your proposal and approve or decline it.")
NO_ORGANISATION = _("Only a representative of a verified organisation may propose a meeting for it.")


def meeting_list(request):
    form = MeetingFilterForm(request.GET or None)
    now = timezone.now()
    rows = meetings_listed(**form.values(), now=now)
    paginator = BoundedPaginator(rows, PER_PAGE, max_pages=MAX_PAGES)
    page_obj = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "meetings/meetings/list.html",
        {"filter_form": form, "page_obj": page_obj, "meetings": page_obj.object_list, "now": now},
    )


def meeting_detail(request, pk: int):
    meeting = meeting_get_for(request.user, pk)
    if meeting is None:
        raise Http404
    now = timezone.now()
    public = meeting.status in (MeetingStatus.ANNOUNCED, MeetingStatus.CANCELLED)
    features = [label for name, label in ACCESSIBILITY_FEATURES if getattr(meeting, name)]
    return TemplateResponse(
        request,
        "meetings/meetings/detail.html",
        {
            "meeting": meeting,
            "agenda": meeting_agenda(meeting),
            "subjects": meeting_subjects(meeting),
            "features": features,
            "past": meeting.ends_at < now,
            "cancelled": meeting.status == MeetingStatus.CANCELLED,
            "public": public,
            "google_link": google_calendar_link(meeting),
            "event_script": ld_json_script(meeting_event_data(meeting)) if public else "",
            "languages_spoken": [name for code, name in settings.LANGUAGES if code in meeting.languages],
        },
    )


def meeting_propose_view(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisations = organisations_user_can_represent(request.user)
    initial = {}
    if request.GET.get("organisation"):
        chosen = organisations.filter(slug=request.GET["organisation"]).first()
        if chosen is not None:
            initial["organisation"] = chosen.pk
            initial["territory"] = chosen.territory_id
    form = MeetingProposalForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_propose(
                user=request.user,
                organisation=form.cleaned_data["organisation"],
                territory=form.cleaned_data["territory"],
                **form.meeting_fields(),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, PROPOSED)
            return redirect(reverse("meetings:list"))
    return TemplateResponse(
        request,
        "meetings/meetings/propose.html",
        {"form": form, "refusal": None if organisations.exists() else NO_ORGANISATION},
    )
