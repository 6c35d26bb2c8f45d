"""The budget's screens of actions inside the Wagtail admin: creating and changing a cycle,
one cycle's overview (phases and their extension, projects by status, publishing the count),
one project (feasibility, implementation), the integrity screen (turnout, anomaly flags,
annulment with a preview). (The list of cycles and the project categories are viewsets:
``admin.py``.)

Each screen reads through ``proposals.selectors`` and each button calls one service. Staff
reach only the cycles of territories where they are manager, moderator or responder (anything
else is "not found"); a form the person may not use is not shown, and a forged POST is refused
with 403.

Ballot secrecy: these screens read who took part (``Participation``: turnout) and what was
chosen (``Ballot``: counts, cohorts, days) only through the integrity selectors, separately;
nothing here joins the two, and no screen names a person beside a ballot.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participation.admin_helpers import admin_context, audit_history, forbidden
from participation.exceptions import ServiceError
from participation.wagtail_admin.viewsets import staff_screen
from proposals.budgeting.admin_forms import (
    AdvancePhaseForm,
    AnnulDayForm,
    AnnulForm,
    CycleForm,
    ExtendPhaseForm,
    FeasibilityForm,
    ProgressForm,
)
from proposals.budgeting.models import PHASE_ORDER, BallotCohort, Cycle, PhaseKind, Project, ProjectStatus
from proposals.budgeting.selectors.cycles import cycle_phase, cycle_phases, cycle_reached
from proposals.budgeting.selectors.integrity import (
    DAY_CRITERION,
    annulments_of,
    cohort_criterion,
    cycle_anomalies,
    cycle_turnout,
)
from proposals.budgeting.selectors.projects import cycle_get, project_get
from proposals.budgeting.selectors.publication import cycle_publication
from proposals.budgeting.selectors.staff import cycle_territories_managed_by
from proposals.budgeting.services import categories as pb_categories
from proposals.budgeting.services import cycles as pb_cycles
from proposals.budgeting.services import projects as pb_projects
from proposals.budgeting.services.publication import publication_request
from proposals.budgeting.services.voting import annulment_preview, ballots_annul

TITLE = _("Participatory budgeting")
ICON = "doc-full-inverse"
CATEGORIES_TITLE = _("Project categories")
CATEGORIES_ICON = "tag"
NOT_ALLOWED_SCREENS = _("Only managers, moderators and responders of a khokimiyat use the budget screens.")
NOT_ALLOWED_CREATE = _("Only managers of a district, a city or a region create budget cycles.")
NOT_ALLOWED_ACTION = _("You may not do this for this cycle now.")
NOT_ALLOWED_PROJECT = _("You may not do this for this project now.")
NOT_ALLOWED_INTEGRITY = _("Only moderators and managers of this territory see the integrity screen.")
NOT_ALLOWED_ANNUL = _(
    "Only moderators and managers of this territory annul ballots, and only before the results are published."
)
NOT_ALLOWED_CATEGORIES = pb_categories.NOT_ALLOWED
CYCLE_CREATED = _("The cycle “%(title)s” is created.")
CYCLE_SAVED = _("The cycle “%(title)s” is saved.")
NEXT_PHASE_STARTED = _("The next phase has started; the note is on the cycle's page.")
PHASE_EXTENDED = _("The phase “%(phase)s” now ends on %(date)s; the later phases moved with it.")
PUBLICATION_REQUESTED = _(
    "The ballots are being counted in the background; this page shows how far the count is. "
    "The results are published when it ends."
)
# How often the screen reloads itself while the count runs (a meta refresh: no JavaScript).
PUBLICATION_REFRESH_SECONDS = 5
FEASIBILITY_SAVED = _("The feasibility of “%(title)s” is recorded.")
PROGRESS_SAVED = _("The update on “%(title)s” is published.")
CATEGORY_SAVED = _("The category “%(name)s” is saved.")
COUNT_CHANGED = _(
    "The number of matching ballots changed since the preview; nothing was annulled. "
    "Check the new number and confirm again."
)
NOTHING_TO_ANNUL = _("No counted ballots match this criterion.")


screen = staff_screen("proposals.use_budget_screens", NOT_ALLOWED_SCREENS, title=TITLE, icon=ICON)


def _date(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


def _cycle_or_404(user, cycle_id: int) -> Cycle:
    cycle = cycle_get(cycle_id)
    if cycle is None or not user.has_perm("proposals.see_cycle", cycle):
        raise Http404
    return cycle


# --- Cycles -------------------------------------------------------------------------------------


def _cycle_form_page(request, form, *, title, subtitle, cycle=None):
    return TemplateResponse(
        request,
        "proposals/budgeting/admin/cycle_form.html",
        {
            "form": form,
            "cycle": cycle,
            "history": audit_history(cycle) if cycle else [],
            "back_url": reverse("budgeting_admin:cycle", args=[cycle.pk])
            if cycle
            else reverse("budgeting_admin:index"),
            **admin_context(title, icon=ICON, subtitle=subtitle),
        },
    )


def cycle_create_view(request):
    territories = cycle_territories_managed_by(request.user)
    if not territories.exists():
        return forbidden(request, NOT_ALLOWED_CREATE, title=TITLE, icon=ICON)
    form = CycleForm(request.POST or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = pb_cycles.cycle_create(staff=request.user, phases=form.phases(), **form.values())
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, CYCLE_CREATED % {"title": cycle.title})
            return redirect("budgeting_admin:cycle", cycle.pk)
    return _cycle_form_page(request, form, title=_("New budget cycle"), subtitle=TITLE)


@screen
def cycle_edit_view(request, cycle_id: int):
    cycle = _cycle_or_404(request.user, cycle_id)
    if not request.user.has_perm("proposals.manage_cycle", cycle):
        return forbidden(request, pb_cycles.NOT_ALLOWED_MANAGE, title=TITLE, icon=ICON)
    frozen = cycle_reached(cycle, PhaseKind.VOTING)
    form = CycleForm(request.POST or None, territories=None, cycle=cycle, frozen=frozen)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        categories = values.pop("categories")
        try:
            saved = pb_cycles.cycle_update(cycle, staff=request.user, categories=categories, **values)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, CYCLE_SAVED % {"title": saved.title})
            return redirect("budgeting_admin:cycle", cycle.pk)
    return _cycle_form_page(request, form, title=cycle.title, subtitle=cycle.territory.name, cycle=cycle)


STATUS_ORDER = [
    ProjectStatus.REVIEW,
    ProjectStatus.FEASIBLE,
    ProjectStatus.SELECTED,
    ProjectStatus.NOT_SELECTED,
    ProjectStatus.MODERATION,
    ProjectStatus.NOT_FEASIBLE,
    ProjectStatus.REJECTED,
    ProjectStatus.WITHDRAWN,
]


@dataclass
class StatusGroup:
    status: str
    label: str
    projects: list


def projects_by_status(cycle: Cycle) -> list[StatusGroup]:
    """The cycle's projects grouped by status, those needing staff first: one query."""
    projects = Project.objects.filter(cycle=cycle).select_related("category", "mahalla").order_by("title", "pk")
    groups = {status: StatusGroup(status, ProjectStatus(status).label, []) for status in STATUS_ORDER}
    for project in projects:
        groups[project.status].projects.append(project)
    return [group for group in groups.values() if group.projects]


