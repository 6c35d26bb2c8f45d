"""The core of the staff screens (``participation.wagtail_admin``): the rules-backed permission
policy is what Wagtail asks, a staff member of a neighbouring district sees neither the rows nor
the screens of another, and each role's menu offers the screens it may open, and only those."""

import pytest
from django.utils import timezone
from wagtail.permissions import policy_registry

from participation.models import ReasonCode, StaffRoleKind, TerritoryKind
from proposals.budgeting.models import Cycle, PBCategory, ProjectStatus
from proposals.petitions.models import Petition, PetitionRules
from proposals.petitions.models import PetitionStatus as S
from tests.factories import UserFactory

PETITIONS = "/admin/petitions/"
BUDGET = "/admin/budget/"


@pytest.fixture
def chortoq(tree):
    """A neighbouring district of Yangiqoʻrgʻon, in the same region (Namangan)."""
    return tree.namangan.add_child(kind=TerritoryKind.DISTRICT, name_uz="Chortoq tumani")


@pytest.fixture
def awaiting_answer(make_petition, tree, resident):
    """A petition to Yangiqoʻrgʻon that reached its threshold now and awaits the answer."""
    PetitionRules.objects.update(cosponsors_needed=0)
    PetitionRules.objects.filter(level="district").update(signatures_needed=1)
    return make_petition(
        S.THRESHOLD_REACHED,
        author=resident(mahalla=tree.navbahor),
        territory=tree.yangiqorgon,
        now=timezone.now(),
        title="Navbahor yoʻli",
    )


def test_the_policy_answers_wagtail_with_the_rules(tree, make_staff, make_cycle):
    country_manager = make_staff(StaffRoleKind.MANAGER, tree.country)
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)
    categories = policy_registry.get_by_type(PBCategory)
    assert categories.user_has_permission(country_manager, "add")
    assert categories.user_has_permission(country_manager, "change")
    assert not categories.user_has_permission(country_manager, "delete")  # retired, never deleted
    assert not categories.user_has_any_permission(manager, ["add", "change", "view", "delete"])
    assert list(categories.users_with_permission("change")) == [country_manager]
    assert not policy_registry.get_by_type(ReasonCode).user_has_permission(manager, "change")

    cycles = policy_registry.get_by_type(Cycle)
    mine = make_cycle("voting", title="Yangiqoʻrgʻon sikli")
    theirs = make_cycle("voting", territory=tree.zomin, title="Zomin sikli")
    assert list(cycles.instances_user_has_permission_for(moderator, "view")) == [mine]
    assert set(cycles.instances_user_has_permission_for(country_manager, "view")) == {mine, theirs}
    assert cycles.user_has_permission_for_instance(manager, "change", mine)
    assert not cycles.user_has_permission_for_instance(manager, "change", theirs)
    assert cycles.user_has_permission_for_instance(moderator, "view", mine)
    assert not cycles.user_has_permission_for_instance(moderator, "change", mine)  # settings are the manager's


@pytest.mark.parametrize("role", [StaffRoleKind.MANAGER, StaffRoleKind.MODERATOR, StaffRoleKind.RESPONDER])
def test_staff_of_a_neighbouring_district_see_neither_the_rows_nor_the_screens(
    client, make_staff, chortoq, awaiting_answer, make_cycle, make_project, role
):
    petition = awaiting_answer
    cycle = make_cycle("review", at=timezone.now(), title="Yangiqoʻrgʻon sikli")
    project = make_project(cycle, status=ProjectStatus.REVIEW, title="Istiqlol bogʻi")
    client.force_login(make_staff(role, chortoq))
    for listing in (PETITIONS, f"{PETITIONS}?show=all", BUDGET):
        page = client.get(listing)
        assert page.status_code == 200, listing  # their own screens open
        text = page.content.decode()
        assert petition.title not in text and cycle.title not in text, listing
    day = timezone.localdate().isoformat()
    for url in (
        f"{PETITIONS}{petition.pk}/",
        f"{BUDGET}{cycle.pk}/",
        f"{BUDGET}{cycle.pk}/edit/",
        f"{BUDGET}{cycle.pk}/integrity/",
        f"{BUDGET}{cycle.pk}/annul/?cast_on={day}",
        f"{BUDGET}projects/{project.pk}/",
    ):
        assert client.get(url, follow=True).status_code == 404, url
    answer = {"action": "answer", "answer-answer": "Javob."}
    assert client.post(f"{PETITIONS}{petition.pk}/", answer, follow=True).status_code == 404
    feasible = {"action": "feasibility", "feasibility-verdict": "yes", "feasibility-staff_cost": "90000000"}
    assert client.post(f"{BUDGET}projects/{project.pk}/", feasible, follow=True).status_code == 404
    edit = {"title": "Boshqa nom", "budget": "1", "max_project_cost": "1"}
    assert client.post(f"{BUDGET}{cycle.pk}/edit/", edit, follow=True).status_code == 404
    petition.refresh_from_db()
    project.refresh_from_db()
    cycle.refresh_from_db()
    assert (petition.status, project.status, cycle.title) == (
        S.THRESHOLD_REACHED,
        ProjectStatus.REVIEW,
        "Yangiqoʻrgʻon sikli",
    )
    assert Petition.objects.filter(answer="Javob.").count() == 0


# Each screen's menu entry, and who finds it in the menu (superusers see every one).
MENU = {
    "petitions": PETITIONS,
    "budget": BUDGET,
    "moderation_reasons": "/admin/moderation/reasons/",
    "categories": "/admin/budget/categories/",
    "petition_rules": "/admin/petition-rules/",
    "verify": "/admin/verify-in-person/",
}
NATIONAL = {"moderation_reasons", "categories", "petition_rules"}
SEES = {
    "editor": {"petitions"},
    "responder": {"petitions", "budget"},
    "moderator": {"petitions", "budget"},
    "manager": {"petitions", "budget", "verify"},
    "country_manager": set(MENU),
    "superuser": set(MENU),
}


@pytest.mark.parametrize("who", list(SEES))
def test_each_role_finds_in_the_menu_the_screens_it_may_open(client, tree, make_staff, who):
    if who == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        role = StaffRoleKind.MANAGER if who == "country_manager" else who
        user = make_staff(role, tree.country if who == "country_manager" else tree.yangiqorgon)
    client.force_login(user)
    home = client.get("/admin/").content.decode()
    for item, url in MENU.items():
        shown = f'"{url}"' in home
        assert shown is (item in SEES[who]), (who, item)
        opens = client.get(url).status_code
        assert (opens == 200) is shown, (who, item, opens)
    assert SEES[who] >= NATIONAL or not NATIONAL & SEES[who]  # national lists come together
