"""A person's side of registration: the form (also in the meeting page's panel), their own
registration with its code and QR image, cancelling, and "My registrations".

Views parse and call one service or selector; a refusal shows the service's message with what
was chosen kept, and a successful POST redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from meetings.meetings.forms_registration import RegistrationForm
from meetings.meetings.models import RegistrationStatus
from meetings.meetings.qr import check_in_url, qr_svg, qr_svg_inline
from meetings.meetings.selectors.registrations import (
    meeting_public,
    registration_choices,
    registration_of_user,
    registration_panel,
    registrations_of_user,
    registrations_upcoming_of_user,
)
from meetings.meetings.services.registrations import (
    NOT_REPRESENTATIVE,
    registration_cancel,
    registration_create,
    registration_refusal,
)
from participation.exceptions import ServiceError
from participation.ratelimit import client_ip

REGISTERED = _("You are registered. Your code is %(code)s: we also sent it to your e-mail.")
WAITING = _(
    "The meeting is full: you are on the waiting list, number %(position)d in line. We e-mail you if a seat is freed."
)
CANCELLED = _("Your registration is cancelled.")
QR_LABEL = _("QR image of the registration code %(code)s")


def _meeting_or_404(pk: int):
    meeting = meeting_public(pk)
    if meeting is None:
        raise Http404
    return meeting


def _registration_url(meeting, registration=None) -> str:
    url = reverse("meetings:registration", args=[meeting.pk])
    return f"{url}?r={registration.pk}" if registration is not None else url


@never_cache
def meeting_register(request, pk: int):
    """GET: the form on a page of its own (where the panel's form lands with its errors);
    POST: register and go to the registration's page."""
    meeting = _meeting_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    now = timezone.now()
    panel = registration_panel(meeting, request.user, now)
    allow_self, organisations = registration_choices(panel)
    # Every organisation they represent is accepted on POST (a second try is refused by the
    # service in words); only those not registered yet are offered.
    form = RegistrationForm(request.POST or None, organisations=organisations, allow_self=allow_self)
    refusal = registration_refusal(meeting, request.user, now=now)
    if request.method == "POST" and form.is_valid():
        organisation = form.organisation()
        if form.wants_organisation() and organisation is None:
            form.add_error("on_behalf", NOT_REPRESENTATIVE)
        else:
            try:
                registration = registration_create(
                    meeting=meeting,
                    user=request.user,
                    organisation=organisation,
                    people=form.cleaned_data.get("people") or 1,
                    needs_sign_language=form.cleaned_data["needs_sign_language"],
                    needs_step_free=form.cleaned_data["needs_step_free"],
                    needs_elderly_help=form.cleaned_data["needs_elderly_help"],
                    language=translation.get_language(),
                    ip=client_ip(request),
                    now=now,
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                if registration.status == RegistrationStatus.CONFIRMED:
                    messages.success(request, REGISTERED % {"code": registration.code})
                else:
                    position = registration_of_user(meeting, request.user, registration.pk).waiting_position
                    messages.warning(request, WAITING % {"position": position})
                return redirect(_registration_url(meeting, registration))
    return TemplateResponse(
        request,
        "meetings/meetings/registration_form.html",
        {"meeting": meeting, "panel": panel, "form": form, "refusal": refusal},
        status=400 if request.method == "POST" else 200,
    )


def _chosen(request, meeting):
    """The person's registrations for the meeting, and the one the page shows (``?r=``, else
    the first); the QR image is drawn only for a confirmed one."""
    mine = registrations_of_user(meeting, request.user)
    wanted = request.GET.get("r", "")
    chosen = next((row for row in mine if str(row.pk) == wanted), mine[0] if mine else None)
    return mine, chosen


@never_cache
def meeting_registration(request, pk: int):
    meeting = _meeting_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mine, chosen = _chosen(request, meeting)
    qr = None
    if chosen is not None and chosen.status == RegistrationStatus.CONFIRMED:
        qr = qr_svg_inline(check_in_url(meeting.pk, chosen.code), label=gettext(QR_LABEL) % {"code": chosen.code})
    return TemplateResponse(
        request,
        "meetings/meetings/registration.html",
        {"meeting": meeting, "mine": mine, "chosen": chosen, "qr": qr, "now": timezone.now()},
    )


@never_cache
def meeting_registration_qr(request, pk: int):
    """The QR image alone (to save or print), ``image/svg+xml``; only for its registrant."""
    meeting = _meeting_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _mine, chosen = _chosen(request, meeting)
    if chosen is None or chosen.status != RegistrationStatus.CONFIRMED:
        raise Http404
    response = HttpResponse(qr_svg(check_in_url(meeting.pk, chosen.code)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="meeting-{meeting.pk}-{chosen.code}.svg"'
    return response


@require_POST
def meeting_registration_cancel(request, pk: int):
    meeting = _meeting_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("meetings:registration", args=[pk]))
    registration = registration_of_user(meeting, request.user, _int(request.POST.get("registration")))
    if registration is None:
        raise Http404
    try:
        registration_cancel(registration=registration, user=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(_registration_url(meeting, registration))
    messages.success(request, CANCELLED)
    if request.POST.get("next") == "mine":
        return redirect(reverse("meetings:my_registrations"))
    return redirect(_back(meeting))


def _back(meeting) -> str:
    """The meeting's page once the pages part is merged; the registration page until then."""
    try:
        return reverse("meetings:detail", args=[meeting.pk])
    except NoReverseMatch:  # the meeting pages are another part of the work
        return reverse("meetings:registration", args=[meeting.pk])


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
@never_cache
def my_registrations(request):
    now = timezone.now()
    rows = list(registrations_upcoming_of_user(request.user, now))
    return TemplateResponse(request, "meetings/meetings/registrations_mine.html", {"registrations": rows, "now": now})
