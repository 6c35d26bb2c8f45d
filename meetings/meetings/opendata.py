"""Open data of meetings: the public meetings (announced or cancelled) and their decisions and
action items. Registrants, attendees and the staff who own an item are never named; an item's
owner appears as its department, or as an organisation while that organisation is public."""

from django.db.models import Case, F, When

from meetings.meetings.models import ActionItem, ActionKind, ActionStatus, AttendanceMode, MeetingKind
from meetings.meetings.selectors.meetings import meetings_public
from meetings.meetings.transitions import PUBLIC_MEETING_STATUSES
from participation.opendata import columns as c
from participation.opendata.registry import Column, Dataset, ForeignKey, Text, latest_of, register
from participation.organisations.selectors import organisations_public

MEETINGS = "meetings"


def _public_organisation(field: str) -> Case:
    """The organisation's id while it is public (so every id resolves in the organisations
    dataset), else empty."""
    return Case(
        When(**{f"{field}__in": organisations_public().order_by().values("pk")}, then=F(f"{field}_id")), default=None
    )


def _meeting_rows():
    return (
        meetings_public()
        .annotate(public_organisation=_public_organisation("organisation"))
        .order_by("pk")
        .values_list(
            "pk",
            "territory_id",
            "public_organisation",
            "kind",
            "title",
            "purpose",
            "status",
            "starts_at",
            "ends_at",
            "attendance_mode",
            "address",
            "capacity",
            "step_free_entrance",
            "sign_language",
            "has_minutes",
            "cancelled_at",
            "cancellation_reason",
            "updated_at",
        )
    )


def _action_rows():
    return (
        ActionItem.objects.filter(meeting__in=meetings_public().order_by().values("pk"))
        .annotate(public_organisation=_public_organisation("owner_organisation"))
        .order_by("pk")
        .values_list(
            "pk",
            "meeting_id",
            "kind",
            "text",
            "owner_department",
            "public_organisation",
            "status",
            "due_at",
            "done_at",
            "created_at",
        )
    )


MEETINGS_DATASET = Dataset(
    name=MEETINGS,
    position=80,
    title=Text(en="Meetings", uz="Yigʻilishlar", ru="Собрания"),
    description=Text(
        en="Public hearings, kengash sessions, mahalla gatherings and other announced meetings, including cancelled ones with the reason.",
        uz="Ommaviy eshituvlar, kengash sessiyalari, mahalla yigʻinlari va boshqa eʼlon qilingan yigʻilishlar, bekor qilinganlari sababi bilan.",
        ru="Публичные слушания, сессии кенгаша, сходы махалли и другие объявленные собрания, включая отменённые с причиной.",
    ),
    columns=(
        c.id_column(Text(en="Meeting id.", uz="Yigʻilish identifikatori.", ru="Идентификатор собрания.")),
        c.territory_column(),
        c.reference(
            "organisation_id",
            Text(
                en="Organising organisation (organisations dataset), if any.",
                uz="Tashkilotchi tashkilot (organisations toʻplami), agar boʻlsa.",
                ru="Организация-организатор (набор organisations), если есть.",
            ),
        ),
        Column(
            "kind",
            "string",
            Text(en="Kind of meeting.", uz="Yigʻilish turi.", ru="Вид собрания."),
            required=True,
            enum=tuple(MeetingKind.values),
        ),
        c.text_column("title", c.TITLE, required=True),
        c.text_column("purpose", Text(en="Purpose.", uz="Maqsadi.", ru="Цель.")),
        Column("status", "string", c.STATUS, required=True, enum=tuple(sorted(PUBLIC_MEETING_STATUSES))),
        c.datetime_column(
            "starts_at", Text(en="Start (UTC).", uz="Boshlanishi (UTC).", ru="Начало (UTC)."), required=True
        ),
        c.datetime_column("ends_at", Text(en="End (UTC).", uz="Tugashi (UTC).", ru="Окончание (UTC)."), required=True),
        Column(
            "attendance_mode",
            "string",
            Text(en="In person, online or both.", uz="Shaxsan, onlayn yoki ikkalasi.", ru="Очно, онлайн или оба."),
            required=True,
            enum=tuple(AttendanceMode.values),
        ),
        c.text_column(
            "address", Text(en="Address of the venue.", uz="Oʻtkaziladigan joy manzili.", ru="Адрес места проведения.")
        ),
        c.count_column(
            "capacity",
            Text(
                en="Seats (empty: no limit).", uz="Oʻrinlar (boʻsh: cheklovsiz).", ru="Мест (пусто: без ограничения)."
            ),
            required=False,
        ),
        *c.accessibility_columns("step_free_entrance", "sign_language"),
        Column(
            "has_minutes",
            "boolean",
            Text(
                en="Approved minutes are published.",
                uz="Tasdiqlangan bayonnoma eʼlon qilingan.",
                ru="Утверждённый протокол опубликован.",
            ),
            required=True,
        ),
        c.datetime_column(
            "cancelled_at",
            Text(en="When it was cancelled (UTC).", uz="Bekor qilingan vaqt (UTC).", ru="Когда отменено (UTC)."),
        ),
        c.text_column(
            "cancellation_reason",
            Text(en="Why it was cancelled.", uz="Nima uchun bekor qilingan.", ru="Почему отменено."),
        ),
        c.datetime_column(
            "updated_at",
            Text(en="Last change (UTC).", uz="Oxirgi oʻzgarish (UTC).", ru="Последнее изменение (UTC)."),
            required=True,
        ),
    ),
    rows=_meeting_rows,
    modified="updated_at",
    foreign_keys=(c.TERRITORY_KEY, ForeignKey(("organisation_id",), "organisations")),
)

