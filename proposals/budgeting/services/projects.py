"""Writes of budget projects: submit, edit, withdraw, moderation outcome, feasibility,
implementation updates, completion sign-off, follow.

Permissions are the named rules in ``proposals.rules`` (which read the current phase); each
write locks the project row, checks under the lock and raises ``ServiceError`` with a message
for the person, changing nothing, when a rule refuses.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from participation.comments.models import Comment
from participation.comments.services import (  # noqa: F401 (the core's messages, named here for this feature)
    COMMENT_NOT_VERIFIED,
    COMMENT_REQUIRED,
    COMMENT_TOO_LONG,
    comment_post,
)
from participation.demographics import participation_figures
from participation.exceptions import ServiceError
from participation.follows.services import follow_set
from participation.images import reencoded, save_phone_copy
from participation.models import ModerationOutcome, Territory, TerritoryKind, User
from participation.moderation.services import moderation_submit, moderation_withdraw
from participation.queue import enqueue_on_commit
from participation.ratelimit import rate_limit
from participation.selectors import territory_contains
from participation.web.page_cache import pages_changed
from participation.web.sitemap import sitemap_changed
from proposals.budgeting.models import (
    PUBLIC_PROJECT_STATUSES,
    Cycle,
    ImplementationStatus,
    PBCategory,
    PhaseKind,
    Project,
    ProjectPhoto,
    ProjectSignOff,
    ProjectStatus,
    ProjectUpdate,
    SignOffRole,
)
from proposals.budgeting.selectors.cycles import cycle_reached, phase_allows
from proposals.budgeting.selectors.projects import mahallas_in_cooldown
from proposals.budgeting.transitions import Mover, transition_allowed

P = ProjectStatus

SUBMIT_CLOSED = _("Projects can be submitted only during the submission phase.")
SUBMIT_NOT_RESIDENT = _("Only residents of this territory may submit projects here.")
SUBMIT_NOT_VERIFIED = _("Confirm your identity to the level this cycle asks before submitting a project.")
TITLE_REQUIRED = _("Give the project a title.")
TITLE_TOO_LONG = _("The title is too long: at most %(limit)d characters.")
DESCRIPTION_REQUIRED = _("Describe what should be done, where, and for whom.")
DESCRIPTION_TOO_LONG = _("The description is too long: at most %(limit)d characters.")
CATEGORY_NOT_IN_CYCLE = _("Choose one of this cycle's categories.")
MAHALLA_NOT_IN_TERRITORY = _("Choose a mahalla inside this cycle's territory.")
COST_POSITIVE = _("The estimated cost must be a whole number of soum above zero.")
COST_OVER_MAX = _("The estimated cost is above this cycle's maximum of %(max)s soum per project.")
MAHALLA_IN_COOLDOWN = _("This mahalla won funding in one of the last %(cycles)d cycles and takes a break in this one.")
EDIT_NOT_ALLOWED = _("This project can no longer be edited.")
WITHDRAW_NOT_ALLOWED = _("Only the author can withdraw the project, and only before voting starts.")
REVIEW_NOT_ALLOWED = _("You may record feasibility only for projects of your territory, before voting starts.")
STAFF_COST_REQUIRED = _("A feasible project needs the cost staff estimated, in whole soum above zero.")
STAFF_COST_OVER_MAX = _("The staff estimate is above the cycle's maximum per project; mark it not feasible instead.")
FEASIBILITY_REASON_REQUIRED = _("Give the public reason why the project is not feasible.")
UPDATE_NOT_ALLOWED = _("Only staff of this territory may report on a winning project's implementation.")
UPDATE_TEXT_REQUIRED = _("Say what happened.")
PROGRESS_RANGE = _("Progress is a whole percentage from 0 to 100.")
DONE_IS_100 = _("A project marked as done must be at 100 percent.")
SIGN_OFF_NOT_ALLOWED = _("Only the project's initiator and its mahalla chair confirm completion.")
SIGN_OFF_NOT_DONE = _("Completion can be confirmed once the project is marked as done.")
SIGN_OFF_ALREADY = _("You have already confirmed completion.")
FOLLOW_SIGN_IN = _("Sign in to follow a project.")

TEXT_LIMIT = 2000


def _clean_text(title: str, description: str) -> tuple[str, str]:
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise ServiceError(TITLE_REQUIRED)
    if len(title) > Project.TITLE_MAX:
        raise ServiceError(TITLE_TOO_LONG % {"limit": Project.TITLE_MAX})
    if not description:
        raise ServiceError(DESCRIPTION_REQUIRED)
    if len(description) > Project.DESCRIPTION_MAX:
        raise ServiceError(DESCRIPTION_TOO_LONG % {"limit": Project.DESCRIPTION_MAX})
    return title, description


def _check_place_and_cost(cycle: Cycle, category: PBCategory, mahalla: Territory, cost) -> None:
    if category is None or not cycle.categories.filter(pk=category.pk).exists():
        raise ServiceError(CATEGORY_NOT_IN_CYCLE)
    if mahalla is None or mahalla.kind != TerritoryKind.MAHALLA or not territory_contains(cycle.territory, mahalla):
        raise ServiceError(MAHALLA_NOT_IN_TERRITORY)
    if not isinstance(cost, int) or cost <= 0:
        raise ServiceError(COST_POSITIVE)
    if cost > cycle.max_project_cost:
        raise ServiceError(COST_OVER_MAX % {"max": f"{cycle.max_project_cost:,}".replace(",", " ")})


def _save_photos(project: Project, photos, now: datetime, update: ProjectUpdate | None = None) -> None:
    """Residents' and staff's photos alike: re-encoded without metadata (a phone's photo carries
    the GPS position where it was taken), then a small copy for lists and phones."""
    for photo in photos or []:
        stored = ProjectPhoto.objects.create(project=project, image=reencoded(photo), update=update, created_at=now)
        save_phone_copy(stored.image)


def submit_refusal(cycle: Cycle, user: User, now: datetime | None = None):
    """Why this person may not submit to the cycle now, or None. The form shows it up front."""
    if not phase_allows(cycle, "submit", now):
        return SUBMIT_CLOSED
    if not user.has_perm("proposals.eligible_to_submit", cycle):
        if user.verification_level < cycle.verification_level:
            return SUBMIT_NOT_VERIFIED
        return SUBMIT_NOT_RESIDENT
    return None


@transaction.atomic
def project_submit(
    *,
    cycle: Cycle,
    author: User,
    title: str,
    description: str,
    category: PBCategory,
    mahalla: Territory,
    estimated_cost: int,
    photos=(),
    ip: str = "",
    now: datetime | None = None,
) -> Project:
    """A resident's project, into the territory's moderation queue."""
    now = now or timezone.now()
    cycle = Cycle.objects.select_related("territory").prefetch_related("phases").get(pk=cycle.pk)
    refusal = submit_refusal(cycle, author, now)
    if refusal is not None:
        raise ServiceError(refusal)
    title, description = _clean_text(title, description)
    _check_place_and_cost(cycle, category, mahalla, estimated_cost)
    if cycle.cooldown_cycles and mahalla.pk in mahallas_in_cooldown(cycle):
        raise ServiceError(MAHALLA_IN_COOLDOWN % {"cycles": cycle.cooldown_cycles})
    rate_limit("pb_project_submit", user=author, ip=ip)
    project = Project.objects.create(
        cycle=cycle,
        author=author,
        title=title,
        description=description,
        category=category,
        mahalla=mahalla,
        estimated_cost=estimated_cost,
        status=P.MODERATION,
        created_at=now,
        **participation_figures(author, now),
    )
    _save_photos(project, photos, now)
    moderation_submit(project, now=now)
    return project


def _locked(project: Project) -> Project:
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("cycle", "cycle__territory", "mahalla")
        .get(pk=project.pk)
    )


NOT_ALLOWED_STATUS = _("This cannot be done now: the project is “%(status)s”.")


def project_transition(
    project: Project,
    target: str,
    *,
    mover: str,
    actor: User | None,
    changes: dict | None = None,
    action: str = "proposals.project_status",
    data: dict | None = None,
) -> Project:
    """Move ``project`` (a row the caller has locked) to ``target`` if the table in
    ``proposals.budgeting.transitions`` allows it for this mover, save ``changes`` with it,
    and write the audit entry. Every status move of a project goes through here."""
    rule = transition_allowed(project.status, target)
    if rule is None or rule.mover != mover:
        raise ServiceError(NOT_ALLOWED_STATUS % {"status": project.get_status_display()})
    source = project.status
    project.status = target
    for name, value in (changes or {}).items():
        setattr(project, name, value)
    project.save(update_fields=["status", *(changes or {})])
    sitemap_changed()
    log(
        instance=project, action=action, user=actor, data={"from": source, "to": target, "mover": mover, **(data or {})}
    )
    pages_changed("budgeting")
    return project


@transaction.atomic
def project_edit(
    project: Project,
    *,
    author: User,
    title: str,
    description: str,
    category: PBCategory,
    mahalla: Territory,
    estimated_cost: int,
    photos=(),
    now: datetime | None = None,
) -> Project:
    pages_changed("budgeting")
    now = now or timezone.now()
    locked = _locked(project)
    if not author.has_perm("proposals.author_may_edit", locked) or not phase_allows(locked.cycle, "edit", now):
        raise ServiceError(EDIT_NOT_ALLOWED)
    title, description = _clean_text(title, description)
    _check_place_and_cost(locked.cycle, category, mahalla, estimated_cost)
    if (
        mahalla.pk != locked.mahalla_id
        and locked.cycle.cooldown_cycles
        and mahalla.pk in mahallas_in_cooldown(locked.cycle)
    ):
        raise ServiceError(MAHALLA_IN_COOLDOWN % {"cycles": locked.cycle.cooldown_cycles})
    locked.title, locked.description = title, description
    locked.category, locked.mahalla, locked.estimated_cost = category, mahalla, estimated_cost
    locked.save(update_fields=["title", "description", "category", "mahalla", "estimated_cost"])
    if locked.status == P.REVIEW:
        # Published text changed: it goes back to the moderators before the public sees it.
        project_transition(locked, P.MODERATION, mover=Mover.AUTHOR, actor=author)
    _save_photos(locked, photos, now)
    if locked.status == P.MODERATION:
        moderation_submit(locked, now=now)
    return locked


@transaction.atomic
def project_withdraw(project: Project, *, author: User, now: datetime | None = None) -> Project:
    now = now or timezone.now()
    locked = _locked(project)
    allowed = locked.author_id == author.pk and locked.status in (P.MODERATION, P.REVIEW, P.FEASIBLE, P.NOT_FEASIBLE)
    if not allowed or cycle_reached(locked.cycle, PhaseKind.VOTING, now):
        raise ServiceError(WITHDRAW_NOT_ALLOWED)
    project_transition(locked, P.WITHDRAWN, mover=Mover.AUTHOR, actor=author)
    moderation_withdraw(locked, actor=author)
    return locked


def project_apply_decision(project: Project, item, moderator: User) -> None:
    """The moderation core decided (adapter callback, inside its transaction).

    Approval publishes the project for the feasibility review (or keeps it published when
    reports were dismissed); rejection takes it off the site with the reason. A project
    already on the ballot or counted is not taken off by a decision: the vote has its own
    integrity rules, and moderators see that the decision changed nothing.
    """
    locked = _locked(project)
    if item.outcome == ModerationOutcome.APPROVE:
        if locked.status in (P.MODERATION, P.REJECTED):
            project_transition(locked, P.REVIEW, mover=Mover.MODERATION, actor=moderator, data={"item": item.pk})
        return
    if locked.status in (P.MODERATION, P.REVIEW, P.NOT_FEASIBLE):
        project_transition(
            locked,
            P.REJECTED,
            mover=Mover.MODERATION,
            actor=moderator,
            data={"item": item.pk},
            changes={"rejection_reason": item.reason, "rejection_explanation": item.explanation},
        )


def project_apply_appeal(project: Project, item, author: User) -> None:
    locked = _locked(project)
    if locked.status == P.REJECTED:
        project_transition(locked, P.MODERATION, mover=Mover.AUTHOR, actor=author, data={"appeal": item.pk})


@transaction.atomic
def project_record_feasibility(
    project: Project,
    *,
    staff: User,
    feasible: bool,
    staff_cost: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Project:
    """Staff's verdict: feasible at their cost estimate (on the ballot), or not, with a public reason."""
    pages_changed("budgeting")
    now = now or timezone.now()
    locked = _locked(project)
    if not staff.has_perm("proposals.review_project", locked) or cycle_reached(locked.cycle, PhaseKind.VOTING, now):
        raise ServiceError(REVIEW_NOT_ALLOWED)
    note = (note or "").strip()
    if len(note) > TEXT_LIMIT:
        raise ServiceError(_("The reason is too long: at most %(limit)d characters.") % {"limit": TEXT_LIMIT})
    before = {"status": locked.status, "staff_cost": locked.staff_cost}
    if feasible:
        if not isinstance(staff_cost, int) or staff_cost <= 0:
            raise ServiceError(STAFF_COST_REQUIRED)
        if staff_cost > locked.cycle.max_project_cost:
            raise ServiceError(STAFF_COST_OVER_MAX)
        target = P.FEASIBLE
    else:
        if not note:
            raise ServiceError(FEASIBILITY_REASON_REQUIRED)
        target, staff_cost = P.NOT_FEASIBLE, None
    project_transition(
        locked,
        target,
        mover=Mover.STAFF,
        actor=staff,
        action="proposals.project_feasibility",
        changes={"staff_cost": staff_cost, "feasibility_note": note, "feasibility_by": staff, "feasibility_at": now},
        data={"before": before, "after": {"status": target, "staff_cost": staff_cost}, "note": note},
    )
    return locked


