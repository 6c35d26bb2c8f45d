"""Open data of consultations: the public consultations and their published inputs with the
khokimiyat's disposition of each.

An input's author, the name it was "said by" on paper or at a meeting, and the demographics
recorded with it are never included; an organisation's id only while the organisation is
public (verified), so every id resolves in the organisations dataset.
"""

from django.db.models import Case, F, Value, When

from meetings.consultations.models import (
    PUBLIC_INPUT_CHANNELS,
    PUBLISHED_AS_ONLINE,
    Audience,
    Disposition,
    Input,
    InputChannel,
    InputStatus,
    InputTarget,
)
from meetings.consultations.selectors import consultations_public
from meetings.consultations.transitions import PUBLIC_CONSULTATION_STATUSES
from participation.opendata import columns as c
from participation.opendata.registry import Column, Dataset, ForeignKey, Text, latest_of, register
from participation.organisations.selectors import organisations_public

CONSULTATIONS = "consultations"


def _consultation_rows():
    return (
        consultations_public()
        .prefetch_related(None)
        .order_by("pk")
        .values_list(
            "pk",
            "territory_id",
            "title",
            "summary",
            "audience",
            "status",
            "published_inputs",
            "published_at",
            "outcome_due_at",
            "concluded_at",
            "outcome_summary",
        )
    )


def _input_rows():
    public_organisation = Case(
        When(organisation__in=organisations_public().order_by().values("pk"), then=F("organisation_id")), default=None
    )
    return (
        Input.objects.filter(
            status=InputStatus.PUBLISHED, consultation__in=consultations_public().order_by().values("pk")
        )
        .annotate(
            public_organisation=public_organisation,
            # Published as online: see models.PUBLIC_INPUT_CHANNELS.
            public_channel=Case(
                When(channel__in=PUBLISHED_AS_ONLINE, then=Value(InputChannel.ONLINE.value)), default=F("channel")
            ),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "consultation_id",
            "public_organisation",
            "participant_kind",
            "public_channel",
            "target",
            "text",
            "published_at",
            "disposition",
            "disposition_reason",
            "disposition_at",
        )
    )


CONSULTATIONS_DATASET = Dataset(
    name=CONSULTATIONS,
    position=70,
    title=Text(en="Consultations", uz="Maslahatlashuvlar", ru="Консультации"),
    description=Text(
        en="Public consultations on draft decisions: who may take part, dates and the published outcome.",
        uz="Qaror loyihalari boʻyicha ochiq maslahatlashuvlar: kim qatnashishi mumkin, sanalar va eʼlon qilingan natija.",
        ru="Публичные консультации по проектам решений: кто может участвовать, сроки и опубликованный итог.",
    ),
    columns=(
        c.id_column(Text(en="Consultation id.", uz="Maslahatlashuv identifikatori.", ru="Идентификатор консультации.")),
        c.territory_column(),
        c.text_column("title", c.TITLE, required=True),
        c.text_column("summary", Text(en="Summary.", uz="Qisqacha mazmun.", ru="Краткое содержание.")),
        Column(
            "audience",
            "string",
            Text(en="Who may take part.", uz="Kim qatnashishi mumkin.", ru="Кто может участвовать."),
            required=True,
            enum=tuple(Audience.values),
        ),
        Column("status", "string", c.STATUS, required=True, enum=tuple(sorted(PUBLIC_CONSULTATION_STATUSES))),
        c.count_column(
            "published_inputs",
            Text(en="Published inputs.", uz="Eʼlon qilingan takliflar.", ru="Опубликованные предложения."),
        ),
        c.datetime_column("published_at", c.PUBLISHED_AT),
        c.datetime_column(
            "outcome_due_at",
            Text(en="Deadline of the outcome (UTC).", uz="Natija muddati (UTC).", ru="Срок публикации итога (UTC)."),
        ),
        c.datetime_column(
            "concluded_at",
            Text(
                en="When the outcome was published (UTC).",
                uz="Natija eʼlon qilingan vaqt (UTC).",
                ru="Когда опубликован итог (UTC).",
            ),
        ),
        c.text_column(
            "outcome_summary",
            Text(
                en="What the khokimiyat did with the inputs.",
                uz="Hokimlik takliflar bilan nima qildi.",
                ru="Что хокимият сделал с предложениями.",
            ),
        ),
    ),
    rows=_consultation_rows,
    modified=latest_of("published_at", "concluded_at"),
    foreign_keys=(c.TERRITORY_KEY,),
)

