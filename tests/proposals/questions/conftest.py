"""Fixtures of the question tests: two khokimiyat pages, a resident and the question staff."""

import pytest

from cms.models import KhokimiyatPage
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
def staff(people):
    """The shared ``people``, with the question staff made up front: e-mails go to whoever
    holds a role when a question is decided or answered."""
    people.now("moderator", "responder", "manager", "editor", "region_manager")
    return people
