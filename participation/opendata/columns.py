"""Columns that many datasets share (ids, territories, dates), described once in three languages."""

from participation.accessibility import ACCESSIBILITY_FEATURES
from participation.opendata.registry import Column, ForeignKey, Text

TERRITORIES = "territories"


def id_column(what: Text) -> Column:
    """The row's stable id (the same number as in the site's addresses)."""
    return Column("id", "integer", what, required=True, unique=True, minimum=1)


def reference(name: str, description: Text, *, required: bool = False) -> Column:
    return Column(name, "integer", description, required=required, minimum=1)


def territory_column(*, required: bool = True) -> Column:
    return reference(
        "territory_id",
        Text(
            en="Id of the territory (region, district, city or mahalla) in the territories dataset.",
            uz="Hudud (viloyat, tuman, shahar yoki mahalla) identifikatori, territories toʻplamida.",
            ru="Идентификатор территории (область, район, город или махалля) в наборе territories.",
        ),
        required=required,
    )


TERRITORY_KEY = ForeignKey(("territory_id",), TERRITORIES)


def text_column(name: str, description: Text, *, required: bool = False) -> Column:
    return Column(name, "string", description, required=required)


def datetime_column(name: str, description: Text, *, required: bool = False) -> Column:
    return Column(name, "datetime", description, required=required)


def count_column(name: str, description: Text, *, required: bool = True) -> Column:
    return Column(name, "integer", description, required=required, minimum=0)


def soum_column(name: str, description: Text, *, required: bool = True) -> Column:
    return Column(name, "integer", description, required=required, minimum=0)


TITLE = Text(en="Title.", uz="Sarlavha.", ru="Заголовок.")
PUBLISHED_AT = Text(en="When it was published (UTC).", uz="Eʼlon qilingan vaqt (UTC).", ru="Время публикации (UTC).")
CREATED_AT = Text(en="When it was created (UTC).", uz="Yaratilgan vaqt (UTC).", ru="Время создания (UTC).")
ANSWER = Text(en="The official answer.", uz="Rasmiy javob.", ru="Официальный ответ.")
ANSWERED_AT = Text(en="When it was answered (UTC).", uz="Javob berilgan vaqt (UTC).", ru="Время ответа (UTC).")
ANSWERED_OFFICE = Text(en="The office that answered.", uz="Javob bergan idora.", ru="Учреждение, давшее ответ.")
ANSWER_DUE_AT = Text(
    en="Legal deadline of the answer (UTC).",
    uz="Javobning qonuniy muddati (UTC).",
    ru="Установленный законом срок ответа (UTC).",
)
STATUS = Text(en="Status (a code).", uz="Holat (kod).", ru="Статус (код).")


# What each accessibility feature (participation.accessibility) means, in the data package's
# three languages: a service centre and a meeting's venue publish the same words.
ACCESSIBILITY = {
    "step_free_entrance": Text(en="Step-free entrance.", uz="Zinasiz kirish.", ru="Вход без ступеней."),
    "accessible_toilet": Text(en="Accessible toilet.", uz="Moslashtirilgan hojatxona.", ru="Доступный туалет."),
    "sign_language": Text(en="Sign-language help.", uz="Imo-ishora tili yordami.", ru="Помощь сурдопереводчика."),
    "large_print": Text(en="Large-print forms.", uz="Yirik shriftli blankalar.", ru="Бланки крупным шрифтом."),
    "elderly_help": Text(en="Help for the elderly.", uz="Keksalarga yordam.", ru="Помощь пожилым."),
}
ACCESSIBILITY_FIELDS = tuple(name for name, _label in ACCESSIBILITY_FEATURES)


def accessibility_columns(*names: str) -> tuple[Column, ...]:
    """A required boolean column for each accessibility feature named (default: all of them)."""
    return tuple(Column(name, "boolean", ACCESSIBILITY[name], required=True) for name in names or ACCESSIBILITY_FIELDS)
