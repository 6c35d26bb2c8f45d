"""Public pages of participatory budgeting: the cycles, one cycle with its phases and
projects, submitting and editing a project, one project with its implementation, the ballot,
the receipt, and the published results with their open data.

Views read through ``proposals.budgeting.selectors.cycles*`` and write through the PB services; every form
is a plain GET or POST form that works without JavaScript, and a refused action shows the
service's own message with what was typed kept. After a successful POST the browser is
redirected, so reloading never sends it twice.
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _

from participation.comments.views import comment_post_view, comments_context
from participation.exceptions import ServiceError
from participation.follows.selectors import is_following
from participation.moderation.services import moderation_flag
from participation.opendata.responses import CSV, accepts_gzip, download_response, gzipped_download_response
from participation.ratelimit import client_ip
from participation.web.forms import FlagForm
from participation.web.views import run_and_return, signed_in_post
from proposals.budgeting.forms import (
    ProjectFilterForm,
    ProjectForm,
    ReceiptCheckForm,
    SignOffForm,
    normalise_receipt_code,
)
from proposals.budgeting.models import (
    PUBLIC_PROJECT_STATUSES,
    BallotType,
    Cycle,
    ImplementationStatus,
    PhaseKind,
    Project,
    ProjectStatus,
    SignOffRole,
)
from proposals.budgeting.selectors.cycles import cycle_phase, cycle_phases, cycle_reached, phase_allows
from proposals.budgeting.selectors.integrity import annulments_of
from proposals.budgeting.selectors.projects import (
    cycle_get,
    cycles_public,
    project_get,
    project_visible_to,
    projects_on_ballot,
    projects_public,
)
from proposals.budgeting.services import projects as project_services
from proposals.budgeting.services import results as results_services
from proposals.budgeting.services import voting as voting_services
from proposals.templatetags.budgeting_tags import mahalla_chart_context

P = ProjectStatus
PER_PAGE = 20

SUBMITTED = _("Your project is sent. A moderator checks it first; then staff estimate whether it can be done.")
UPDATED = _("Your project is updated.")
PROJECT_WITHDRAWN = _("The project is withdrawn.")
FOLLOWING = _("You will get an e-mail when there is news about this project.")
UNFOLLOWED = _("You no longer follow this project.")
SIGNED_OFF = _("Thank you: your confirmation of completion is recorded.")
FLAGGED = _("Thank you. The moderators will look at it.")
RECEIPT_UNKNOWN = _("No ballot has this code. Check the letters and digits and try again.")

# The device cookie lets staff see many ballots cast from one phone (a flag, never a refusal).
# It is random, says nothing about the person, and is not tied to the account.
DEVICE_COOKIE = "pbdev"
DEVICE_COOKIE_AGE = 2 * 365 * 24 * 3600
# Statuses in which the author may still withdraw; the service decides, this only decides
# whether the button is worth showing.
WITHDRAWABLE = (P.MODERATION, P.REVIEW, P.FEASIBLE, P.NOT_FEASIBLE)


# --- helpers --------------------------------------------------------------------------------


def _cycle_or_404(cycle_id: int) -> Cycle:
    cycle = cycle_get(cycle_id)
    if cycle is None:
        raise Http404
    return cycle


def _visible_project(request, pk: int) -> Project:
    """The project if this person may see it; "not found" otherwise, as if it did not exist."""
    project = project_get(pk)
    if project is None or not project_visible_to(project, request.user):
        raise Http404
    return project


def _project_url(project: Project) -> str:
    return reverse("budgeting:project", args=[project.pk])


def _cycle_url(cycle: Cycle) -> str:
    return reverse("budgeting:cycle", args=[cycle.pk])


def _result_of(cycle: Cycle):
    """The published count, or None before publication (the row exists only from then)."""
    if cycle.results_published_at is None:
        return None
    try:
        return cycle.result
    except Cycle.result.RelatedObjectDoesNotExist:
        return None


def _limits(cycle: Cycle) -> dict:
    """What the ballot allows, for the page's words and for the live total script."""
    return {
        "limit_count": cycle.max_choices if cycle.ballot_type == BallotType.APPROVAL else None,
        "limit_cost": cycle.budget if cycle.ballot_type == BallotType.KNAPSACK else None,
        "points_total": cycle.points_total if cycle.ballot_type == BallotType.CUMULATIVE else None,
    }


# --- cycles ---------------------------------------------------------------------------------


