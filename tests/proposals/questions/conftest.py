"""Fixtures of the question tests: two khokimiyat pages, a resident and the question staff."""

import pytest

from cms.models import KhokimiyatPage
from participation.models import StaffRoleKind
from tests.proposals.questions.support import make_resident


@pytest.fixture
def khokimiyat(tree, home_page) -> KhokimiyatPage:
    return home_page.add_child(
        instance=KhokimiyatPage(
            title="Yangiqoʻrgʻon tumani hokimligi",
            slug="yangiqorgon",
            territory=tree.yangiqorgon,
            address="Yangiqoʻrgʻon shahri, Mustaqillik koʻchasi 1",
        )
    )


@pytest.fixture
def other_khokimiyat(tree, home_page) -> KhokimiyatPage:
    return home_page.add_child(
        instance=KhokimiyatPage(
            title="Zomin tumani hokimligi", slug="zomin", territory=tree.zomin, address="Zomin shahri"
        )
    )


@pytest.fixture
def resident(db):
    return make_resident(full_name="Dilnoza Karimova", preferred_language="uz")


@pytest.fixture
def staff(make_staff, tree):
    """Every question role on Yangiqoʻrgʻon, and a manager of the region above it."""
    return {
        "moderator": make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon),
        "responder": make_staff(StaffRoleKind.RESPONDER, tree.yangiqorgon),
        "manager": make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon),
        "editor": make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon),
        "region_manager": make_staff(StaffRoleKind.MANAGER, tree.namangan),
    }