MEETING_ACTION_ITEMS = Dataset(
    name="meeting-action-items",
    position=81,
    title=Text(
        en="Meeting decisions and action items",
        uz="Yigʻilish qarorlari va topshiriqlari",
        ru="Решения и поручения собраний",
    ),
    description=Text(
        en="What each public meeting decided or assigned, who is responsible (a department or an organisation), the deadline and the status.",
        uz="Har bir ochiq yigʻilish nima qaror qilgani yoki topshirgani, masʼul (boʻlim yoki tashkilot), muddat va holat.",
        ru="Что решило или поручило каждое открытое собрание, кто отвечает (отдел или организация), срок и статус.",
    ),
    columns=(
        c.id_column(Text(en="Item id.", uz="Topshiriq identifikatori.", ru="Идентификатор поручения.")),
        c.reference(
            "meeting_id",
            Text(
                en="Meeting id in the meetings dataset.",
                uz="meetings toʻplamidagi yigʻilish identifikatori.",
                ru="Идентификатор собрания в наборе meetings.",
            ),
            required=True,
        ),
        Column(
            "kind",
            "string",
            Text(en="Decision or action item.", uz="Qaror yoki topshiriq.", ru="Решение или поручение."),
            required=True,
            enum=tuple(ActionKind.values),
        ),
        c.text_column(
            "text",
            Text(
                en="What was decided or is to be done.",
                uz="Nima qaror qilindi yoki nima qilinishi kerak.",
                ru="Что решено или что нужно сделать.",
            ),
            required=True,
        ),
        c.text_column(
            "owner_department", Text(en="Responsible department.", uz="Masʼul boʻlim.", ru="Ответственный отдел.")
        ),
        c.reference(
            "owner_organisation_id",
            Text(
                en="Responsible organisation (organisations dataset).",
                uz="Masʼul tashkilot (organisations toʻplami).",
                ru="Ответственная организация (набор organisations).",
            ),
        ),
        Column("status", "string", c.STATUS, required=True, enum=tuple(ActionStatus.values)),
        c.datetime_column("due_at", Text(en="Deadline (UTC).", uz="Muddat (UTC).", ru="Срок (UTC)."), required=True),
        c.datetime_column(
            "done_at", Text(en="When it was done (UTC).", uz="Bajarilgan vaqt (UTC).", ru="Когда выполнено (UTC).")
        ),
        c.datetime_column("created_at", c.CREATED_AT, required=True),
    ),
    rows=_action_rows,
    modified=latest_of("created_at", "done_at"),
    foreign_keys=(ForeignKey(("meeting_id",), MEETINGS), ForeignKey(("owner_organisation_id",), "organisations")),
)


def register_opendata() -> None:
    register(MEETINGS_DATASET, MEETING_ACTION_ITEMS)
