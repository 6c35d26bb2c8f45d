"""A role reaches its own territory and what lies inside it, never the district next door nor
the region above. The shared tree has two districts in Namangan (Yangiqoʻrgʻon and its
neighbour Chortoq), so a rule that looked at the region instead of the district shows here.

The matrix: each staff role of Yangiqoʻrgʻon × each staff action on petitions and on PB
cycles × an item of Yangiqoʻrgʻon ("own"), of Chortoq ("neighbour") and of Namangan itself
("parent"). The expectation is the rule in words: the role allows the action, and the item is
the staff member's own district's.
"""

import pytest

from participation.models import ModerationItem, ModerationKind
from participation.models import StaffRoleKind as R
from proposals.budgeting.models import ProjectStatus
from proposals.petitions.models import PetitionStatus as S
from tests.factories.petitions import PetitionFactory

ROLES = [R.EDITOR, R.MODERATOR, R.RESPONDER, R.MANAGER]
PLACES = {"own": "yangiqorgon", "neighbour": "chortoq", "parent": "namangan"}
# action: (permission, what it is checked on, the roles that may do it on their own district)
ACTIONS = {
    "answer a petition": ("proposals.answer_petition", "petition", {R.RESPONDER, R.MANAGER}),
    "extend a petition's answer date": ("proposals.extend_petition", "petition", {R.RESPONDER, R.MANAGER}),
    "invalidate signatures": ("proposals.invalidate_signatures", "petition", {R.MODERATOR, R.MANAGER}),
    "decide on a petition in moderation": ("participation.decide_moderation", "review", {R.MODERATOR, R.MANAGER}),
    "manage a PB cycle": ("proposals.manage_cycle", "cycle", {R.MANAGER}),
    "extend a PB phase": ("proposals.extend_phase", "cycle", {R.MANAGER}),
    "publish PB results": ("proposals.publish_results", "cycle", {R.MANAGER}),
    "annul PB ballots": ("proposals.annul_ballots", "cycle", {R.MODERATOR, R.MANAGER}),
    "see PB anomalies": ("proposals.see_anomalies", "cycle", {R.MODERATOR, R.MANAGER}),
    "review a PB project": ("proposals.review_project", "project", {R.RESPONDER, R.MANAGER}),
}


def expected(role: str, action: str, place: str) -> bool:
    return place == "own" and role in ACTIONS[action][2]


@pytest.fixture
def items(tree, make_cycle, make_project, resident):
    """For each place: a petition that reached its threshold, its review item, a PB cycle in
    voting and a project awaiting feasibility there."""
    made = {}
    for place, where in PLACES.items():
        territory = getattr(tree, where)
        petition = PetitionFactory(territory=territory, status=S.THRESHOLD_REACHED, author=resident())
        review = ModerationItem(kind=ModerationKind.REVIEW, territory=territory, author=petition.author, title="x")
        cycle = make_cycle("voting", territory=territory, title=f"{territory.name_uz}: ochiq budjet")
        mahalla = territory.get_children().first() or tree.bogʻishamol
        project = make_project(cycle, status=ProjectStatus.REVIEW, mahalla=mahalla)
        made[place] = {"petition": petition, "review": review, "cycle": cycle, "project": project}
    return made


@pytest.mark.parametrize("role", ROLES)
def test_yangiqorgon_staff_act_on_their_district_only(tree, make_staff, items, at_t0, role):
    staff = make_staff(role, tree.yangiqorgon)
    mismatches = []
    for action, (permission, target, _roles) in ACTIONS.items():
        for place in PLACES:
            allowed = staff.has_perm(permission, items[place][target])
            if allowed != expected(role, action, place):
                mismatches.append((action, place, allowed))
    assert mismatches == []


def test_the_neighbour_is_a_district_of_the_same_region(tree):
    """What makes the matrix above meaningful: one region holds both districts."""
    assert tree.chortoq.get_parent() == tree.yangiqorgon.get_parent() == tree.namangan
    assert tree.bogʻishamol.get_parent() == tree.chortoq


@pytest.mark.parametrize("role", [R.MODERATOR, R.RESPONDER, R.MANAGER])
def test_the_regions_staff_reach_both_districts(tree, make_staff, items, at_t0, role):
    """The converse: a role on Namangan covers Yangiqoʻrgʻon and Chortoq alike (and the region)."""
    staff = make_staff(role, tree.namangan)
    for action, (permission, target, roles) in ACTIONS.items():
        assert {place: staff.has_perm(permission, items[place][target]) for place in PLACES} == dict.fromkeys(
            PLACES, role in roles
        ), action
