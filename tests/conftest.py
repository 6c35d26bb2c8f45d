from dataclasses import dataclass

import pytest
from django.utils import translation

from participation.models import Territory, TerritoryKind
from participation.services.roles import staff_role_grant
from tests.factories import UserFactory

pytest_plugins = ["tests.petition_fixtures", "tests.budgeting_fixtures"]


@dataclass
class Tree:
    """A small slice of the real tree: two regions, one district each, two mahallas each."""

    country: Territory
    namangan: Territory
    jizzakh: Territory
    yangiqorgon: Territory
    zomin: Territory
    navbahor: Territory
    istiqlol: Territory
    duoba: Territory
    oʻrikli: Territory


@pytest.fixture
def home_page(db):
    """The site's home page. Migrations create it (with the locales and the root document
    collection), but transactional tests (the live server, the Celery worker) flush the
    database, so tests that serve pages make sure of all three."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page, Site

    from cms.models import HomePage

    for code, _label in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(instance=HomePage(title="Ishtirok", slug="home"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "site_name": "Ishtirok"}
        )
    return home


@pytest.fixture
def tree(db, home_page) -> Tree:
    country = Territory.add_root(kind=TerritoryKind.COUNTRY, code="UZ", name_uz="Oʻzbekiston Respublikasi")
    namangan = country.add_child(
        kind=TerritoryKind.REGION, code="UZ-NG", name_uz="Namangan viloyati", name_ru="Наманганская область"
    )
    jizzakh = country.add_child(
        kind=TerritoryKind.REGION, code="UZ-JI", name_uz="Jizzax viloyati", name_ru="Джизакская область"
    )
    yangiqorgon = namangan.add_child(
        kind=TerritoryKind.DISTRICT, name_uz="Yangiqoʻrgʻon tumani", name_ru="Янгикурганский район"
    )
    zomin = jizzakh.add_child(kind=TerritoryKind.DISTRICT, name_uz="Zomin tumani", name_ru="Зааминский район")
    return Tree(
        country=country,
        namangan=namangan,
        jizzakh=jizzakh,
        yangiqorgon=yangiqorgon,
        zomin=zomin,
        navbahor=yangiqorgon.add_child(kind=TerritoryKind.MAHALLA, name_uz="Navbahor"),
        istiqlol=yangiqorgon.add_child(kind=TerritoryKind.MAHALLA, name_uz="Istiqlol"),
        duoba=zomin.add_child(kind=TerritoryKind.MAHALLA, name_uz="Duoba"),
        oʻrikli=zomin.add_child(kind=TerritoryKind.MAHALLA, name_uz="Oʻrikli"),
    )


@pytest.fixture
def make_staff(db):
    def make(role: str, territory: Territory, **user_fields):
        user = UserFactory(**user_fields)
        staff_role_grant(user=user, territory=territory, role=role, granted_by=None)
        return user

    return make


@pytest.fixture(autouse=True)
def english_unless_asked():
    """Requests activate the language of their URL and leave it active in the thread; start
    every test from English so one test's language never leaks into the next."""
    with translation.override("en"):
        yield