def pb_cycles(request):
    """Every cycle: territory, the phase it is in, budget and the number of published projects."""
    page_obj = Paginator(cycles_public(), PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"cycle": cycle, "phase": cycle_phase(cycle)} for cycle in page_obj]
    return TemplateResponse(request, "proposals/budgeting/cycles.html", {"page_obj": page_obj, "rows": rows})


def pb_cycle(request, cycle_id: int):
    """One cycle: its money, how voting works and how winners are chosen (shown before voting),
    the dated phases with the current one named, public notes of extensions, and its
    published projects with a filter."""
    cycle = _cycle_or_404(cycle_id)
    user = request.user
    filter_form = ProjectFilterForm(request.GET or None, cycle=cycle)
    projects = projects_public(cycle, **filter_form.values())
    page_obj = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    current = cycle_phase(cycle)
    phases = [
        {
            "phase": phase,
            "current": current is not None and phase.pk == current.pk,
            "extensions": list(phase.extensions.all()),
        }
        for phase in cycle_phases(cycle)
    ]
    can_submit = phase_allows(cycle, "submit")
    submit_refusal = None
    if can_submit and user.is_authenticated:
        submit_refusal = project_services.submit_refusal(cycle, user)
    context = {
        "cycle": cycle,
        "secrecy_k": settings.PB_SECRECY_K,
        "phases": phases,
        "phase_now": current,
        "filter_form": filter_form,
        "page_obj": page_obj,
        "filtered": any(filter_form.values().values()),
        "can_submit": can_submit,
        "submit_refusal": submit_refusal,
        "can_vote": phase_allows(cycle, "vote"),
        "result": _result_of(cycle),
        **_limits(cycle),
    }
    return TemplateResponse(request, "proposals/budgeting/cycle.html", context)


# --- submitting and editing -----------------------------------------------------------------


def _project_form(
    request, *, cycle: Cycle, form: ProjectForm, save, success_message, refusal=None, project: Project | None = None
):
    """Show the project form; on a valid POST ``save(cleaned_data)`` and go to the project.
    A refusal brings the form back with everything typed and the service's message.

    ``refusal`` is why the person may not use the form now; on GET it replaces the form, on
    POST (the phase may have closed while they typed) the service refuses again and what
    they wrote stays on the page."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success_message)
            return redirect(_project_url(saved))
    context = {"cycle": cycle, "form": form, "refusal": refusal, "project": project}
    return TemplateResponse(request, "proposals/budgeting/project_form.html", context)


def pb_submit(request, cycle_id: int):
    """A resident proposes a project; the form says up front why it is closed to them."""
    cycle = _cycle_or_404(cycle_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = project_services.submit_refusal(cycle, request.user)
    if request.method == "POST":
        form = ProjectForm(request.POST, request.FILES, cycle=cycle)
    else:
        form = ProjectForm(cycle=cycle)

    def save(data):
        return project_services.project_submit(
            cycle=cycle,
            author=request.user,
            title=data["title"],
            description=data["description"],
            category=data["category"],
            mahalla=data["mahalla"],
            estimated_cost=data["estimated_cost"],
            photos=data["photos"],
            ip=client_ip(request),
        )

    return _project_form(request, cycle=cycle, form=form, save=save, success_message=SUBMITTED, refusal=refusal)


def pb_project_edit(request, pk: int):
    """The author corrects the project while the phase allows editing and before review ends."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    project = _visible_project(request, pk)
    if project.author_id != request.user.pk:
        raise PermissionDenied
    refusal = None if request.user.has_perm("proposals.edit_project", project) else project_services.EDIT_NOT_ALLOWED
    if request.method == "POST":
        form = ProjectForm(request.POST, request.FILES, cycle=project.cycle)
    else:
        form = ProjectForm(initial=ProjectForm.initial_for(project), cycle=project.cycle)

    def save(data):
        return project_services.project_edit(
            project,
            author=request.user,
            title=data["title"],
            description=data["description"],
            category=data["category"],
            mahalla=data["mahalla"],
            estimated_cost=data["estimated_cost"],
            photos=data["photos"],
        )

    return _project_form(
        request, cycle=project.cycle, form=form, save=save, success_message=UPDATED, refusal=refusal, project=project
    )


# --- one project ----------------------------------------------------------------------------


