"""The permission matrix of acting for residents: roles (with the operator, an operator of
another district, a resident, a visitor) × actions × where the target lives."""

import pytest

from participation.models import StaffRoleKind

pytestmark = pytest.mark.django_db

ROLES = ["operator", "zomin_operator", "manager", "moderator", "editor", "responder", "resident", "anonymous"]

# action: (the target is a person living there, or a territory), who may do it there.
ACTIONS = {
    "participation.assist_resident": {"navbahor": {"operator"}, "duoba": {"zomin_operator"}},
    "participation.register_resident": {"navbahor": {"operator"}, "duoba": {"zomin_operator"}},
    "participation.verify_user": {"navbahor": {"operator", "manager"}, "duoba": {"zomin_operator"}},
}
PLACES = ["navbahor", "duoba"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("place", PLACES)
def test_who_may_act_for_whom(tree, people, resident, role, action, place):
    actor = people[role]
    territory = getattr(tree, place)
    target = territory if action == "participation.register_resident" else resident(mahalla=territory)
    assert actor.has_perm(action, target) is (role in ACTIONS[action][place])


@pytest.mark.parametrize("role", ROLES)
def test_only_operators_use_the_desk_and_operators_use_no_staff_tool(people, role):
    actor = people[role]
    assert actor.has_perm("participation.use_operator_desk") is (role in {"operator", "zomin_operator"})
    staff = {"manager", "moderator", "editor", "responder"}
    assert actor.has_perm("participation.use_staff_tools") is (role in staff)
    assert actor.has_perm("participation.manage_operators") is (role == "manager")


def test_an_operator_never_acts_for_themselves(tree, make_staff):
    operator = make_staff(StaffRoleKind.OPERATOR, tree.yangiqorgon, home_territory=tree.navbahor)
    assert not operator.has_perm("participation.assist_resident", operator)
    assert not operator.has_perm("participation.verify_user", operator)


@pytest.mark.parametrize("role", ["operator", "zomin_operator"])
def test_an_operator_has_no_page_moderation_or_territory_permissions(tree, people, role):
    actor = people[role]
    for action in (
        "participation.edit_territory",
        "participation.moderate_territory",
        "participation.respond_territory",
        "participation.manage_territory",
        "participation.grant_role_territory",
    ):
        for place in ("yangiqorgon", "navbahor", "zomin", "duoba"):
            assert not actor.has_perm(action, getattr(tree, place))
    assert not actor.has_perm("participation.use_moderation_queue")
    assert not actor.has_perm("participation.use_verify_in_person")
    assert not actor.has_perm("wagtailadmin.access_admin")


def test_a_region_operator_acts_in_every_district_below(tree, make_staff, resident):
    operator = make_staff(StaffRoleKind.OPERATOR, tree.namangan)
    assert operator.has_perm("participation.assist_resident", resident(mahalla=tree.navbahor))
    assert not operator.has_perm("participation.assist_resident", resident(mahalla=tree.duoba))