@transaction.atomic
def project_report_progress(
    project: Project, *, staff: User, text: str, status: str, progress: int, photos=(), now: datetime | None = None
) -> ProjectUpdate:
    """A dated public update on a winner: status, percentage, what happened, photos.
    Followers are e-mailed after commit."""
    pages_changed("budgeting")
    now = now or timezone.now()
    locked = _locked(project)
    if not staff.has_perm("proposals.update_implementation", locked):
        raise ServiceError(UPDATE_NOT_ALLOWED)
    text = (text or "").strip()
    if not text:
        raise ServiceError(UPDATE_TEXT_REQUIRED)
    if len(text) > 3000:
        raise ServiceError(_("The update is too long: at most %(limit)d characters.") % {"limit": 3000})
    if status not in ImplementationStatus.values:
        raise ServiceError(_("Choose the implementation status."))
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ServiceError(PROGRESS_RANGE)
    if status == ImplementationStatus.DONE and progress != 100:
        raise ServiceError(DONE_IS_100)
    update = ProjectUpdate.objects.create(
        project=locked, staff=staff, text=text, status=status, progress=progress, created_at=now
    )
    _save_photos(locked, photos, now, update=update)
    before = {"status": locked.implementation_status, "progress": locked.progress}
    locked.implementation_status, locked.progress = status, progress
    locked.save(update_fields=["implementation_status", "progress"])
    log(
        instance=locked,
        action="proposals.implementation_updated",
        user=staff,
        data={"before": before, "after": {"status": status, "progress": progress}},
    )
    enqueue_on_commit("proposals.budgeting.tasks.notify_project_followers", update_id=update.pk)
    return update