def _sign_off_forms(user, project: Project) -> list[dict]:
    """The completion confirmations this person may still give (initiator, mahalla chair)."""
    if not user.is_authenticated or project.implementation_status != ImplementationStatus.DONE:
        return []
    done = {sign_off.role for sign_off in project.sign_offs.all()}
    permissions = {
        SignOffRole.INITIATOR: "proposals.sign_off_as_initiator",
        SignOffRole.MAHALLA_CHAIR: "proposals.sign_off_as_chair",
    }
    return [
        # Both forms can be on one page (an initiator who chairs the mahalla): ids must differ.
        {
            "role": role,
            "label": role.label,
            "form": SignOffForm(initial={"role": role.value}, auto_id=f"id_{role.value}_%s"),
        }
        for role, permission in permissions.items()
        if role.value not in done and user.has_perm(permission, project)
    ]


def _render_project(request, project: Project, *, flag_form=None, comment_form=None):
    user = request.user
    is_author = user.is_authenticated and project.author_id == user.pk
    public = project.status in PUBLIC_PROJECT_STATUSES
    context = {
        "project": project,
        "cycle": project.cycle,
        "is_author": is_author,
        "public": public,
        "photos": list(project.photos.all()),
        "updates": list(project.updates.all()),
        "sign_offs": sorted(project.sign_offs.all(), key=lambda sign_off: sign_off.created_at),
        "sign_off_forms": _sign_off_forms(user, project),
        "can_edit": is_author and user.has_perm("proposals.edit_project", project),
        "can_withdraw": is_author
        and project.status in WITHDRAWABLE
        and not cycle_reached(project.cycle, PhaseKind.VOTING),
        "won": project.status == P.SELECTED,
        **comments_context(
            request, project, action=reverse("budgeting:project_comment", args=[project.pk]), comment_form=comment_form
        ),
    }
    if user.is_authenticated and public:
        context["following"] = is_following(project, user)
        if not is_author:
            context["flag_form"] = flag_form or FlagForm()
    return TemplateResponse(request, "proposals/budgeting/project.html", context)


def pb_project(request, pk: int):
    """One project: status, costs, the feasibility verdict, photos, and for a winner its
    implementation (status, progress, dated updates, completion sign-offs). Projects not
    published are shown only to their author and the territory's staff."""
    return _render_project(request, _visible_project(request, pk))


# Every small action on a project: POST only, the project must be visible, anonymous
# visitors sign in first; afterwards back to the project with the service's message.
_signed_in_post = signed_in_post(
    lambda request, pk: _visible_project(request, pk), lambda project: _project_url(project)
)


def _done(request, project: Project, action, success_message) -> HttpResponse:
    return run_and_return(request, _project_url(project), action, success_message)


@_signed_in_post
def pb_project_follow(request, project: Project):
    """Follow (``follow=1``) or stop following the project's implementation news."""
    follow = request.POST.get("follow") == "1"
    return _done(
        request,
        project,
        lambda: project_services.project_follow(project, user=request.user, follow=follow),
        FOLLOWING if follow else UNFOLLOWED,
    )


@_signed_in_post
def pb_project_comment(request, project: Project):
    """A comment goes to the moderators; on a refusal the page shows it with the text kept."""
    return comment_post_view(
        request,
        project,
        page_url=_project_url(project),
        render_page=lambda form: _render_project(request, project, comment_form=form),
    )


@_signed_in_post
def pb_project_withdraw(request, project: Project):
    return _done(
        request, project, lambda: project_services.project_withdraw(project, author=request.user), PROJECT_WITHDRAWN
    )


@_signed_in_post
def pb_project_sign_off(request, project: Project):
    """The initiator or the mahalla chair confirms that the work is done."""
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, project_services.SIGN_OFF_NOT_ALLOWED)
        return redirect(_project_url(project))
    data = form.cleaned_data
    return _done(
        request,
        project,
        lambda: project_services.project_sign_off(project, user=request.user, role=data["role"], note=data["note"]),
        SIGNED_OFF,
    )


@_signed_in_post
def pb_project_flag(request, project: Project):
    """Report a published project to its moderators with a reason."""
    form = FlagForm(request.POST)
    if not form.is_valid():
        return _render_project(request, project, flag_form=form)
    data = form.cleaned_data
    return _done(
        request,
        project,
        lambda: moderation_flag(
            user=request.user, obj=project, reason=data["reason"], text=data["text"], ip=client_ip(request)
        ),
        FLAGGED,
    )


# --- the ballot -----------------------------------------------------------------------------


