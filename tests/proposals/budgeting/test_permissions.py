"""The permission matrix of participatory budgeting: roles x actions x territories x phases.

Each cell is computed from the rule in words (the ``expected`` function), and the named
permissions (``proposals.rules``) must agree on every one. The clock is frozen at T0, inside
the phase under test, because the phase predicates read the current phase.
"""

from unittest import mock

import pytest

from participation.models import StaffRoleKind, VerificationLevel
from proposals.budgeting.models import ImplementationStatus, ProjectStatus
from tests.fixtures.clock import T0

PHASES = ["submission", "review", "voting", "results"]
ROLES = [
    "anonymous",
    "unverified_resident",
    "resident",
    "author",
    "zomin_resident",
    "moderator",
    "responder",
    "manager",
    "region_manager",
    "zomin_manager",
    "chair",
]
ACTIONS = [
    "submit_project",
    "vote_cycle",
    "edit_project",
    "review_project",
    "manage_cycle",
    "extend_phase",
    "annul_ballots",
    "see_anomalies",
    "publish_results",
    "update_implementation",
    "sign_off_as_initiator",
    "sign_off_as_chair",
]
STAFF_HERE = {
    "moderator": {StaffRoleKind.MODERATOR},
    "responder": {StaffRoleKind.RESPONDER},
    "manager": {StaffRoleKind.MANAGER},
    "region_manager": {StaffRoleKind.MANAGER},
}


def expected(role: str, action: str, phase: str, where: str) -> bool:
    """The rules in words. ``where`` is the cycle's district: "home" (Yangiqoʻrgʻon) or "zomin"."""
    lives_here = (role in ("resident", "author", "unverified_resident") and where == "home") or (
        role == "zomin_resident" and where == "zomin"
    )
    verified = role in ("resident", "author", "zomin_resident")
    roles_here = (
        STAFF_HERE.get(role, set())
        if where == "home"
        else ({StaffRoleKind.MANAGER} if role == "zomin_manager" else set())
    )
    if role == "region_manager" and where == "zomin":
        roles_here = set()  # Namangan's manager has no say in Jizzax
    manager = StaffRoleKind.MANAGER in roles_here
    moderator = manager or StaffRoleKind.MODERATOR in roles_here
    responder = manager or StaffRoleKind.RESPONDER in roles_here
    published = phase == "results"  # the results of the "results" cycle are published
    # The project's author: "author" in Yangiqoʻrgʻon, the Zomin resident in Zomin.
    is_author = (role == "author" and where == "home") or (role == "zomin_resident" and where == "zomin")
    return {
        "submit_project": lives_here and verified and phase == "submission",
        "vote_cycle": lives_here and verified and phase == "voting",
        # The author edits while the project is in review, during the phases that allow editing.
        "edit_project": is_author and phase in ("submission", "review"),
        # Feasibility: the khokimiyat answers (responders, managers) until results are published.
        "review_project": responder and not published,
        "manage_cycle": manager,
        "extend_phase": manager,
        "annul_ballots": moderator and not published,
        "see_anomalies": moderator,
        "publish_results": manager and not published,
        # Winners only exist once published; staff report, the initiator and the chair sign off.
        "update_implementation": responder and published,
        "sign_off_as_initiator": is_author and published,
        # The chair holds the role on the project's own mahalla; a district manager is not its chair.
        "sign_off_as_chair": role == "chair" and where == "home" and published,
    }[action]


@pytest.fixture
def cycles(tree, make_cycle, make_project, people):
    """For each district and phase, a cycle and a project by "author" in a fitting status."""
    made = {}
    for where, territory, mahalla in (("home", tree.yangiqorgon, tree.navbahor), ("zomin", tree.zomin, tree.duoba)):
        for phase in PHASES:
            cycle = make_cycle(phase, territory=territory)
            if phase == "results":
                cycle.results_published_at = T0
                cycle.save(update_fields=["results_published_at"])
                status = ProjectStatus.SELECTED
            else:
                status = ProjectStatus.REVIEW
            author = people["author"] if where == "home" else people["zomin_resident"]
            project = make_project(cycle, status=status, mahalla=mahalla, author=author)
            if status == ProjectStatus.SELECTED:
                project.implementation_status = ImplementationStatus.DONE
                project.progress = 100
                project.save()
            made[where, phase] = (cycle, project)
    return made


def test_permission_matrix(people, cycles):
    mismatches = []
    with mock.patch("django.utils.timezone.now", return_value=T0):
        for (where, phase), (cycle, project) in cycles.items():
            for role in ROLES:
                user = people[role]
                for action in ACTIONS:
                    target = (
                        cycle
                        if action
                        in (
                            "submit_project",
                            "vote_cycle",
                            "manage_cycle",
                            "extend_phase",
                            "annul_ballots",
                            "see_anomalies",
                            "publish_results",
                        )
                        else project
                    )
                    got = user.has_perm(f"proposals.{action}", target)
                    if got != expected(role, action, phase, where):
                        mismatches.append((role, action, phase, where, got))
    assert mismatches == [], mismatches
    # 11 roles x 12 actions x 4 phases x 2 territories
    assert len(ROLES) * len(ACTIONS) * len(cycles) == 1056


def test_age_rule_counts_by_year_of_birth(tree, make_cycle, resident):
    cycle = make_cycle("voting", minimum_age=18)
    this_year = T0.year  # the year of the clock the rule reads below, not the real one
    consent = {"demographics_consent_at": T0}
    adult = resident(birth_year=this_year - 18, **consent)
    minor = resident(birth_year=this_year - 17, **consent)
    undeclared = resident()
    with mock.patch("django.utils.timezone.now", return_value=T0):
        assert adult.has_perm("proposals.vote_cycle", cycle)
        assert not minor.has_perm("proposals.vote_cycle", cycle)
        assert not undeclared.has_perm("proposals.vote_cycle", cycle)


def test_verification_level_is_configurable_per_cycle(make_cycle, resident):
    cycle = make_cycle("voting", verification_level=VerificationLevel.PHONE)
    with mock.patch("django.utils.timezone.now", return_value=T0):
        assert not resident().has_perm("proposals.vote_cycle", cycle)
        assert resident(verification_level=VerificationLevel.PHONE).has_perm("proposals.vote_cycle", cycle)
