"""Check-in on a staff phone at the door: a code typed, a QR image scanned by the phone's camera
(it opens this page with the code, to confirm), or a name searched; walk-ins as a number; a
paper sign-in sheet as counts. Plain forms with big buttons, no JavaScript; only for who runs the
meeting (``meetings.run_meeting``)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from meetings.meetings.forms_registration import CheckInForm, PaperSheetForm, WalkInForm
from meetings.meetings.selectors.attendance import meeting_attendance
from meetings.meetings.selectors.registrations import checkin_search, meeting_public
from meetings.meetings.services.attendance import (
    AGE_BAND_LABELS,
    check_in,
    paper_sheet_add,
    registration_for_check_in,
    walk_ins_add,
)
from participation.exceptions import ServiceError
from participation.models import Gender

WALK_INS_ADDED = _("Walk-ins counted. %(total)d people came without registering so far.")
PAPER_ADDED = _("The sheet is counted: %(total)d people added.")
NOT_RECORDED = _("Not recorded")


def _checked_in_message(registration) -> str:
    who = registration.organisation.name if registration.organisation_id else registration.user.full_name
    return ngettext(
        "Checked in: %(who)s (%(people)d person).",
        "Checked in: %(who)s (%(people)d people).",
        registration.checked_in_people,
    ) % {"who": who, "people": registration.checked_in_people}


def _staff_meeting(request, pk: int):
    """The meeting if this person runs it; a redirect to sign in, or 403, otherwise."""
    meeting = meeting_public(pk)
    if meeting is None:
        raise Http404
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    if not request.user.has_perm("meetings.run_meeting", meeting):
        raise PermissionDenied
    return meeting, None


def _split_rows(attendance) -> tuple[list, list]:
    """The gender and age-band totals as (label, count), "not recorded" last; none if nobody
    was split at all."""
    genders = [(label, attendance.by_gender.get(value, 0)) for value, label in Gender.choices]
    bands = [(label, attendance.by_age_band.get(label, 0)) for label in AGE_BAND_LABELS]
    if not any(count for _label, count in genders + bands):
        return [], []
    genders.append((NOT_RECORDED, attendance.by_gender.get("", 0)))
    bands.append((NOT_RECORDED, attendance.by_age_band.get("", 0)))
    return genders, bands


def _screen(request, meeting, *, code_form=None, walk_in_form=None, confirm=None, refusal=None, status=200):
    query = (request.GET.get("q") or "").strip()[:100]
    attendance = meeting_attendance(meeting)
    gender_rows, band_rows = _split_rows(attendance)
    return TemplateResponse(
        request,
        "meetings/meetings/checkin.html",
        {
            "meeting": meeting,
            "code_form": code_form or CheckInForm(),
            "walk_in_form": walk_in_form or WalkInForm(),
            "query": query,
            "found": checkin_search(meeting, query) if query else None,
            "confirm": confirm,
            "refusal": refusal,
            "attendance": attendance,
            "gender_rows": gender_rows,
            "band_rows": band_rows,
        },
        status=status,
    )


@never_cache
def meeting_check_in(request, pk: int):
    meeting, response = _staff_meeting(request, pk)
    if response:
        return response
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                registration = check_in(
                    meeting=meeting,
                    staff=request.user,
                    code=form.cleaned_data["code"],
                    people=form.cleaned_data.get("people"),
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _checked_in_message(registration))
                return redirect(reverse("meetings:check_in", args=[meeting.pk]))
        return _screen(request, meeting, code_form=form, status=400)
    code = request.GET.get("code", "")
    if code:
        # From a scanned QR image (or a name found): confirm before anything is written.
        try:
            confirm, refusal = registration_for_check_in(meeting, code), None
        except ServiceError as error:
            confirm, refusal = None, error.message
        form = CheckInForm(initial={"code": code, "people": confirm.people if confirm else None})
        return _screen(request, meeting, code_form=form, confirm=confirm, refusal=refusal)
    return _screen(request, meeting)


@never_cache
def meeting_walk_ins(request, pk: int):
    meeting, response = _staff_meeting(request, pk)
    if response:
        return response
    if request.method != "POST":
        return redirect(reverse("meetings:check_in", args=[meeting.pk]))
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            total = walk_ins_add(meeting=meeting, staff=request.user, count=form.cleaned_data["count"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, WALK_INS_ADDED % {"total": total})
            return redirect(reverse("meetings:check_in", args=[meeting.pk]))
    return _screen(request, meeting, walk_in_form=form, status=400)


@never_cache
def meeting_paper_sheet(request, pk: int):
    meeting, response = _staff_meeting(request, pk)
    if response:
        return response
    form = PaperSheetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            total = paper_sheet_add(meeting=meeting, staff=request.user, cells=form.cells(), now=timezone.now())
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, PAPER_ADDED % {"total": total})
            return redirect(reverse("meetings:check_in", args=[meeting.pk]))
    return TemplateResponse(
        request,
        "meetings/meetings/checkin_paper.html",
        {"meeting": meeting, "form": form},
        status=400 if request.method == "POST" else 200,
    )