def _choices_from(request, cycle: Cycle) -> tuple[dict[int, int], list]:
    """The ballot as posted: ``{project pk: points}`` (1 for approval and knapsack), and what
    could not be read. Cumulative ballots post ``points-<pk>``; the others tick ``project``."""
    choices, errors = {}, []
    if cycle.ballot_type == BallotType.CUMULATIVE:
        for key, value in request.POST.items():
            if not key.startswith("points-"):
                continue
            value = value.strip()
            if not value:
                continue
            try:
                pk, points = int(key.removeprefix("points-")), int(value)
            except ValueError:
                errors.append(voting_services.POINTS_WHOLE)
                continue
            if points < 0:
                errors.append(voting_services.POINTS_WHOLE)
            elif points:
                choices[pk] = points
    else:
        for value in request.POST.getlist("project"):
            try:
                choices[int(value)] = 1
            except ValueError:
                continue
    return choices, list(dict.fromkeys(errors))


def _device(request) -> tuple[str, bool]:
    """The voter's device cookie and whether it must be (re)set on the response."""
    device = request.COOKIES.get(DEVICE_COOKIE, "")
    if 16 <= len(device) <= 64 and device.replace("-", "").replace("_", "").isalnum():
        return device, False
    return secrets.token_urlsafe(24), True


def _with_device(request, response: HttpResponse, device: str, fresh: bool) -> HttpResponse:
    # Only for people who can vote: a visitor just reading the ballot gets no cookie.
    if fresh and request.user.is_authenticated:
        response.set_cookie(
            DEVICE_COOKIE, device, max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="Lax", secure=request.is_secure()
        )
    return response


def ballot_context(cycle: Cycle, voter, *, choices=None, errors=(), check=None) -> dict:
    """What the ballot page shows ``voter``: the projects with the choices kept, the check of
    the posted ballot with every problem, and whether it may be confirmed. Shared by the
    voter's own page and the ballot a resident fills in alone at an operator's desk."""
    projects = list(projects_on_ballot(cycle))
    chosen = choices or {}
    context = {"cycle": cycle, "projects": projects, "chosen": chosen, "check": check, "errors": [], **_limits(cycle)}
    if check is not None:
        context["errors"] = list(dict.fromkeys([*errors, *check.errors]))
        context["confirm"] = check.ok and not context["errors"]
    context["refusal"] = voting_services.vote_refusal(cycle, voter)
    if context["refusal"] is not None:
        context["confirm"] = False
    context["rows"] = [
        {"project": project, "checked": project.pk in chosen, "points": chosen.get(project.pk, "")}
        for project in projects
    ]
    context["chosen_rows"] = [
        {"project": project, "points": chosen[project.pk]} for project in projects if project.pk in chosen
    ]
    context["vote_url"] = reverse("budgeting:vote", args=[cycle.pk])
    return context


def choices_posted(request, cycle: Cycle) -> tuple[dict[int, int], list]:
    return _choices_from(request, cycle)


def pb_vote(request, cycle_id: int):
    """The ballot. GET shows it; "review" checks it and shows the total against the limit with
    every problem, choices kept, and a confirmation when it is valid; "cast" records it and
    sends the voter to the receipt. Works without JavaScript; the script only keeps a live
    total while boxes are ticked."""
    cycle = _cycle_or_404(cycle_id)
    user = request.user
    device, fresh = _device(request)
    choices, errors, check = {}, [], None
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        choices, errors = _choices_from(request, cycle)
        action = request.POST.get("action")
        if action == "cast" and not errors:
            try:
                participation = voting_services.ballot_cast(cycle, user, choices, ip=client_ip(request), device=device)
            except ServiceError as error:
                if str(error.message) == str(voting_services.ALREADY_VOTED):
                    messages.error(request, error.message)
                    return _with_device(request, redirect(_cycle_url(cycle)), device, fresh)
                errors.append(error.message)
            else:
                receipt = reverse("budgeting:receipt", args=[cycle.pk, participation.receipt_code])
                return _with_device(request, redirect(receipt), device, fresh)
        check = voting_services.ballot_check(cycle, choices)
    context = ballot_context(cycle, user, choices=choices, errors=errors, check=check)
    return _with_device(request, TemplateResponse(request, "proposals/budgeting/vote.html", context), device, fresh)


def pb_receipt(request, cycle_id: int, code: str):
    """What a receipt proves: that someone with this code took part in the cycle on a day. The
    code is the secret; the page never shows who voted or what they chose."""
    found = voting_services.receipt_lookup(normalise_receipt_code(code))
    if found is None or found["cycle"].pk != cycle_id:
        raise Http404
    response = TemplateResponse(
        request,
        "proposals/budgeting/receipt.html",
        {"cycle": found["cycle"], "day": found["day"], "code": normalise_receipt_code(code)},
    )
    # The code is in the address: never send it to another site as a referrer.
    response["Referrer-Policy"] = "no-referrer"
    return response