@transaction.atomic
def project_sign_off(
    project: Project, *, user: User, role: str, note: str = "", now: datetime | None = None
) -> ProjectSignOff:
    pages_changed("budgeting")
    now = now or timezone.now()
    locked = _locked(project)
    permission = {
        SignOffRole.INITIATOR: "proposals.sign_off_as_initiator",
        SignOffRole.MAHALLA_CHAIR: "proposals.sign_off_as_chair",
    }.get(role)
    if permission is None or not user.has_perm(permission, locked):
        raise ServiceError(SIGN_OFF_NOT_ALLOWED)
    if locked.implementation_status != ImplementationStatus.DONE:
        raise ServiceError(SIGN_OFF_NOT_DONE)
    note = (note or "").strip()[:1000]
    try:
        with transaction.atomic():
            sign_off = ProjectSignOff.objects.create(project=locked, role=role, user=user, note=note, created_at=now)
    except IntegrityError:
        raise ServiceError(SIGN_OFF_ALREADY) from None
    log(instance=locked, action="proposals.project_signed_off", user=user, data={"role": role})
    return sign_off


def project_follow(project: Project, *, user: User, follow: bool = True, now: datetime | None = None) -> bool:
    """Follow (or stop following) a project's implementation updates; idempotent."""
    return follow_set(project, user=user, follow=follow, now=now, sign_in_message=FOLLOW_SIGN_IN)


COMMENT_CLOSED = _("Comments are not open in this phase of the cycle.")
COMMENT_NOT_PUBLIC = _("Only published projects can be commented on.")


def comment_refusal(project: Project, now: datetime) -> str | None:
    """Why nobody may comment on the project now: comments are open while the cycle's phase
    allows them, on published projects only."""
    if not phase_allows(project.cycle, "comment", now):
        return COMMENT_CLOSED
    if project.status not in PUBLIC_PROJECT_STATUSES:
        return COMMENT_NOT_PUBLIC
    return None


def project_comment(
    project: Project,
    *,
    author: User,
    text: str,
    ip: str = "",
    parent: Comment | None = None,
    now: datetime | None = None,
) -> Comment:
    """A comment, shown once a moderator approves it, while the current phase allows comments."""
    project = (
        Project.objects.select_related("cycle", "cycle__territory").prefetch_related("cycle__phases").get(pk=project.pk)
    )
    return comment_post(project, author=author, text=text, parent=parent, ip=ip, now=now)
