"""Writes of budget cycles: create one with its phases, change its settings, extend a phase.

A cycle's ballot and winner rule are fixed once voting opens (voters were shown them); its
phases run in the fixed order submission → review → voting → results → implementation, each
starting when the previous ends. A refused write raises ``ServiceError`` and changes nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from participation.exceptions import ServiceError
from participation.models import Territory, TerritoryKind, User
from participation.phases.services import (  # noqa: F401 (the messages are this service's too)
    ADVANCE_NO_NEXT,
    ADVANCE_NOT_RUNNING,
    EXTEND_LATER,
    phase_advance_dates,
    phase_extend_dates,
)
from participation.web.page_cache import pages_changed
from participation.web.sitemap import sitemap_changed
from proposals.budgeting.models import (
    PHASE_ORDER,
    BallotType,
    Cycle,
    PBCategory,
    Phase,
    PhaseExtension,
    PhaseKind,
    WinnerRule,
)
from proposals.budgeting.selectors.cycles import cycle_reached

NOT_ALLOWED_MANAGE = _("Only managers of this territory may do this.")
TERRITORY_LEVEL = _("A budget cycle belongs to a district, a city or a region.")
BUDGET_POSITIVE = _("The budget must be a whole number of soum above zero.")
MAX_COST_RANGE = _("The maximum cost of one project must be above zero and not above the budget.")
K_REQUIRED = _("Say how many projects a voter may approve (at least 1).")
POINTS_REQUIRED = _("Say how many points each voter shares (at least 1).")
CUMULATIVE_GREEDY = _(
    "Points ballots are counted by most points first; the Method of Equal Shares needs approval ballots."
)
MIN_CHOICES_RANGE = _("The fewest projects a voter must support cannot be above the most they may approve.")
MIN_CHOICES_POINTS = _("The fewest projects a voter must support cannot be above the points each voter shares.")
CATEGORIES_REQUIRED = _("Choose at least one category.")
PHASES_REQUIRED = _("Give the dates of all five phases.")
PHASES_ORDER = _("Each phase must end after it starts, and start when the previous one ends.")
RULES_FROZEN = _("Voting has started: the ballot and the way winners are chosen can no longer change.")
EXTEND_NOTE = _("Write a public note saying why the phase is extended.")
EXTEND_PUBLISHED = _("The results are published; phases can no longer be extended.")
EXTEND_ENDED = _("This phase has ended and cannot be reopened; only a vote can be restarted.")
EXTEND_BEFORE_VOTING = _("Voting has started: the phases before it cannot be reopened.")
NOTE_MAX = 1000

# What each phase allows unless staff say otherwise. Comments stay open while people decide.
DEFAULT_ALLOWS = {
    PhaseKind.SUBMISSION: {"allows_submit": True, "allows_edit": True, "allows_comment": True},
    PhaseKind.REVIEW: {"allows_edit": True, "allows_comment": True},
    PhaseKind.VOTING: {"allows_vote": True, "allows_comment": True},
    PhaseKind.RESULTS: {},
    PhaseKind.IMPLEMENTATION: {"allows_comment": True},
}


@dataclass(frozen=True)
class PhaseDates:
    kind: str
    starts_at: datetime
    ends_at: datetime


def _check_manager(staff: User | None, territory: Territory) -> None:
    if staff is not None and not staff.has_perm("proposals.manage_cycle", Cycle(territory=territory)):
        raise ServiceError(NOT_ALLOWED_MANAGE)


def _check_settings(values: dict) -> None:
    ballot_type = values["ballot_type"]
    if values["budget"] is None or values["budget"] <= 0:
        raise ServiceError(BUDGET_POSITIVE)
    if not values["max_project_cost"] or not 0 < values["max_project_cost"] <= values["budget"]:
        raise ServiceError(MAX_COST_RANGE)
    if ballot_type == BallotType.APPROVAL and not values.get("max_choices"):
        raise ServiceError(K_REQUIRED)
    if ballot_type == BallotType.CUMULATIVE:
        if not values.get("points_total"):
            raise ServiceError(POINTS_REQUIRED)
        if values["winner_rule"] != WinnerRule.GREEDY:
            raise ServiceError(CUMULATIVE_GREEDY)
    if ballot_type == BallotType.APPROVAL and (values.get("min_choices") or 1) > values["max_choices"]:
        raise ServiceError(MIN_CHOICES_RANGE)
    if ballot_type == BallotType.CUMULATIVE and (values.get("min_choices") or 1) > values["points_total"]:
        raise ServiceError(MIN_CHOICES_POINTS)


def _check_phases(phases: list[PhaseDates]) -> list[PhaseDates]:
    by_kind = {phase.kind: phase for phase in phases}
    if sorted(by_kind) != sorted(PHASE_ORDER):
        raise ServiceError(PHASES_REQUIRED)
    ordered = [by_kind[kind] for kind in PHASE_ORDER]
    for previous, phase in zip([None, *ordered], ordered, strict=False):
        if phase.ends_at <= phase.starts_at or (previous and phase.starts_at != previous.ends_at):
            raise ServiceError(PHASES_ORDER)
    return ordered


def consecutive_phases(start: datetime, days: dict[str, int]) -> list[PhaseDates]:
    """Phases back to back from ``start``, each lasting ``days[kind]`` days."""
    phases, moment = [], start
    for kind in PHASE_ORDER:
        end = moment + timedelta(days=days[kind])
        phases.append(PhaseDates(kind, moment, end))
        moment = end
    return phases


@transaction.atomic
def cycle_create(
    *,
    territory: Territory,
    title: str,
    budget: int,
    max_project_cost: int,
    categories: list[PBCategory],
    phases: list[PhaseDates],
    staff: User | None,
    ballot_type: str = BallotType.APPROVAL,
    max_choices: int | None = None,
    points_total: int | None = None,
    min_choices: int = 1,
    winner_rule: str = WinnerRule.MES_ADD1,
    description: str = "",
    now: datetime | None = None,
    **options,
) -> Cycle:
    """A new cycle with its five phases. ``staff`` None is the system (imports, demo)."""
    pages_changed("budgeting")
    now = now or timezone.now()
    if territory.kind not in (TerritoryKind.DISTRICT, TerritoryKind.CITY, TerritoryKind.REGION):
        raise ServiceError(TERRITORY_LEVEL)
    _check_manager(staff, territory)
    values = {
        "budget": budget,
        "max_project_cost": max_project_cost,
        "ballot_type": ballot_type,
        "max_choices": max_choices,
        "points_total": points_total,
        "min_choices": min_choices,
        "winner_rule": winner_rule,
    }
    _check_settings(values)
    if not categories:
        raise ServiceError(CATEGORIES_REQUIRED)
    ordered = _check_phases(phases)
    cycle = Cycle.objects.create(
        territory=territory,
        title=title.strip(),
        description=description.strip(),
        created_by=staff,
        created_at=now,
        **values,
        **options,
    )
    cycle.categories.set(categories)
    Phase.objects.bulk_create(
        Phase(
            cycle=cycle, kind=phase.kind, starts_at=phase.starts_at, ends_at=phase.ends_at, **DEFAULT_ALLOWS[phase.kind]
        )
        for phase in ordered
    )
    if staff is not None:
        log(instance=cycle, action="proposals.cycle_created", user=staff, data={"budget": budget})
    sitemap_changed()
    return cycle


# Who may vote and how votes count cannot change once people have voted under them.
FROZEN_AT_VOTING = (
    "ballot_type",
    "max_choices",
    "points_total",
    "min_choices",
    "winner_rule",
    "budget",
    "verification_level",
    "minimum_age",
)


@transaction.atomic
def cycle_update(cycle: Cycle, *, staff: User, now: datetime | None = None, categories=None, **changes) -> Cycle:
    """Change a cycle's settings; the ballot, the rule and the budget freeze when voting opens."""
    pages_changed("budgeting")
    now = now or timezone.now()
    locked = Cycle.objects.select_for_update().select_related("territory").get(pk=cycle.pk)
    _check_manager(staff, locked.territory)
    frozen = [key for key in FROZEN_AT_VOTING if key in changes and changes[key] != getattr(locked, key)]
    if frozen and cycle_reached(locked, PhaseKind.VOTING, now):
        raise ServiceError(RULES_FROZEN)
    before = {key: getattr(locked, key) for key in changes}
    values = {
        key: changes.get(key, getattr(locked, key))
        for key in (
            "budget",
            "max_project_cost",
            "ballot_type",
            "max_choices",
            "points_total",
            "min_choices",
            "winner_rule",
        )
    }
    _check_settings(values)
    if categories is not None and not categories:
        raise ServiceError(CATEGORIES_REQUIRED)
    for key, value in changes.items():
        setattr(locked, key, value)
    locked.save()
    if categories is not None:
        locked.categories.set(categories)
    log(
        instance=locked,
        action="proposals.cycle_changed",
        user=staff,
        data={"before": {k: str(v) for k, v in before.items()}, "after": {k: str(v) for k, v in changes.items()}},
    )
    return locked


