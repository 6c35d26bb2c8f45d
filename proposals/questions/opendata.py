"""Open data of residents' questions to khokimiyats: the published ones with their answers.
Who asked is never included."""

from participation.opendata import columns as c
from participation.opendata.registry import Column, Dataset, Text, latest_of, register
from proposals.questions.models import QuestionTopic
from proposals.questions.selectors import questions_all_published


def _question_rows():
    return (
        questions_all_published()
        .order_by("pk")
        .values_list(
            "pk",
            "territory_id",
            "topic",
            "title",
            "text",
            "published_at",
            "due_at",
            "answered_at",
            "answered_office",
            "answer",
        )
    )


QUESTIONS = Dataset(
    name="questions",
    position=20,
    title=Text(en="Questions and answers", uz="Savollar va javoblar", ru="Вопросы и ответы"),
    description=Text(
        en="Residents' published questions to khokimiyats, with the official answers and their deadlines. "
        "Who asked is not included.",
        uz="Aholining hokimliklarga eʼlon qilingan savollari, rasmiy javoblar va ularning muddatlari bilan. "
        "Savol bergan shaxs koʻrsatilmaydi.",
        ru="Опубликованные вопросы жителей хокимиятам с официальными ответами и сроками. Кто спросил, не указывается.",
    ),
    columns=(
        c.id_column(Text(en="Question id.", uz="Savol identifikatori.", ru="Идентификатор вопроса.")),
        c.territory_column(),
        Column(
            "topic",
            "string",
            Text(en="Topic (a code).", uz="Mavzu (kod).", ru="Тема (код)."),
            required=True,
            enum=tuple(QuestionTopic.values),
        ),
        c.text_column("title", c.TITLE, required=True),
        c.text_column("text", Text(en="The question.", uz="Savol.", ru="Вопрос.")),
        c.datetime_column("published_at", c.PUBLISHED_AT),
        c.datetime_column("due_at", c.ANSWER_DUE_AT),
        c.datetime_column("answered_at", c.ANSWERED_AT),
        c.text_column("answered_office", c.ANSWERED_OFFICE),
        c.text_column("answer", c.ANSWER),
    ),
    rows=_question_rows,
    modified=latest_of("published_at", "answered_at"),
    foreign_keys=(c.TERRITORY_KEY,),
)


def register_opendata() -> None:
    register(QUESTIONS)