def pb_receipt_check(request):
    """Anyone can check a receipt code: it says in which cycle and on which day, nothing more."""
    form = ReceiptCheckForm(request.GET or None)
    found, unknown = None, False
    if form.is_bound and form.is_valid():
        found = voting_services.receipt_lookup(form.cleaned_data["code"])
        unknown = found is None
    response = TemplateResponse(
        request,
        "proposals/budgeting/receipt_check.html",
        {"form": form, "found": found, "unknown": unknown, "unknown_message": RECEIPT_UNKNOWN},
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- results --------------------------------------------------------------------------------


def pb_results(request, cycle_id: int):
    """The published count: the rule (explained), winners with cost and votes, money funded,
    what "most votes first" would have funded beside it, funded projects by mahalla (table and
    chart), turnout, annulled ballots with their criteria, and the open data. Before
    publication, a notice."""
    cycle = _cycle_or_404(cycle_id)
    result = _result_of(cycle)
    if result is None:
        return TemplateResponse(request, "proposals/budgeting/results.html", {"cycle": cycle, "result": None})
    rows = results_services.result_rows(cycle)
    by_mahalla = results_services.results_by_mahalla(cycle, rows)
    winners = [row for row in rows if row.funded_by_rule]
    compared = [row for row in rows if row.funded_by_rule or row.funded_by_greedy]
    funded_cost = sum(row.cost for row in winners)
    context = {
        "cycle": cycle,
        "result": result,
        "rows": rows,
        "winners": winners,
        "compared": compared,
        "differs": any(row.funded_by_rule != row.funded_by_greedy for row in compared),
        "funded_cost": funded_cost,
        "left_over": cycle.budget - funded_cost,
        "greedy_cost": sum(row.cost for row in rows if row.funded_by_greedy),
        "by_mahalla": by_mahalla,
        "chart": mahalla_chart_context(cycle, by_mahalla),
        "annulments": annulments_of(cycle),
        "rule_is_greedy": result.rule == "greedy",
        "recompute": results_services.result_recompute(cycle),
        # Counted at publication (None for a cycle imported from a file, or published before
        # the count was stored): never recounted here, whatever the number of residents.
        "eligible": result.eligible,
    }
    return TemplateResponse(request, "proposals/budgeting/results.html", context)


def _published_or_404(cycle_id: int) -> Cycle:
    cycle = _cycle_or_404(cycle_id)
    if _result_of(cycle) is None:
        raise Http404
    return cycle


# Published results never change (annulment is refused from then on): downloads may be kept
# by browsers and proxies for an hour, and revalidated with their ETag after that.
RESULT_FILE_CACHE_CONTROL = "public, max-age=3600"


def _stored_download(request, cycle: Cycle, kind: str, *, content_type: str, filename: str) -> HttpResponse:
    """The download stored at publication, with validators: a repeated download is a 304. A
    browser that accepts gzip gets the copy gzipped at publication, as it is."""
    compressed = accepts_gzip(request)
    stored = results_services.result_download(cycle, kind, compressed=compressed)
    # The gzipped bytes are another representation of the same file: a weak validator, as
    # GZipMiddleware gives the text it compresses.
    etag = f'W/"{stored.etag}"' if compressed else f'"{stored.etag}"'
    last_modified = int(stored.created_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None and compressed:
        response = gzipped_download_response(bytes(stored.content_gzip), content_type=content_type, filename=filename)
    elif response is None:
        response = download_response(stored.content, content_type=content_type, filename=filename)
    patch_vary_headers(response, ("Accept-Encoding",))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = RESULT_FILE_CACHE_CONTROL
    return response


def pb_results_pb(request, cycle_id: int):
    """The cycle's anonymous ballots as a pabulib ``.pb`` file: anyone can recompute the
    winners with pabutools. Written once at publication (``results.result_download``)."""
    cycle = _published_or_404(cycle_id)
    return _stored_download(
        request, cycle, "pb", content_type="text/plain; charset=utf-8", filename=f"cycle-{cycle.pk}.pb"
    )


def pb_results_csv(request, cycle_id: int):
    """One row per project on the ballot: votes, cost, funded by the rule, by greedy (in the
    page's language, written at publication)."""
    cycle = _published_or_404(cycle_id)
    return _stored_download(request, cycle, "csv", content_type=CSV, filename=f"cycle-{cycle.pk}-results.csv")