def extension_refusal(cycle: Cycle, phase: Phase, now: datetime):
    """Why ``phase`` may not be extended now, or None; the staff screen offers the form only
    where this is None.

    Reopening submission or review once voting has started would unfreeze the ballot, the
    rule and the feasibility verdicts under votes already cast. An ended vote may restart (an
    outage), which moves only the results and later.
    """
    if cycle.results_published_at is not None:
        return EXTEND_PUBLISHED
    before_voting = PHASE_ORDER.index(phase.kind) < PHASE_ORDER.index(PhaseKind.VOTING)
    if before_voting and cycle_reached(cycle, PhaseKind.VOTING, now):
        return EXTEND_BEFORE_VOTING
    if phase.ends_at <= now and phase.kind != PhaseKind.VOTING:
        return EXTEND_ENDED
    return None


def _locked_for_dates(cycle_id: int, staff: User, note: str) -> tuple[Cycle, str]:
    """The cycle, locked, once ``staff`` may move its dates; and the cleaned public note."""
    cycle = Cycle.objects.select_for_update().select_related("territory").get(pk=cycle_id)
    if not staff.has_perm("proposals.extend_phase", cycle):
        raise ServiceError(NOT_ALLOWED_MANAGE)
    if cycle.results_published_at is not None:
        raise ServiceError(EXTEND_PUBLISHED)
    note = (note or "").strip()
    if not note:
        raise ServiceError(EXTEND_NOTE)
    if len(note) > NOTE_MAX:
        raise ServiceError(_("The note is too long: at most %(limit)d characters.") % {"limit": NOTE_MAX})
    return cycle, note