CONSULTATION_INPUTS = Dataset(
    name="consultation-inputs",
    position=71,
    title=Text(
        en="Consultation inputs and dispositions",
        uz="Maslahatlashuv takliflari va ularga qarorlar",
        ru="Предложения по консультациям и решения по ним",
    ),
    description=Text(
        en="Published proposals and positions given in consultations, with the khokimiyat's disposition and reason. "
        "Individuals are not named.",
        uz="Maslahatlashuvlarda bildirilgan eʼlon qilingan takliflar va pozitsiyalar, hokimlik qarori va sababi bilan. "
        "Jismoniy shaxslar koʻrsatilmaydi.",
        ru="Опубликованные предложения и позиции в консультациях с решением хокимията и его обоснованием. "
        "Физические лица не указываются.",
    ),
    columns=(
        c.id_column(Text(en="Input id.", uz="Taklif identifikatori.", ru="Идентификатор предложения.")),
        c.reference(
            "consultation_id",
            Text(
                en="Consultation id in the consultations dataset.",
                uz="consultations toʻplamidagi maslahatlashuv identifikatori.",
                ru="Идентификатор консультации в наборе consultations.",
            ),
            required=True,
        ),
        c.reference(
            "organisation_id",
            Text(
                en="Organisation that gave it (organisations dataset); empty for an individual.",
                uz="Uni bildirgan tashkilot (organisations toʻplami); jismoniy shaxs uchun boʻsh.",
                ru="Организация, давшая предложение (набор organisations); пусто для физического лица.",
            ),
        ),
        c.text_column(
            "participant_kind",
            Text(
                en="Individual, or the kind of organisation.",
                uz="Jismoniy shaxs yoki tashkilot turi.",
                ru="Физическое лицо или вид организации.",
            ),
            required=True,
        ),
        Column(
            "channel",
            "string",
            Text(en="How it was given.", uz="Qanday bildirilgan.", ru="Как подано."),
            required=True,
            enum=tuple(value for value, _label in PUBLIC_INPUT_CHANNELS),
        ),
        Column(
            "target",
            "string",
            Text(en="What it is about.", uz="Nimaga tegishli.", ru="К чему относится."),
            required=True,
            enum=tuple(InputTarget.values),
        ),
        c.text_column(
            "text", Text(en="The proposal or position.", uz="Taklif yoki pozitsiya.", ru="Предложение или позиция.")
        ),
        c.datetime_column("published_at", c.PUBLISHED_AT),
        Column(
            "disposition",
            "string",
            Text(
                en="What the khokimiyat decided about it.",
                uz="Hokimlik u haqida nima qaror qildi.",
                ru="Что решил хокимият.",
            ),
            enum=tuple(Disposition.values),
        ),
        c.text_column("disposition_reason", Text(en="Why.", uz="Nima uchun.", ru="Почему.")),
        c.datetime_column(
            "disposition_at",
            Text(en="When it was decided (UTC).", uz="Qaror qilingan vaqt (UTC).", ru="Когда решено (UTC)."),
        ),
    ),
    rows=_input_rows,
    modified=latest_of("published_at", "disposition_at"),
    foreign_keys=(ForeignKey(("consultation_id",), CONSULTATIONS), ForeignKey(("organisation_id",), "organisations")),
)


def register_opendata() -> None:
    register(CONSULTATIONS_DATASET, CONSULTATION_INPUTS)
