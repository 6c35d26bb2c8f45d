"""Open data of participatory budgeting: cycles, public projects, the published count per
project, and the anonymous ballots.

Ballots are published as they already are on each cycle's results page: the pabulib ``.pb``
file written once at publication (``CycleResultFile``), listed in the package as a non-tabular
resource (``format: "pb"``). That file is what ``docs/ballot-secrecy.md`` designs to be safe to
publish (no voter, no time finer than the merged day, cohorts of at least k ballots); a second,
differently cut ballot table here would be one more view of the same ballots that the secrecy
tests never saw, so none is made. Project authors are never named.
"""

from django.conf import settings
from django.db.models import BooleanField, Case, F, Func, IntegerField, TextField, Value, When
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import translation

from participation.opendata import columns as c
from participation.opendata.registry import (
    Column,
    Dataset,
    FileResource,
    ForeignKey,
    Text,
    latest_of,
    register,
    register_files,
)
from proposals.budgeting.models import (
    BALLOT_PROJECT_STATUSES,
    PUBLIC_PROJECT_STATUSES,
    BallotType,
    CycleResultFile,
    ImplementationStatus,
    Project,
    ProjectStatus,
    WinnerRule,
)
from proposals.budgeting.selectors.projects import cycles_public

CYCLES, PROJECTS = "pb-cycles", "pb-projects"


class _JsonText(Func):
    """``json ->> key`` (PostgreSQL): one key of a JSON object as text, the key an expression
    (a project's id in its cycle's ``votes``), which Django's key lookups take only as literals."""

    arg_joiner = " ->> "
    template = "(%(expressions)s)"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite (``make run``) reads a text right operand of ->> as a path: the same key
        # through json_extract with a quoted label.
        return self.as_sql(
            compiler,
            connection,
            template="json_extract(%(expressions)s || '\"')",
            arg_joiner=", '$.\"' || ",
            **extra_context,
        )


def _cycle_rows():
    return (
        cycles_public()
        .prefetch_related(None)
        .order_by("pk")
        .values_list(
            "pk",
            "territory_id",
            "title",
            "description",
            "budget",
            "max_project_cost",
            "ballot_type",
            "winner_rule",
            "project_count",
            "created_at",
            "results_published_at",
            "result__ballots_counted",
            "result__ballots_annulled",
            "result__participants",
        )
    )


def _project_rows():
    return (
        Project.objects.filter(status__in=PUBLIC_PROJECT_STATUSES)
        .order_by("pk")
        .values_list(
            "pk",
            "cycle_id",
            "mahalla_id",
            "category__slug",
            "title",
            "description",
            "estimated_cost",
            "staff_cost",
            "status",
            "implementation_status",
            "progress",
            "created_at",
        )
    )


