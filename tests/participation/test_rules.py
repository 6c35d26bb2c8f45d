"""The permission matrix: role × action × where the role is held, relative to the target."""

import pytest
from django.contrib.auth.models import AnonymousUser

from participation.models import StaffRoleKind
from tests.factories import UserFactory

ACTIONS = {
    "participation.edit_territory": StaffRoleKind.EDITOR,
    "participation.moderate_territory": StaffRoleKind.MODERATOR,
    "participation.respond_territory": StaffRoleKind.RESPONDER,
    "participation.manage_territory": StaffRoleKind.MANAGER,
    "participation.grant_role_territory": StaffRoleKind.MANAGER,
}

# Role held on Yangiqoʻrgʻon district; where the action is attempted; allowed?
PLACES = [
    ("yangiqorgon", True),  # the district itself
    ("navbahor", True),  # a mahalla inside it
    ("namangan", False),  # the region above it
    ("zomin", False),  # another district
    ("duoba", False),  # a mahalla of another district
]


@pytest.mark.parametrize("role", list(StaffRoleKind))
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize(("place", "inside"), PLACES)
def test_district_role_matrix(tree, make_staff, role, action, place, inside):
    user = make_staff(role, tree.yangiqorgon)
    expected = inside and ACTIONS[action] == role
    assert user.has_perm(action, getattr(tree, place)) is expected


@pytest.mark.parametrize("action", list(ACTIONS))
def test_region_role_reaches_every_district_and_mahalla_below(tree, make_staff, action):
    user = make_staff(ACTIONS[action], tree.namangan)
    assert user.has_perm(action, tree.namangan)
    assert user.has_perm(action, tree.yangiqorgon)
    assert user.has_perm(action, tree.navbahor)
    assert not user.has_perm(action, tree.zomin)
    assert not user.has_perm(action, tree.country)


@pytest.mark.parametrize("action", list(ACTIONS))
def test_people_without_roles_may_do_nothing(tree, action):
    citizen = UserFactory(home_territory=tree.navbahor)
    assert not AnonymousUser().has_perm(action, tree.navbahor)
    assert not citizen.has_perm(action, tree.navbahor)
    assert UserFactory(is_superuser=True).has_perm(action, tree.navbahor)


def test_in_person_verification_matrix(tree, make_staff):
    resident = UserFactory(home_territory=tree.navbahor)
    elsewhere = UserFactory(home_territory=tree.duoba)
    homeless = UserFactory()
    district_manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon, home_territory=tree.istiqlol)
    region_manager = make_staff(StaffRoleKind.MANAGER, tree.namangan)
    moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)

    assert district_manager.has_perm("participation.verify_user", resident)
    assert region_manager.has_perm("participation.verify_user", resident)
    assert not district_manager.has_perm("participation.verify_user", elsewhere)
    assert not district_manager.has_perm("participation.verify_user", homeless)
    assert not district_manager.has_perm("participation.verify_user", district_manager)  # never oneself
    assert not moderator.has_perm("participation.verify_user", resident)
    assert not resident.has_perm("participation.verify_user", resident)


def test_role_checks_cost_one_query_per_request_user(tree, make_staff, django_assert_num_queries):
    user = make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)
    user = type(user).objects.get(pk=user.pk)  # a fresh object, as a request would load
    with django_assert_num_queries(1):
        for place in (tree.yangiqorgon, tree.navbahor, tree.zomin, tree.namangan):
            user.has_perm("participation.edit_territory", place)