def _phase_rows(cycle, forms, now):
    current = cycle_phase(cycle, now)
    return [
        {
            "phase": phase,
            "current": current is not None and phase.pk == current.pk and now < phase.ends_at,
            "extensions": list(phase.extensions.all()),
            "form": forms.get(phase.kind),
        }
        for phase in cycle_phases(cycle)
    ]


def _extend(request, cycle, forms):
    """Extend the phase named in the POST; return the form (with errors) or None on success."""
    phases = {phase.kind: phase for phase in cycle.phases.all()}
    kind = request.POST.get("phase", "")
    if kind not in phases:
        raise Http404
    form = forms[kind] = ExtendPhaseForm(request.POST, prefix=f"extend-{kind}")
    if form.is_valid():
        try:
            extension = pb_cycles.phase_extend(
                phases[kind],
                new_ends_at=form.cleaned_data["new_ends_at"],
                note=form.cleaned_data["note"],
                staff=request.user,
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                PHASE_EXTENDED
                % {
                    "phase": phases[kind].get_kind_display(),
                    "date": _date(extension.new_ends_at),
                },
            )
            return None
    return form


def _advance(request, cycle):
    """Start the next phase now; return the form (with errors) or None on success."""
    form = AdvancePhaseForm(request.POST, prefix="advance")
    if form.is_valid():
        try:
            pb_cycles.phase_advance(cycle, note=form.cleaned_data["note"], staff=request.user)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, NEXT_PHASE_STARTED)
            return None
    return form


def _publish(request, cycle) -> None:
    """Queue the count and return at once (a second click while it runs queues nothing)."""
    try:
        publication_request(cycle, staff=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, PUBLICATION_REQUESTED)


