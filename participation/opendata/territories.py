"""The territories dataset: the tree every other dataset's ``territory_id`` points into.

Registered by the core itself (territories are core data), from ``ParticipationConfig.ready()``.
"""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr

from participation.models import Territory
from participation.models.territories import TerritoryKind
from participation.opendata.columns import TERRITORIES, count_column, id_column, reference, text_column
from participation.opendata.registry import Column, Dataset, ForeignKey, Text, register


def _territory_rows():
    """Every territory with its parent's id: the parent is the node whose path is this one's
    without its last step (django-treebeard's materialised path), read by a correlated subquery
    on the indexed path, so the table is one query however deep the tree."""
    step = Territory.steplen
    parent = Territory.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - step)).values("pk")[
        :1
    ]
    return (
        Territory.objects.annotate(parent_id=Subquery(parent))
        .order_by("path")
        .values_list(
            "pk", "parent_id", "kind", "code", "name_uz", "name_ru", "name_en", "population", "valid_from", "valid_to"
        )
    )


TERRITORIES_DATASET = Dataset(
    name=TERRITORIES,
    position=1,
    title=Text(en="Territories", uz="Hududlar", ru="Территории"),
    description=Text(
        en="Regions, districts, cities and mahallas of Uzbekistan as the platform knows them, as a tree.",
        uz="Platformadagi Oʻzbekiston viloyatlari, tumanlari, shaharlari va mahallalari, daraxt koʻrinishida.",
        ru="Области, районы, города и махалли Узбекистана, известные платформе, в виде дерева.",
    ),
    columns=(
        id_column(Text(en="Territory id.", uz="Hudud identifikatori.", ru="Идентификатор территории.")),
        reference(
            "parent_id",
            Text(
                en="Id of the territory this one lies in (empty for the country).",
                uz="Ushbu hudud joylashgan hudud identifikatori (mamlakat uchun boʻsh).",
                ru="Идентификатор территории, в которую входит эта (пусто для страны).",
            ),
        ),
        Column(
            "kind",
            "string",
            Text(en="Kind of territory.", uz="Hudud turi.", ru="Вид территории."),
            required=True,
            enum=tuple(TerritoryKind.values),
        ),
        text_column(
            "code",
            Text(
                en="Official code: ISO 3166-2 for regions, SOATO for districts, cities and mahallas.",
                uz="Rasmiy kod: viloyatlar uchun ISO 3166-2, tuman, shahar va mahallalar uchun SOATO.",
                ru="Официальный код: ISO 3166-2 для областей, СОАТО для районов, городов и махаллей.",
            ),
        ),
        text_column(
            "name_uz",
            Text(en="Name in Uzbek (Latin).", uz="Oʻzbekcha nomi (lotin).", ru="Название на узбекском (латиница)."),
            required=True,
        ),
        text_column("name_ru", Text(en="Name in Russian.", uz="Ruscha nomi.", ru="Название на русском.")),
        text_column("name_en", Text(en="Name in English.", uz="Inglizcha nomi.", ru="Название на английском.")),
        count_column(
            "population",
            Text(en="Population, if known.", uz="Aholi soni, agar maʼlum boʻlsa.", ru="Население, если известно."),
            required=False,
        ),
        Column("valid_from", "date", Text(en="Exists since.", uz="Amal qilish boshlanishi.", ru="Существует с.")),
        Column("valid_to", "date", Text(en="Retired on.", uz="Amal qilish tugagan sana.", ru="Упразднена.")),
    ),
    rows=_territory_rows,
    foreign_keys=(ForeignKey(("parent_id",), ""),),  # "": this same table,
)


def register_territories() -> None:
    register(TERRITORIES_DATASET)
