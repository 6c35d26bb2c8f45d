"""Territories: nodes of the country → region → district → mahalla tree (django-treebeard),
and the small slice of the real tree most tests share."""

from dataclasses import dataclass

import factory

from participation.models import Territory, TerritoryKind


class TerritoryFactory(factory.django.DjangoModelFactory):
    """A territory; with ``parent`` it is added under it, without it becomes a root."""

    class Meta:
        model = Territory

    kind = TerritoryKind.MAHALLA
    name_uz = factory.Sequence(lambda n: f"Mahalla {n}")
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        node = model_class(*args, **kwargs)
        return parent.add_child(instance=node) if parent is not None else model_class.add_root(instance=node)


def region(country: Territory, name_uz: str, **fields) -> Territory:
    return TerritoryFactory(parent=country, kind=TerritoryKind.REGION, name_uz=name_uz, **fields)


def district(region: Territory, name_uz: str, **fields) -> Territory:
    return TerritoryFactory(parent=region, kind=TerritoryKind.DISTRICT, name_uz=name_uz, **fields)


def mahalla(district: Territory, name_uz: str, **fields) -> Territory:
    return TerritoryFactory(parent=district, kind=TerritoryKind.MAHALLA, name_uz=name_uz, **fields)


@dataclass
class Tree:
    """A small slice of the real tree: two regions; Namangan has two districts (Yangiqoʻrgʻon
    and its neighbour Chortoq), Jizzax one (Zomin); Yangiqoʻrgʻon and Zomin have two mahallas,
    Chortoq one. The neighbour in the same region is what shows a role reaching too far."""

    country: Territory
    namangan: Territory
    jizzakh: Territory
    yangiqorgon: Territory
    zomin: Territory
    navbahor: Territory
    istiqlol: Territory
    duoba: Territory
    oʻrikli: Territory
    chortoq: Territory
    bogʻishamol: Territory


def territory_tree() -> Tree:
    country = TerritoryFactory(kind=TerritoryKind.COUNTRY, code="UZ", name_uz="Oʻzbekiston Respublikasi")
    namangan = region(country, "Namangan viloyati", code="UZ-NG", name_ru="Наманганская область")
    jizzakh = region(country, "Jizzax viloyati", code="UZ-JI", name_ru="Джизакская область")
    yangiqorgon = district(namangan, "Yangiqoʻrgʻon tumani", name_ru="Янгикурганский район")
    zomin = district(jizzakh, "Zomin tumani", name_ru="Зааминский район")
    tree = Tree(
        country=country,
        namangan=namangan,
        jizzakh=jizzakh,
        yangiqorgon=yangiqorgon,
        zomin=zomin,
        navbahor=mahalla(yangiqorgon, "Navbahor"),
        istiqlol=mahalla(yangiqorgon, "Istiqlol"),
        duoba=mahalla(zomin, "Duoba"),
        oʻrikli=mahalla(zomin, "Oʻrikli"),
        chortoq=None,
        bogʻishamol=None,
    )
    # Made last, so the rows (and their order) of the older slice stay as they were.
    tree.chortoq = district(namangan, "Chortoq tumani", name_ru="Чартакский район")
    tree.bogʻishamol = mahalla(tree.chortoq, "Bogʻishamol")
    return tree
