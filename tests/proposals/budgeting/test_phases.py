"""Phases of a budget cycle: what each allows, read from the current phase; creating a cycle
checks its settings; extending a phase moves the later ones and says why in public."""

import itertools
from datetime import timedelta
from unittest import mock

import pytest
from wagtail.models import ModelLogEntry

from participation.exceptions import ServiceError
from participation.models import StaffRoleKind
from proposals.budgeting.models import PHASE_ORDER, Cycle, PBCategory, Phase, PhaseExtension
from proposals.budgeting.selectors.cycles import cycle_phase, cycle_reached, phase_allows
from proposals.budgeting.services import cycles as svc
from tests.factories.budgeting import PHASE_DAYS, ensure_categories, phases_around
from tests.fixtures.clock import T0

# What each phase allows by default: the table voters and authors live by.
EXPECTED_ALLOWS = {
    "submission": {"submit", "edit", "comment"},
    "review": {"edit", "comment"},
    "voting": {"vote", "comment"},
    "results": set(),
    "implementation": {"comment"},
}


@pytest.mark.parametrize("phase", PHASE_ORDER)
def test_each_phase_allows_exactly_what_it_declares(make_cycle, phase):
    cycle = make_cycle(phase)
    assert cycle_phase(cycle, T0).kind == phase
    allowed = {action for action in ("submit", "edit", "comment", "vote") if phase_allows(cycle, action, T0)}
    assert allowed == EXPECTED_ALLOWS[phase]


def test_phase_starts_inclusive_and_ends_exclusive(make_cycle):
    cycle = make_cycle("voting")
    voting = cycle.phases.get(kind="voting")
    assert phase_allows(cycle, "vote", voting.starts_at)
    assert not phase_allows(cycle, "vote", voting.starts_at - timedelta(microseconds=1))
    assert phase_allows(cycle, "vote", voting.ends_at - timedelta(microseconds=1))
    assert not phase_allows(cycle, "vote", voting.ends_at)
    assert cycle_phase(cycle, voting.ends_at).kind == "results"


def test_before_the_first_phase_nothing_is_allowed_and_after_the_last_the_last_is_shown(make_cycle):
    cycle = make_cycle("submission")
    first = cycle.phases.get(kind="submission")
    assert cycle_phase(cycle, first.starts_at - timedelta(days=1)) is None
    assert not phase_allows(cycle, "submit", first.starts_at - timedelta(days=1))
    last = cycle.phases.get(kind="implementation")
    late = last.ends_at + timedelta(days=400)
    assert cycle_phase(cycle, late).kind == "implementation"
    assert not phase_allows(cycle, "comment", late)


def test_a_declared_change_to_a_phase_changes_the_rule_without_touching_dates(make_cycle):
    cycle = make_cycle("voting")
    Phase.objects.filter(cycle=cycle, kind="voting").update(allows_vote=False)
    cycle = Cycle.objects.get(pk=cycle.pk)
    assert not phase_allows(cycle, "vote", T0)


def test_cycle_reached(make_cycle):
    cycle = make_cycle("review")
    assert cycle_reached(cycle, "submission", T0)
    assert cycle_reached(cycle, "review", T0)
    assert not cycle_reached(cycle, "voting", T0)


def test_unknown_action_is_a_programming_error(make_cycle):
    with pytest.raises(ValueError):
        phase_allows(make_cycle("voting"), "delete", T0)


# --- creating a cycle ---------------------------------------------------------------------------


def _create(tree, **overrides):
    ensure_categories()
    values = {
        "territory": tree.yangiqorgon,
        "title": "2027",
        "budget": 1_000_000_000,
        "max_project_cost": 300_000_000,
        "categories": list(PBCategory.objects.all()),
        "phases": phases_around("submission"),
        "staff": None,
        "max_choices": 3,
        "now": T0,
    }
    values.update(overrides)
    return svc.cycle_create(**values)


def test_a_cycle_is_created_with_five_back_to_back_phases(tree):
    cycle = _create(tree)
    phases = list(cycle.phases.order_by("starts_at"))
    assert [phase.kind for phase in phases] == PHASE_ORDER
    for previous, phase in itertools.pairwise(phases):
        assert phase.starts_at == previous.ends_at
    assert cycle.budget == 1_000_000_000 and isinstance(cycle.budget, int)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"budget": 0}, svc.BUDGET_POSITIVE),
        ({"max_project_cost": 2_000_000_000}, svc.MAX_COST_RANGE),
        ({"max_choices": None}, svc.K_REQUIRED),
        ({"ballot_type": "cumulative", "points_total": 10, "winner_rule": "mes"}, svc.CUMULATIVE_GREEDY),
        ({"ballot_type": "cumulative", "winner_rule": "greedy"}, svc.POINTS_REQUIRED),
        ({"min_choices": 4}, svc.MIN_CHOICES_RANGE),
        ({"categories": []}, svc.CATEGORIES_REQUIRED),
    ],
)
def test_bad_cycle_settings_are_refused_and_nothing_is_written(tree, overrides, message):
    with pytest.raises(ServiceError) as refused:
        _create(tree, **overrides)
    assert refused.value.message == message
    assert not Cycle.objects.exists() and not Phase.objects.exists()


