"""The minutes page: the circulated draft for registered attendees (and the meeting's staff)
with the comment form during the comment period; approved minutes with their corrections for
everyone. A refused comment shows the service's message with the text kept."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from meetings.meetings.forms_followup import MinutesCommentForm
from meetings.meetings.models import MinutesStatus
from meetings.meetings.selectors.minutes import minutes_comments, minutes_get
from meetings.meetings.services.minutes import minutes_comment
from participation.exceptions import ServiceError

COMMENT_SENT = _("Thank you. Your comment is with the staff who keep the minutes.")


def _minutes_or_404(pk: int):
    minutes = minutes_get(pk)
    if minutes is None or minutes.meeting.status == "draft" or minutes.status == MinutesStatus.DRAFT:
        raise Http404
    return minutes


def _page(request, minutes, form=None, status=200):
    staff = request.user.has_perm("meetings.write_minutes", minutes.meeting)
    may_comment = request.user.has_perm("meetings.comment_minutes", minutes)
    context = {
        "meeting": minutes.meeting,
        "minutes": minutes,
        "approved": minutes.status == MinutesStatus.APPROVED,
        "corrections": list(minutes.corrections.order_by("created_at", "pk")),
        "may_comment": may_comment,
        "form": form or (MinutesCommentForm() if may_comment else None),
        # Staff see every comment; an attendee sees their own (comments are for the staff).
        "comments": [
            comment
            for comment in minutes_comments(minutes)
            if staff or comment.author_id == getattr(request.user, "pk", None)
        ]
        if minutes.status != MinutesStatus.APPROVED or staff
        else [],
    }
    return TemplateResponse(request, "meetings/meetings/minutes.html", context, status=status)


def minutes_page(request, pk: int):
    minutes = _minutes_or_404(pk)
    if minutes.status != MinutesStatus.APPROVED:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("meetings.read_draft_minutes", minutes):
            raise Http404
    return _page(request, minutes)


@require_POST
def minutes_comment_view(request, pk: int):
    minutes = _minutes_or_404(pk)
    url = reverse("meetings:minutes", args=[pk])
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    form = MinutesCommentForm(request.POST)
    if form.is_valid():
        try:
            minutes_comment(minutes=minutes, user=request.user, text=form.cleaned_data["text"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, COMMENT_SENT)
            return redirect(url)
    if not request.user.has_perm("meetings.read_draft_minutes", minutes) and minutes.status != MinutesStatus.APPROVED:
        # Not an attendee: say so, without showing the draft.
        return TemplateResponse(
            request, "meetings/meetings/minutes_refused.html", {"meeting": minutes.meeting, "form": form}, status=403
        )
    return _page(request, minutes, form=form, status=400)
