"""Open data of petitions: the published petitions and their signatures counted by mahalla.

Authors, co-sponsors and signers are never named; the counts by mahalla are the ones the
petition page shows. Which petitions are public is the feature's rule (``petitions_public``).
"""

from django.db.models import F
from django.db.models.functions import Greatest

from participation.opendata import columns as c
from participation.opendata.registry import Column, Dataset, ForeignKey, Text, register
from proposals.petitions.models import MahallaSignatureCount
from proposals.petitions.selectors import petitions_public
from proposals.petitions.transitions import PUBLIC_STATUSES


def _petition_rows():
    return (
        petitions_public()
        .order_by("pk")
        .values_list(
            "pk",
            "territory_id",
            "title",
            "text",
            "status",
            "signatures_needed",
            "signature_count",
            "published_at",
            "closes_at",
            "threshold_reached_at",
            "answer_due_at",
            "answered_at",
            "answered_office",
            "answer",
        )
    )


def _mahalla_count_rows():
    return (
        MahallaSignatureCount.objects.filter(petition__in=petitions_public().values("pk"), count__gt=0)
        .order_by("petition_id", F("mahalla_id").asc(nulls_first=True))
        .values_list("petition_id", "mahalla_id", "count")
    )


PETITIONS = Dataset(
    name="petitions",
    position=10,
    title=Text(en="Petitions", uz="Petitsiyalar", ru="Петиции"),
    description=Text(
        en="Published petitions to khokimiyats: text, signatures, deadlines and official answers. "
        "Authors and signers are not named.",
        uz="Hokimliklarga yuborilgan eʼlon qilingan petitsiyalar: matni, imzolar, muddatlar va rasmiy "
        "javoblar. Mualliflar va imzo qoʻyganlar koʻrsatilmaydi.",
        ru="Опубликованные петиции в хокимияты: текст, подписи, сроки и официальные ответы. "
        "Авторы и подписавшие не указываются.",
    ),
    columns=(
        c.id_column(Text(en="Petition id.", uz="Petitsiya identifikatori.", ru="Идентификатор петиции.")),
        c.territory_column(),
        c.text_column("title", c.TITLE, required=True),
        c.text_column(
            "text",
            Text(en="What is asked for, and why.", uz="Nima soʻralmoqda va nima uchun.", ru="О чём просят и почему."),
        ),
        Column("status", "string", c.STATUS, required=True, enum=tuple(sorted(PUBLIC_STATUSES))),
        c.count_column(
            "signatures_needed",
            Text(
                en="Signatures needed for an answer.",
                uz="Javob uchun kerakli imzolar.",
                ru="Подписей нужно для ответа.",
            ),
        ),
        c.count_column(
            "signature_count", Text(en="Valid signatures.", uz="Haqiqiy imzolar.", ru="Действительные подписи.")
        ),
        c.datetime_column("published_at", c.PUBLISHED_AT),
        c.datetime_column(
            "closes_at",
            Text(
                en="End of signature collection (UTC).",
                uz="Imzo yigʻish tugashi (UTC).",
                ru="Окончание сбора подписей (UTC).",
            ),
        ),
        c.datetime_column(
            "threshold_reached_at",
            Text(
                en="When enough signatures were reached (UTC).",
                uz="Yetarli imzo toʻplangan vaqt (UTC).",
                ru="Когда набралось достаточно подписей (UTC).",
            ),
        ),
        c.datetime_column("answer_due_at", c.ANSWER_DUE_AT),
        c.datetime_column("answered_at", c.ANSWERED_AT),
        c.text_column("answered_office", c.ANSWERED_OFFICE),
        c.text_column("answer", c.ANSWER),
    ),
    rows=_petition_rows,
    modified=Greatest("published_at", "threshold_reached_at", "answered_at"),
    foreign_keys=(c.TERRITORY_KEY,),
)

PETITION_SIGNATURES_BY_MAHALLA = Dataset(
    name="petition-signatures-by-mahalla",
    position=11,
    title=Text(
        en="Petition signatures by mahalla",
        uz="Petitsiya imzolari mahallalar boʻyicha",
        ru="Подписи под петициями по махаллям",
    ),
    description=Text(
        en="Valid signatures of each published petition, counted by the signers' mahalla "
        "(empty mahalla: signers whose home is not a mahalla).",
        uz="Har bir eʼlon qilingan petitsiyaning haqiqiy imzolari, imzo qoʻyganlar mahallasi boʻyicha "
        "(mahalla boʻsh: uyi mahallada boʻlmaganlar).",
        ru="Действительные подписи под каждой опубликованной петицией по махаллям подписавших "
        "(махалля пуста: подписавшие, чьё жильё не в махалле).",
    ),
    columns=(
        c.reference(
            "petition_id",
            Text(
                en="Petition id in the petitions dataset.",
                uz="petitions toʻplamidagi petitsiya identifikatori.",
                ru="Идентификатор петиции в наборе petitions.",
            ),
            required=True,
        ),
        c.reference(
            "mahalla_id",
            Text(
                en="Mahalla id in the territories dataset.",
                uz="territories toʻplamidagi mahalla identifikatori.",
                ru="Идентификатор махалли в наборе territories.",
            ),
        ),
        c.count_column(
            "signatures",
            Text(
                en="Valid signatures from this mahalla.",
                uz="Ushbu mahalladan haqiqiy imzolar.",
                ru="Действительные подписи из этой махалли.",
            ),
        ),
    ),
    rows=_mahalla_count_rows,
    primary_key=(),
    foreign_keys=(
        ForeignKey(("petition_id",), "petitions"),
        ForeignKey(("mahalla_id",), c.TERRITORIES),
    ),
)


def register_opendata() -> None:
    register(PETITIONS, PETITION_SIGNATURES_BY_MAHALLA)