def _result_rows():
    """One row per project on the ballot of a cycle whose count is published: its votes (from
    the stored result, not recounted) and whether it was funded."""
    # A project nobody chose may be absent from ``votes``: it has none.
    votes = Coalesce(Cast(_JsonText(F("cycle__result__votes"), Cast("pk", TextField())), IntegerField()), Value(0))
    funded = Case(
        When(status=ProjectStatus.SELECTED, then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    return (
        Project.objects.filter(
            status__in=BALLOT_PROJECT_STATUSES, cycle__results_published_at__isnull=False, cycle__result__isnull=False
        )
        .annotate(votes=votes, funded=funded)
        .order_by("cycle_id", "pk")
        .values_list("pk", "cycle_id", "votes", "funded", "cycle__result__rule", "cycle__results_published_at")
    )


def _ballot_files():
    """The ``.pb`` file of every published cycle (one query); addresses in the default language,
    which the site always serves."""
    found = (
        CycleResultFile.objects.filter(
            kind=CycleResultFile.Kind.PB, language="", result__cycle__results_published_at__isnull=False
        )
        .order_by("result__cycle_id")
        .values_list("result__cycle_id", "created_at")
    )
    with translation.override(settings.LANGUAGE_CODE):
        for cycle_id, created_at in found:
            yield FileResource(
                name=f"pb-ballots-{cycle_id}",
                title=Text(
                    en=f"Anonymous ballots of budget cycle {cycle_id}",
                    uz=f"{cycle_id}-byudjet siklining anonim byulletenlari",
                    ru=f"Анонимные бюллетени бюджетного цикла {cycle_id}",
                ),
                description=Text(
                    en="Every counted ballot in the pabulib .pb format (pabulib.org), without any voter identity.",
                    uz="Hisoblangan barcha byulletenlar pabulib .pb formatida (pabulib.org), saylovchi shaxsisiz.",
                    ru="Все учтённые бюллетени в формате pabulib .pb (pabulib.org), без данных об избирателях.",
                ),
                path=reverse("budgeting:results_pb", kwargs={"cycle_id": cycle_id}),
                format="pb",
                mediatype="text/plain",
                last_modified=created_at,
                extra={"encoding": "utf-8"},
            )


CYCLE_ID = Text(
    en="Budget cycle id in the pb-cycles dataset.",
    uz="pb-cycles toʻplamidagi sikl identifikatori.",
    ru="Идентификатор цикла в наборе pb-cycles.",
)

PB_CYCLES = Dataset(
    name=CYCLES,
    position=40,
    title=Text(
        en="Participatory budgeting cycles", uz="Tashabbusli byudjet sikllari", ru="Циклы инициативного бюджетирования"
    ),
    description=Text(
        en="Each participatory budgeting cycle: its territory, budget, ballot rules and, once published, the count's totals.",
        uz="Har bir tashabbusli byudjet sikli: hududi, byudjeti, ovoz berish qoidalari va eʼlon qilingach, hisob yakunlari.",
        ru="Каждый цикл инициативного бюджетирования: территория, бюджет, правила голосования и, после публикации, итоги подсчёта.",
    ),
    columns=(
        c.id_column(Text(en="Cycle id.", uz="Sikl identifikatori.", ru="Идентификатор цикла.")),
        c.territory_column(),
        c.text_column("title", c.TITLE, required=True),
        c.text_column("description", Text(en="Description.", uz="Tavsif.", ru="Описание.")),
        c.soum_column("budget", Text(en="Budget in soum.", uz="Byudjet, soʻmda.", ru="Бюджет в сумах.")),
        c.soum_column(
            "max_project_cost",
            Text(
                en="Largest cost of one project, in soum.",
                uz="Bitta loyihaning eng katta qiymati, soʻmda.",
                ru="Наибольшая стоимость одного проекта, в сумах.",
            ),
        ),
        Column(
            "ballot_type",
            "string",
            Text(en="Kind of ballot.", uz="Byulleten turi.", ru="Вид бюллетеня."),
            required=True,
            enum=tuple(BallotType.values),
        ),
        Column(
            "winner_rule",
            "string",
            Text(
                en="Rule that selects the funded projects.",
                uz="Moliyalanadigan loyihalarni tanlash qoidasi.",
                ru="Правило отбора финансируемых проектов.",
            ),
            required=True,
            enum=tuple(WinnerRule.values),
        ),
        c.count_column("projects", Text(en="Public projects.", uz="Ochiq loyihalar.", ru="Открытые проекты.")),
        c.datetime_column("created_at", c.CREATED_AT, required=True),
        c.datetime_column(
            "results_published_at",
            Text(
                en="When the results were published (UTC).",
                uz="Natijalar eʼlon qilingan vaqt (UTC).",
                ru="Когда опубликованы результаты (UTC).",
            ),
        ),
        c.count_column(
            "ballots_counted",
            Text(en="Ballots counted.", uz="Hisoblangan byulletenlar.", ru="Учтённые бюллетени."),
            required=False,
        ),
        c.count_column(
            "ballots_annulled",
            Text(en="Ballots annulled.", uz="Bekor qilingan byulletenlar.", ru="Аннулированные бюллетени."),
            required=False,
        ),
        c.count_column(
            "participants", Text(en="People who voted.", uz="Ovoz berganlar.", ru="Проголосовавшие."), required=False
        ),
    ),
    rows=_cycle_rows,
    modified=latest_of("created_at", "results_published_at"),
    foreign_keys=(c.TERRITORY_KEY,),
)

PB_PROJECTS = Dataset(
    name=PROJECTS,
    position=41,
    title=Text(
        en="Participatory budgeting projects",
        uz="Tashabbusli byudjet loyihalari",
        ru="Проекты инициативного бюджетирования",
    ),
    description=Text(
        en="Projects residents proposed, from the feasibility review on; authors are not named.",
        uz="Aholi taklif qilgan loyihalar, maqsadga muvofiqlik koʻrib chiqilishidan boshlab; mualliflar koʻrsatilmaydi.",
        ru="Проекты, предложенные жителями, начиная с проверки осуществимости; авторы не указываются.",
    ),
    columns=(
        c.id_column(Text(en="Project id.", uz="Loyiha identifikatori.", ru="Идентификатор проекта.")),
        c.reference("cycle_id", CYCLE_ID, required=True),
        c.reference(
            "mahalla_id",
            Text(
                en="Mahalla id in the territories dataset.",
                uz="territories toʻplamidagi mahalla identifikatori.",
                ru="Идентификатор махалли в наборе territories.",
            ),
        ),
        c.text_column(
            "category", Text(en="Category (a code).", uz="Toifa (kod).", ru="Категория (код)."), required=True
        ),
        c.text_column("title", c.TITLE, required=True),
        c.text_column(
            "description",
            Text(
                en="What should be done, where, and for whom.",
                uz="Nima, qayerda va kim uchun qilinishi kerak.",
                ru="Что сделать, где и для кого.",
            ),
        ),
        c.soum_column(
            "estimated_cost",
            Text(
                en="Cost estimated by the author, in soum.",
                uz="Muallif baholagan qiymat, soʻmda.",
                ru="Стоимость по оценке автора, в сумах.",
            ),
        ),
        c.soum_column(
            "staff_cost",
            Text(
                en="Cost estimated by staff, in soum.",
                uz="Xodimlar baholagan qiymat, soʻmda.",
                ru="Стоимость по оценке сотрудников, в сумах.",
            ),
            required=False,
        ),
        Column("status", "string", c.STATUS, required=True, enum=tuple(PUBLIC_PROJECT_STATUSES)),
        Column(
            "implementation_status",
            "string",
            Text(
                en="Implementation of a funded project.",
                uz="Moliyalangan loyihaning bajarilishi.",
                ru="Реализация профинансированного проекта.",
            ),
            enum=tuple(ImplementationStatus.values),
        ),
        Column(
            "progress",
            "integer",
            Text(en="Implementation progress in percent.", uz="Bajarilish foizi.", ru="Ход реализации в процентах."),
            required=True,
            minimum=0,
        ),
        c.datetime_column(
            "created_at",
            Text(en="When it was submitted (UTC).", uz="Taqdim etilgan vaqt (UTC).", ru="Когда подан (UTC)."),
            required=True,
        ),
    ),
    rows=_project_rows,
    modified="created_at",
    foreign_keys=(ForeignKey(("cycle_id",), CYCLES), ForeignKey(("mahalla_id",), c.TERRITORIES)),
)

PB_RESULTS = Dataset(
    name="pb-results",
    position=42,
    title=Text(
        en="Participatory budgeting results",
        uz="Tashabbusli byudjet natijalari",
        ru="Результаты инициативного бюджетирования",
    ),
    description=Text(
        en="Votes of every project on the ballot of a cycle whose count is published, and whether it was funded.",
        uz="Hisobi eʼlon qilingan sikl byulletenidagi har bir loyihaning ovozlari va u moliyalanganmi.",
        ru="Голоса за каждый проект в бюллетене цикла с опубликованным подсчётом и было ли оно профинансировано.",
    ),
    columns=(
        c.reference(
            "project_id",
            Text(
                en="Project id in the pb-projects dataset.",
                uz="pb-projects toʻplamidagi loyiha identifikatori.",
                ru="Идентификатор проекта в наборе pb-projects.",
            ),
            required=True,
        ),
        c.reference("cycle_id", CYCLE_ID, required=True),
        c.count_column(
            "votes",
            Text(
                en="Approvals or points it received.",
                uz="Olingan maʼqullashlar yoki ballar.",
                ru="Полученные одобрения или баллы.",
            ),
        ),
        Column(
            "funded",
            "boolean",
            Text(en="Whether it won funding.", uz="Moliyalashtirishga erishdimi.", ru="Получил ли финансирование."),
            required=True,
        ),
        Column(
            "rule",
            "string",
            Text(en="Rule used for the count.", uz="Hisoblashda qoʻllangan qoida.", ru="Правило подсчёта."),
            required=True,
            enum=tuple(WinnerRule.values),
        ),
        c.datetime_column(
            "results_published_at",
            Text(
                en="When the results were published (UTC).",
                uz="Natijalar eʼlon qilingan vaqt (UTC).",
                ru="Когда опубликованы результаты (UTC).",
            ),
            required=True,
        ),
    ),
    rows=_result_rows,
    modified="cycle__results_published_at",
    primary_key=("project_id",),
    foreign_keys=(ForeignKey(("project_id",), PROJECTS), ForeignKey(("cycle_id",), CYCLES)),
)


def register_opendata() -> None:
    register(PB_CYCLES, PB_PROJECTS, PB_RESULTS)
    register_files(_ballot_files)