def test_phases_must_be_complete_and_back_to_back(tree):
    phases = phases_around("submission")
    with pytest.raises(ServiceError) as missing:
        _create(tree, phases=phases[:4])
    assert missing.value.message == svc.PHASES_REQUIRED
    gap = list(phases)
    gap[2] = svc.PhaseDates(gap[2].kind, gap[2].starts_at + timedelta(hours=1), gap[2].ends_at)
    with pytest.raises(ServiceError) as gapped:
        _create(tree, phases=gap)
    assert gapped.value.message == svc.PHASES_ORDER
    assert not Cycle.objects.exists()


def test_a_mahalla_cannot_hold_a_cycle(tree):
    with pytest.raises(ServiceError) as refused:
        _create(tree, territory=tree.navbahor)
    assert refused.value.message == svc.TERRITORY_LEVEL


def test_only_managers_of_the_territory_create_cycles(tree, make_staff):
    zomin_manager = make_staff(StaffRoleKind.MANAGER, tree.zomin)
    moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)
    for person in (zomin_manager, moderator):
        with pytest.raises(ServiceError):
            _create(tree, staff=person)
    region_manager = make_staff(StaffRoleKind.MANAGER, tree.namangan)
    assert _create(tree, staff=region_manager).created_by == region_manager


def test_the_ballot_and_rule_freeze_when_voting_opens(make_cycle, tree, make_staff):
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    before_voting = make_cycle("review")
    changed = svc.cycle_update(before_voting, staff=manager, now=T0, winner_rule="greedy", max_choices=5)
    assert (changed.winner_rule, changed.max_choices) == ("greedy", 5)
    assert ModelLogEntry.objects.filter(action="proposals.cycle_changed").count() == 1

    voting = make_cycle("voting")
    with pytest.raises(ServiceError) as refused:
        svc.cycle_update(voting, staff=manager, now=T0, winner_rule="greedy")
    assert refused.value.message == svc.RULES_FROZEN
    assert Cycle.objects.get(pk=voting.pk).winner_rule == "mes-add1"
    # The title may still be corrected.
    assert svc.cycle_update(voting, staff=manager, now=T0, title="Tuzatilgan").title == "Tuzatilgan"


# --- extending a phase --------------------------------------------------------------------------


def test_extending_voting_moves_results_and_implementation_and_keeps_a_public_note(make_cycle, tree, make_staff):
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    cycle = make_cycle("voting")
    voting = cycle.phases.get(kind="voting")
    old_end = voting.ends_at
    results_start = cycle.phases.get(kind="results").starts_at
    svc.phase_extend(
        voting,
        new_ends_at=old_end + timedelta(days=2),
        note="Elektr uzilishi sababli ovoz berish uzaytirildi.",
        staff=manager,
        now=T0,
    )
    phases = {phase.kind: phase for phase in cycle.phases.all()}
    assert phases["voting"].ends_at == old_end + timedelta(days=2)
    assert phases["results"].starts_at == results_start + timedelta(days=2)
    assert phases["implementation"].ends_at - phases["implementation"].starts_at == timedelta(days=PHASE_DAYS)
    assert phases["submission"].starts_at == cycle.phases.get(kind="submission").starts_at
    extension = PhaseExtension.objects.get()
    assert extension.note.startswith("Elektr") and extension.old_ends_at == old_end
    assert ModelLogEntry.objects.filter(action="proposals.phase_extended").exists()
    # The moment that was already "results" is voting again: every rule follows the phase.
    cycle = Cycle.objects.get(pk=cycle.pk)
    assert phase_allows(cycle, "vote", old_end + timedelta(days=1))


@pytest.mark.parametrize(
    "days, note, message",
    [(0, "Sabab", svc.EXTEND_LATER), (-1, "Sabab", svc.EXTEND_LATER), (1, "  ", svc.EXTEND_NOTE)],
)
def test_bad_extensions_are_refused(make_cycle, tree, make_staff, days, note, message):
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    cycle = make_cycle("voting")
    voting = cycle.phases.get(kind="voting")
    with pytest.raises(ServiceError) as refused:
        svc.phase_extend(voting, new_ends_at=voting.ends_at + timedelta(days=days), note=note, staff=manager, now=T0)
    assert refused.value.message == message
    assert not PhaseExtension.objects.exists()
    assert cycle.phases.get(kind="voting").ends_at == voting.ends_at