@screen
def cycle_view(request, cycle_id: int):
    """One cycle: its phases (with an extension form each, for managers), its projects by
    status, links to integrity and editing, and the publish button once results are due."""
    user = request.user
    cycle = _cycle_or_404(user, cycle_id)
    now = timezone.now()
    may_extend = user.has_perm("proposals.extend_phase", cycle) and cycle.results_published_at is None
    may_publish = user.has_perm("proposals.publish_results", cycle)
    forms = {}
    current = cycle_phase(cycle, now)
    may_advance = may_extend and current is not None and now < current.ends_at and current.kind != PHASE_ORDER[-1]
    advance_form = AdvancePhaseForm(prefix="advance") if may_advance else None
    if may_extend:
        forms = {
            phase.kind: ExtendPhaseForm(prefix=f"extend-{phase.kind}")
            for phase in cycle.phases.all()
            if pb_cycles.extension_refusal(cycle, phase, now) is None
        }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "extend" and may_extend:
            if _extend(request, cycle, forms) is None:
                return redirect("budgeting_admin:cycle", cycle.pk)
        elif action == "advance" and may_advance:
            advance_form = _advance(request, cycle)
            if advance_form is None:
                return redirect("budgeting_admin:cycle", cycle.pk)
        elif action == "publish" and may_publish:
            _publish(request, cycle)
            return redirect("budgeting_admin:cycle", cycle.pk)
        else:
            return forbidden(request, NOT_ALLOWED_ACTION, title=TITLE, icon=ICON)
    return TemplateResponse(
        request,
        "proposals/budgeting/admin/cycle.html",
        {
            "cycle": cycle,
            "phases": _phase_rows(cycle, forms, now),
            "advance_form": advance_form,
            "next_phase": PhaseKind(PHASE_ORDER[PHASE_ORDER.index(current.kind) + 1]).label if may_advance else "",
            "groups": projects_by_status(cycle),
            "may_edit": user.has_perm("proposals.manage_cycle", cycle),
            "may_see_integrity": user.has_perm("proposals.see_anomalies", cycle),
            "may_publish": may_publish and cycle_reached(cycle, PhaseKind.RESULTS, now),
            "result": getattr(cycle, "result", None) if cycle.results_published_at else None,
            "publication": None if cycle.results_published_at else cycle_publication(cycle),
            "refresh_seconds": PUBLICATION_REFRESH_SECONDS,
            "history": audit_history(cycle),
            **admin_context(cycle.title, icon=ICON, subtitle=cycle.territory.name),
        },
    )


# --- One project ----------------------------------------------------------------------------


