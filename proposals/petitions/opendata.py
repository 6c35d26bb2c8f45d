"""Open data of petitions: the published petitions and their signatures counted by mahalla.

Authors, co-sponsors and signers are never named; the counts by mahalla are the ones the
petition page shows, small ones hidden by the same rule. Which petitions are public is the
feature's rule (``petitions_public``).
"""

from itertools import groupby
from operator import itemgetter

from django.db.models import F

from participation.opendata import columns as c
from participation.opendata.registry import Column, Dataset, ForeignKey, Text, latest_of, register
from participation.transparency.suppression import MARKS, hides_the_total_having, is_hidden, suppress_cells
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


class SuppressedMahallaCounts:
    """The rows of ``petition-signatures-by-mahalla`` with the petition page's small-count rule.

    Signers are people and each petition's total is published (``petitions.signature_count``),
    so each petition's counts go through ``suppress_cells`` as on its page: the count is empty
    and ``signatures_hidden`` says why ("< 5", or "hidden" for a cell hidden to protect a small
    one). A petition whose counts cannot be shown at all beside its total lists no mahalla
    (left out in SQL, ``hides_the_total_having``, so the catalogue's row count agrees).

    The rule needs a petition's rows together, which a ``values_list`` cannot express, so this
    stands in for the queryset the catalogue asks for: the count and the last change are the
    queryset's aggregate (one query), and the rows are read in chunks from one cursor, ordered
    by petition, and suppressed a petition at a time.
    """

    def __init__(self, rows):
        self._rows = rows

    def order_by(self, *fields):
        return SuppressedMahallaCounts(self._rows.order_by(*fields))

    def aggregate(self, **aggregates):
        return self._rows.aggregate(**aggregates)

    def iterator(self, chunk_size: int | None = None):
        rows = self._rows.iterator(chunk_size=chunk_size) if chunk_size else self._rows.iterator()
        for petition_id, group in groupby(rows, key=itemgetter(0)):
            group = list(group)
            cells, total = suppress_cells([count for _petition, _mahalla, count in group])
            if not isinstance(total, int):
                continue  # never reached: left out in SQL
            for (_petition, mahalla_id, _count), cell in zip(group, cells, strict=True):
                hidden = is_hidden(cell)
                yield (petition_id, mahalla_id, None if hidden else cell, cell if hidden else None)


def _mahalla_count_rows():
    public = MahallaSignatureCount.objects.filter(petition__in=petitions_public().values("pk"), count__gt=0)
    aggregates, hides_the_total = hides_the_total_having("count")
    withheld = public.values("petition_id").annotate(**aggregates).filter(hides_the_total).values("petition_id")
    return SuppressedMahallaCounts(
        public.exclude(petition_id__in=withheld)
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
    modified=latest_of("published_at", "threshold_reached_at", "answered_at"),
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
        "(empty mahalla: signers whose home is not a mahalla). Counts of 1 to 4 are hidden, and "
        "others beside them so that the petition's total does not give them back.",
        uz="Har bir eʼlon qilingan petitsiyaning haqiqiy imzolari, imzo qoʻyganlar mahallasi boʻyicha "
        "(mahalla boʻsh: uyi mahallada boʻlmaganlar). 1 dan 4 gacha sonlar, petitsiya jami ularni "
        "oshkor qilmasligi uchun esa yonidagi boshqalari ham yashiriladi.",
        ru="Действительные подписи под каждой опубликованной петицией по махаллям подписавших "
        "(махалля пуста: подписавшие, чьё жильё не в махалле). Числа от 1 до 4 скрыты, а рядом "
        "с ними и другие, чтобы итог петиции не позволил их вычислить.",
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
                en="Valid signatures from this mahalla; empty when hidden (see signatures_hidden).",
                uz="Ushbu mahalladan haqiqiy imzolar; yashirilgan boʻlsa boʻsh (signatures_hidden ga qarang).",
                ru="Действительные подписи из этой махалли; пусто, если скрыто (см. signatures_hidden).",
            ),
            required=False,
        ),
        Column(
            "signatures_hidden",
            "string",
            Text(
                en='Why the count is hidden: "< 5" for 1 to 4 signatures; "hidden" for 5 or more, hidden so '
                "that a small count cannot be worked out from the petition's total. Empty when the count is shown.",
                uz='Son nega yashirilgan: "< 5" — 1 dan 4 gacha imzo; "hidden" — 5 yoki undan koʻp, kichik sonni '
                "petitsiya jamidan hisoblab chiqarib boʻlmasligi uchun yashirilgan. Son koʻrsatilsa boʻsh.",
                ru='Почему число скрыто: "< 5" — от 1 до 4 подписей; "hidden" — 5 или больше, скрыто, чтобы '
                "малое число нельзя было вычислить из итога петиции. Пусто, если число показано.",
            ),
            enum=MARKS,
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
