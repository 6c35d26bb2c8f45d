from dataclasses import dataclass

import pytest

from participation.models import Territory, TerritoryKind
from participation.services.roles import staff_role_grant
from tests.factories import UserFactory


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
def tree(db) -> Tree:
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