@screen
def project_view(request, project_id: int):
    """One project as staff see it: the resident's text, cost and photos; the feasibility form
    (responders and managers, before voting); for a winner, the implementation form, the
    updates and the completion sign-offs; the audit history."""
    user = request.user
    project = project_get(project_id)
    if project is None or not user.has_perm("proposals.see_cycle", project):
        raise Http404
    may_review = user.has_perm("proposals.review_project", project) and not cycle_reached(
        project.cycle, PhaseKind.VOTING
    )
    may_report = user.has_perm("proposals.update_implementation", project)
    feasibility_form = FeasibilityForm(prefix="feasibility") if may_review else None
    progress_form = (
        ProgressForm(
            prefix="progress",
            initial={
                "status": project.implementation_status or "planned",
                "progress": project.progress,
            },
        )
        if may_report
        else None
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "feasibility" and may_review:
            feasibility_form = FeasibilityForm(request.POST, prefix="feasibility")
            if feasibility_form.is_valid():
                try:
                    pb_projects.project_record_feasibility(
                        project,
                        staff=user,
                        feasible=feasibility_form.feasible(),
                        staff_cost=feasibility_form.cleaned_data["staff_cost"],
                        note=feasibility_form.cleaned_data["note"],
                    )
                except ServiceError as error:
                    feasibility_form.add_error(None, error.message)
                else:
                    messages.success(request, FEASIBILITY_SAVED % {"title": project.title})
                    return redirect("budgeting_admin:project", project.pk)
        elif action == "progress" and may_report:
            progress_form = ProgressForm(request.POST, request.FILES, prefix="progress")
            if progress_form.is_valid():
                data = progress_form.cleaned_data
                try:
                    pb_projects.project_report_progress(
                        project,
                        staff=user,
                        text=data["text"],
                        status=data["status"],
                        progress=data["progress"],
                        photos=data["photos"],
                    )
                except ServiceError as error:
                    progress_form.add_error(None, error.message)
                else:
                    messages.success(request, PROGRESS_SAVED % {"title": project.title})
                    return redirect("budgeting_admin:project", project.pk)
        else:
            return forbidden(request, NOT_ALLOWED_PROJECT, title=TITLE, icon=ICON)
    return TemplateResponse(
        request,
        "proposals/budgeting/admin/project.html",
        {
            "project": project,
            "cycle": project.cycle,
            "feasibility_form": feasibility_form,
            "progress_form": progress_form,
            "updates": list(project.updates.all()),
            "sign_offs": list(project.sign_offs.all()),
            "history": audit_history(project),
            **admin_context(project.title, icon=ICON, subtitle=project.cycle.title),
        },
    )


# --- Integrity --------------------------------------------------------------------------------


def _integrity_cycle(request, cycle_id: int, permission: str, message):
    """The cycle, or the refusal to return: 403 for a role that does not open the screen."""
    user = request.user
    cycle = _cycle_or_404(user, cycle_id)
    if not user.has_perm(permission, cycle):
        return None, forbidden(request, message, title=TITLE, icon=ICON)
    return cycle, None


@screen
def integrity_view(request, cycle_id: int):
    """Turnout and the anomaly flags, each only a flag: nothing is annulled unless a person
    previews the count, writes a reason and confirms. Past annulments below."""
    cycle, refusal = _integrity_cycle(request, cycle_id, "proposals.see_anomalies", NOT_ALLOWED_INTEGRITY)
    if refusal:
        return refusal
    may_annul = request.user.has_perm("proposals.annul_ballots", cycle)
    return TemplateResponse(
        request,
        "proposals/budgeting/admin/integrity.html",
        {
            "cycle": cycle,
            "turnout": cycle_turnout(cycle),
            "anomalies": cycle_anomalies(cycle),
            "annulments": annulments_of(cycle),
            "may_annul": may_annul,
            "day_form": AnnulDayForm() if may_annul else None,
            **admin_context(_("Integrity"), icon="warning", subtitle=cycle.title),
        },
    )


@dataclass
class Criterion:
    """What a preview and an annulment are about: one cohort, or the ballots of one day."""

    cohort: BallotCohort | None = None
    cast_on: date | None = None

    def describe(self) -> str:
        """In the words the annulment record will keep (the integrity selector's)."""
        if self.cohort is not None:
            return f"{self.cohort.get_kind_display()}: {cohort_criterion(self.cohort)}"
        return str(DAY_CRITERION % {"day": self.cast_on.isoformat()})

    def arguments(self) -> dict:
        return {"cohort": self.cohort} if self.cohort is not None else {"cast_on": self.cast_on}

    def query(self) -> dict:
        return {"cohort": self.cohort.pk} if self.cohort is not None else {"cast_on": self.cast_on.isoformat()}


def _criterion(request, cycle) -> Criterion:
    """The criterion from the query string (``cohort`` or ``cast_on``); 404 when it is neither
    a cohort of this cycle nor a date."""
    source = request.POST if request.method == "POST" else request.GET
    cohort_id = source.get("cohort", "")
    if cohort_id:
        cohort = (
            BallotCohort.objects.filter(cycle=cycle, pk=cohort_id).first()
            if cohort_id.isascii() and cohort_id.isdigit()
            else None
        )
        if cohort is None:
            raise Http404
        return Criterion(cohort=cohort)
    day_form = AnnulDayForm(source)
    if not day_form.is_valid():
        raise Http404
    return Criterion(cast_on=day_form.cleaned_data["cast_on"])


class _CountChanged(Exception):
    pass


@screen
def annul_view(request, cycle_id: int):
    """Preview how many ballots a criterion matches, then annul exactly that many on a
    confirmation with a written reason, or nothing."""
    cycle, refusal = _integrity_cycle(request, cycle_id, "proposals.annul_ballots", NOT_ALLOWED_ANNUL)
    if refusal:
        return refusal
    criterion = _criterion(request, cycle)
    count = annulment_preview(cycle, **criterion.arguments())
    form = AnnulForm(request.POST or None, initial={"expected": count})
    changed = False
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                annulment = ballots_annul(
                    cycle, staff=request.user, reason=form.cleaned_data["reason"], **criterion.arguments()
                )
                if annulment.count != form.cleaned_data["expected"]:
                    # Ballots arrived (or were annulled) between preview and confirmation:
                    # the staff member confirmed another number, so undo and show the new one.
                    raise _CountChanged
        except _CountChanged:
            changed = True
            count = annulment_preview(cycle, **criterion.arguments())
            form = AnnulForm(initial={"expected": count, "reason": form.cleaned_data["reason"]})
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext("%(count)d ballot was annulled.", "%(count)d ballots were annulled.", annulment.count)
                % {"count": annulment.count},
            )
            return redirect("budgeting_admin:integrity", cycle.pk)
    return TemplateResponse(
        request,
        "proposals/budgeting/admin/annul.html",
        {
            "cycle": cycle,
            "criterion": criterion.describe(),
            "criterion_query": criterion.query(),
            "count": count,
            "form": form,
            "count_changed": COUNT_CHANGED if changed else "",
            "nothing": NOTHING_TO_ANNUL,
            **admin_context(_("Annul ballots"), icon="warning", subtitle=cycle.title),
        },
    )
