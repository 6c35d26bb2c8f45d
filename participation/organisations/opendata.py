"""Open data of organisations: the verified ones the public list shows, with their public
fields only. ``contacts`` is left out (it may hold a representative's own phone or e-mail), and
so are members and representatives: the site names a representative only when they agreed
(``Membership.named_publicly``), and the dataset names none."""

from participation.opendata import columns as c
from participation.opendata.registry import Column, Dataset, Text, register
from participation.organisations.models import OrganisationKind
from participation.organisations.selectors import organisations_public


def _organisation_rows():
    return (
        organisations_public()
        .order_by("pk")
        .values_list(
            "pk", "slug", "kind", "territory_id", "name_uz", "name_ru", "description", "registry_number", "verified_at"
        )
    )


ORGANISATIONS = Dataset(
    name="organisations",
    position=60,
    title=Text(en="Organisations", uz="Tashkilotlar", ru="Организации"),
    description=Text(
        en="Organisations verified by their khokimiyat (NGOs, women's action groups, mahalla bodies and others): public fields only.",
        uz="Hokimlik tomonidan tasdiqlangan tashkilotlar (NNT, xotin-qizlar faollari guruhlari, mahalla organlari va boshqalar): faqat ochiq maydonlar.",
        ru="Организации, проверенные хокимиятом (ННО, женские инициативные группы, органы махалли и другие): только открытые поля.",
    ),
    columns=(
        c.id_column(Text(en="Organisation id.", uz="Tashkilot identifikatori.", ru="Идентификатор организации.")),
        Column(
            "slug",
            "string",
            Text(
                en="Address of its page on the site.", uz="Saytdagi sahifa manzili.", ru="Адрес её страницы на сайте."
            ),
            required=True,
            unique=True,
        ),
        Column(
            "kind",
            "string",
            Text(en="Kind of organisation.", uz="Tashkilot turi.", ru="Вид организации."),
            required=True,
            enum=tuple(OrganisationKind.values),
        ),
        c.territory_column(),
        c.text_column(
            "name_uz", Text(en="Name in Uzbek.", uz="Oʻzbekcha nomi.", ru="Название на узбекском."), required=True
        ),
        c.text_column("name_ru", Text(en="Name in Russian.", uz="Ruscha nomi.", ru="Название на русском.")),
        c.text_column("description", Text(en="What it does.", uz="Faoliyati.", ru="Чем занимается.")),
        c.text_column(
            "registry_number",
            Text(
                en="State registration number.",
                uz="Davlat roʻyxatidan oʻtish raqami.",
                ru="Номер государственной регистрации.",
            ),
        ),
        c.datetime_column(
            "verified_at",
            Text(
                en="When the khokimiyat verified it (UTC).",
                uz="Hokimlik tasdiqlagan vaqt (UTC).",
                ru="Когда хокимият её проверил (UTC).",
            ),
        ),
    ),
    rows=_organisation_rows,
    modified="verified_at",
    foreign_keys=(c.TERRITORY_KEY,),
)


def register_opendata() -> None:
    register(ORGANISATIONS)