@transaction.atomic
def phase_extend(
    phase: Phase, *, new_ends_at: datetime, note: str, staff: User, now: datetime | None = None
) -> PhaseExtension:
    """Move a phase's end later, and every later phase by the same time, with a public note.

    The later phases move too, so they stay back to back: a vote restarted after an outage
    pushes results and implementation along instead of overlapping them.
    """
    pages_changed("budgeting")
    now = now or timezone.now()
    cycle, note = _locked_for_dates(phase.cycle_id, staff, note)
    phase = Phase.objects.get(pk=phase.pk)
    if new_ends_at <= phase.ends_at:
        raise ServiceError(EXTEND_LATER)
    refusal = extension_refusal(cycle, phase, now)
    if refusal is not None:
        raise ServiceError(refusal)
    extension = phase_extend_dates(
        phase,
        phases=list(cycle.phases.all()),
        new_ends_at=new_ends_at,
        note=note,
        staff=staff,
        now=now,
        extension_model=PhaseExtension,
    )
    log(
        instance=cycle,
        action="proposals.phase_extended",
        user=staff,
        data={
            "phase": phase.kind,
            "before": extension.old_ends_at.isoformat(),
            "after": new_ends_at.isoformat(),
            "note": note,
        },
    )
    return extension


@transaction.atomic
def phase_advance(cycle: Cycle, *, note: str, staff: User, now: datetime | None = None) -> PhaseExtension:
    """End the current phase now and start the next one, with a public note (the feasibility
    review finished early, say). The next phase keeps its end date when that is still ahead;
    otherwise it gets its planned length from now and the phases after it move along."""
    pages_changed("budgeting")
    now = now or timezone.now()
    locked, note = _locked_for_dates(cycle.pk, staff, note)
    extension, current, upcoming = phase_advance_dates(
        phases=list(locked.phases.all()), note=note, staff=staff, now=now, extension_model=PhaseExtension
    )
    log(
        instance=locked,
        action="proposals.phase_advanced",
        user=staff,
        data={"from": current.kind, "to": upcoming.kind, "at": now.isoformat(), "note": note},
    )
    return extension