def test_extension_needs_a_manager_here_and_unpublished_results(make_cycle, tree, make_staff):
    cycle = make_cycle("voting")
    voting = cycle.phases.get(kind="voting")
    for person in (
        make_staff(StaffRoleKind.MANAGER, tree.zomin),
        make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon),
    ):
        with pytest.raises(ServiceError):
            svc.phase_extend(voting, new_ends_at=voting.ends_at + timedelta(days=1), note="x", staff=person, now=T0)
    Cycle.objects.filter(pk=cycle.pk).update(results_published_at=T0)
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    with pytest.raises(ServiceError) as refused:
        svc.phase_extend(voting, new_ends_at=voting.ends_at + timedelta(days=1), note="x", staff=manager, now=T0)
    assert refused.value.message == svc.EXTEND_PUBLISHED


def test_permissions_read_the_clock_through_the_phase(make_cycle, resident):
    """The named permission (used by pages) asks the current phase at the real clock."""
    cycle = make_cycle("voting")
    voter = resident()
    with mock.patch("django.utils.timezone.now", return_value=T0):
        assert voter.has_perm("proposals.vote_cycle", cycle)
    with mock.patch("django.utils.timezone.now", return_value=T0 + timedelta(days=PHASE_DAYS)):
        assert not voter.has_perm("proposals.vote_cycle", cycle)


def test_advancing_ends_the_current_phase_now_and_starts_the_next(make_cycle, tree, make_staff):
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    cycle = make_cycle("review")
    voting_end = cycle.phases.get(kind="voting").ends_at
    assert not phase_allows(cycle, "vote", T0)
    svc.phase_advance(cycle, note="Barcha loyihalar koʻrib chiqildi.", staff=manager, now=T0)
    cycle = Cycle.objects.get(pk=cycle.pk)
    assert cycle_phase(cycle, T0).kind == "voting"
    assert phase_allows(cycle, "vote", T0)
    phases = {phase.kind: phase for phase in cycle.phases.all()}
    assert phases["review"].ends_at == T0 == phases["voting"].starts_at
    assert phases["voting"].ends_at == voting_end  # its planned end stays
    extension = PhaseExtension.objects.get()
    assert (extension.phase.kind, extension.new_ends_at) == ("review", T0)
    assert ModelLogEntry.objects.filter(action="proposals.phase_advanced").exists()


def test_advancing_is_for_managers_and_needs_a_note_and_a_next_phase(make_cycle, tree, make_staff):
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    cycle = make_cycle("review")
    with pytest.raises(ServiceError) as no_note:
        svc.phase_advance(cycle, note=" ", staff=manager, now=T0)
    assert no_note.value.message == svc.EXTEND_NOTE
    with pytest.raises(ServiceError):
        svc.phase_advance(cycle, note="x", staff=make_staff(StaffRoleKind.RESPONDER, tree.yangiqorgon), now=T0)
    last = make_cycle("implementation")
    with pytest.raises(ServiceError) as no_next:
        svc.phase_advance(last, note="x", staff=manager, now=T0)
    assert no_next.value.message == svc.ADVANCE_NO_NEXT
    assert not PhaseExtension.objects.exists()
    assert cycle_phase(Cycle.objects.get(pk=cycle.pk), T0).kind == "review"


def test_once_voting_started_earlier_phases_cannot_reopen_and_eligibility_is_frozen(make_cycle, tree, make_staff):
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    cycle = make_cycle("voting")
    for kind in ("submission", "review"):
        phase = cycle.phases.get(kind=kind)
        with pytest.raises(ServiceError) as refused:
            svc.phase_extend(phase, new_ends_at=T0 + timedelta(days=3), note="Qayta ochish", staff=manager, now=T0)
        assert refused.value.message == svc.EXTEND_BEFORE_VOTING
    for change in ({"verification_level": 0}, {"minimum_age": 16}):
        with pytest.raises(ServiceError) as frozen:
            svc.cycle_update(cycle, staff=manager, now=T0, **change)
        assert frozen.value.message == svc.RULES_FROZEN
    # An ended vote may restart after an outage: results and implementation move along.
    results = make_cycle("results")
    voting = results.phases.get(kind="voting")
    svc.phase_extend(
        voting, new_ends_at=T0 + timedelta(days=2), note="Uzilishdan keyin qayta ovoz berish.", staff=manager, now=T0
    )
    assert phase_allows(Cycle.objects.get(pk=results.pk), "vote", T0)


def test_an_ended_phase_other_than_voting_does_not_reopen(make_cycle, tree, make_staff):
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    cycle = make_cycle("review")
    submission = cycle.phases.get(kind="submission")
    with pytest.raises(ServiceError) as refused:
        svc.phase_extend(submission, new_ends_at=T0 + timedelta(days=1), note="x", staff=manager, now=T0)
    assert refused.value.message == svc.EXTEND_ENDED


def test_points_ballots_cannot_ask_more_projects_than_points(tree):
    with pytest.raises(ServiceError) as refused:
        _create(tree, ballot_type="cumulative", points_total=3, min_choices=4, winner_rule="greedy", max_choices=None)
    assert refused.value.message == svc.MIN_CHOICES_POINTS
