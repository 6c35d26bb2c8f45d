"""Open data of the information pages: decisions, public services and service centres, each
in every language it is published in (one row per page; ``translation_key`` ties the language
versions of one page together). Only live pages without a view restriction are included."""

from cms.models.decisions import DecisionPage, DecisionStatus
from cms.models.services import CentreKind, ServiceCentrePage, ServicePage
from participation.opendata import columns as c
from participation.opendata.registry import Column, Dataset, Text, register

LANGUAGE = Text(en="Language of the page.", uz="Sahifa tili.", ru="Язык страницы.")
TRANSLATION_KEY = Text(
    en="Shared by the language versions of the same page.",
    uz="Bir sahifaning turli tildagi nusxalari uchun umumiy.",
    ru="Общий для языковых версий одной страницы.",
)
LAST_PUBLISHED = Text(
    en="Last published (UTC).", uz="Oxirgi marta eʼlon qilingan (UTC).", ru="Последняя публикация (UTC)."
)


def _public(model):
    return model.objects.live().public().order_by("pk")


def _decision_rows():
    return _public(DecisionPage).values_list(
        "pk",
        "locale__language_code",
        "translation_key",
        "title",
        "number",
        "date",
        "status",
        "listing_summary",
        "last_published_at",
    )


def _service_rows():
    return _public(ServicePage).values_list(
        "pk",
        "locale__language_code",
        "translation_key",
        "title",
        "description",
        "eligibility",
        "fee_soum",
        "time_limit_days",
        "legal_basis",
        "online_url",
        "last_published_at",
    )


def _centre_rows():
    return _public(ServiceCentrePage).values_list(
        "pk",
        "locale__language_code",
        "translation_key",
        "title",
        "kind",
        "territory_id",
        "address",
        "phone",
        *c.ACCESSIBILITY_FIELDS,
        "last_published_at",
    )


def _page_columns(what: Text) -> tuple[Column, ...]:
    return (
        c.id_column(what),
        c.text_column("language", LANGUAGE, required=True),
        c.text_column("translation_key", TRANSLATION_KEY, required=True),
        c.text_column("title", c.TITLE, required=True),
    )


DECISIONS = Dataset(
    name="decisions",
    position=30,
    title=Text(en="Decisions", uz="Qarorlar", ru="Решения"),
    description=Text(
        en="Official acts of khokimiyats published on the site: number, date of adoption and whether they are in force.",
        uz="Saytda eʼlon qilingan hokimlik rasmiy hujjatlari: raqami, qabul qilingan sanasi va kuchdaligi.",
        ru="Официальные акты хокимиятов, опубликованные на сайте: номер, дата принятия и действует ли акт.",
    ),
    columns=(
        *_page_columns(
            Text(
                en="Page id of the decision.", uz="Qaror sahifasi identifikatori.", ru="Идентификатор страницы решения."
            )
        ),
        c.text_column("number", Text(en="Number of the act.", uz="Hujjat raqami.", ru="Номер акта."), required=True),
        Column(
            "date", "date", Text(en="Date of adoption.", uz="Qabul qilingan sana.", ru="Дата принятия."), required=True
        ),
        Column("status", "string", c.STATUS, required=True, enum=tuple(DecisionStatus.values)),
        c.text_column("summary", Text(en="Short summary.", uz="Qisqacha mazmun.", ru="Краткое содержание.")),
        c.datetime_column("last_published_at", LAST_PUBLISHED),
    ),
    rows=_decision_rows,
    modified="last_published_at",
)

SERVICES = Dataset(
    name="services",
    position=31,
    title=Text(en="Public services", uz="Davlat xizmatlari", ru="Государственные услуги"),
    description=Text(
        en="Services residents can apply for: who may apply, the fee, the time limit and the legal basis.",
        uz="Aholi murojaat qilishi mumkin boʻlgan xizmatlar: kim murojaat qilishi mumkin, toʻlov, muddat va huquqiy asos.",
        ru="Услуги, за которыми могут обратиться жители: кто может обратиться, плата, срок и правовое основание.",
    ),
    columns=(
        *_page_columns(
            Text(
                en="Page id of the service.", uz="Xizmat sahifasi identifikatori.", ru="Идентификатор страницы услуги."
            )
        ),
        c.text_column("description", Text(en="What it is.", uz="Bu nima.", ru="Что это.")),
        c.text_column(
            "eligibility", Text(en="Who may apply.", uz="Kim murojaat qilishi mumkin.", ru="Кто может обратиться.")
        ),
        c.soum_column(
            "fee_soum",
            Text(en="Fee in soum (0: free).", uz="Toʻlov, soʻmda (0: bepul).", ru="Плата в сумах (0: бесплатно)."),
        ),
        c.count_column(
            "time_limit_days", Text(en="Time limit in days.", uz="Muddat, kunlarda.", ru="Срок в днях."), required=False
        ),
        c.text_column("legal_basis", Text(en="Legal basis.", uz="Huquqiy asos.", ru="Правовое основание.")),
        c.text_column(
            "online_url",
            Text(en="Where to apply online.", uz="Onlayn murojaat manzili.", ru="Где подать заявление онлайн."),
        ),
        c.datetime_column("last_published_at", LAST_PUBLISHED),
    ),
    rows=_service_rows,
    modified="last_published_at",
)

CENTRES = Dataset(
    name="service-centres",
    position=32,
    title=Text(en="Service centres", uz="Xizmat koʻrsatish markazlari", ru="Центры госуслуг"),
    description=Text(
        en="Public service centres and mahalla self-service zones: where they are, their office phone and accessibility.",
        uz="Davlat xizmatlari markazlari va mahalla oʻz-oʻziga xizmat zonalari: joylashuvi, idora telefoni va qulayligi.",
        ru="Центры госуслуг и зоны самообслуживания в махаллях: где находятся, телефон учреждения и доступность.",
    ),
    columns=(
        *_page_columns(
            Text(en="Page id of the centre.", uz="Markaz sahifasi identifikatori.", ru="Идентификатор страницы центра.")
        ),
        Column(
            "kind",
            "string",
            Text(en="Kind of centre.", uz="Markaz turi.", ru="Вид центра."),
            required=True,
            enum=tuple(CentreKind.values),
        ),
        c.territory_column(),
        c.text_column("address", Text(en="Address of the centre.", uz="Markaz manzili.", ru="Адрес центра.")),
        c.text_column("phone", Text(en="Phone of the centre.", uz="Markaz telefoni.", ru="Телефон центра.")),
        *c.accessibility_columns(),
        c.datetime_column("last_published_at", LAST_PUBLISHED),
    ),
    rows=_centre_rows,
    modified="last_published_at",
    foreign_keys=(c.TERRITORY_KEY,),
)


def register_opendata() -> None:
    register(DECISIONS, SERVICES, CENTRES)
