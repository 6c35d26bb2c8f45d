"""Residents' public questions: the lifecycle, deadlines, permissions and notifications.

Time is passed in (``now=``) rather than frozen, so every deadline below is exact.
Moderation runs through the shared moderation queue (``participation.moderation.services``).
"""

import copy
import smtplib
import uuid
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import translation
from wagtail.models import Locale, ModelLogEntry

from participation.exceptions import ServiceError
from participation.models import ModerationItem, ModerationKind, StaffRoleKind, VerificationLevel
from participation.moderation import services as moderation_services
from proposals.questions import services as question_services
from proposals.questions.models import Question, QuestionFollow, QuestionStatus, QuestionTopic
from proposals.questions.selectors import (
    question_is_overdue,
    question_open_actions,
    question_visible_to,
    questions_for_staff,
    questions_overdue,
    questions_public_listing,
    questions_published,
)
from proposals.questions.tasks import notify_question_answered
from tests.factories import UserFactory
from tests.proposals.questions.support import (
    DUE0,
    T0,
    TASHKENT,
    XSS_TEXT,
    XSS_TITLE,
    a_reason,
    ask,
    make_resident,
    publish,
    reject,
)


def review_item(question) -> ModerationItem:
    return ModerationItem.objects.get(
        content_type=ContentType.objects.get_for_model(Question), object_id=question.pk, kind=ModerationKind.REVIEW
    )


# --- asking -------------------------------------------------------------------------------


def test_asking_creates_a_pending_question_the_author_follows(khokimiyat, resident):
    question = ask(khokimiyat, resident, title="  Suv\n yoʻq  ", text="  Qachon keladi?  ")
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING
    assert (question.title, question.text) == ("Suv yoʻq", "Qachon keladi?")
    assert question.published_at is None and question.due_at is None
    assert list(QuestionFollow.objects.values_list("user", flat=True)) == [resident.pk]


def test_a_question_asked_on_a_translation_belongs_to_the_same_khokimiyat(khokimiyat, resident):
    russian, _created = Locale.objects.get_or_create(language_code="ru")
    russian_page = khokimiyat.copy_for_translation(russian, copy_parents=True)
    question = ask(russian_page, resident)
    assert question.territory_id == khokimiyat.territory_id
    assert list(questions_published(russian_page.territory)) == list(questions_published(khokimiyat.territory))


def test_asking_puts_the_question_in_the_moderation_queue_with_a_due_date(khokimiyat, resident, settings):
    settings.MODERATION_DUE_WORKING_DAYS = 2
    question = ask(khokimiyat, resident, now=T0)  # a Monday
    item = review_item(question)
    assert (item.territory_id, item.author_id, item.title) == (khokimiyat.territory_id, resident.pk, question.title)
    assert item.created_at == T0 and item.due_at.date() == (T0 + timedelta(days=2)).date()
    assert item.is_open


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "   "}, question_services.TEXT_EMPTY),
        ({"title": ""}, question_services.TITLE_EMPTY),
        ({"topic": "weather"}, question_services.TOPIC_UNKNOWN),
    ],
)
def test_asking_refuses_bad_input_and_saves_nothing(khokimiyat, resident, fields, message):
    with pytest.raises(ServiceError) as caught:
        ask(khokimiyat, resident, **fields)
    assert caught.value.message == message
    assert not Question.objects.exists() and not QuestionFollow.objects.exists()


def test_an_oversized_question_says_how_long_it_is(khokimiyat, resident):
    with pytest.raises(ServiceError, match="4001") as caught:
        ask(khokimiyat, resident, text="a" * 4001)
    assert "4000" in caught.value.message
    assert not Question.objects.exists()
    assert ask(khokimiyat, resident, text="a" * 4000).text == "a" * 4000


def test_only_residents_with_a_confirmed_email_may_ask(khokimiyat, db):
    with pytest.raises(ServiceError) as caught:
        ask(khokimiyat, AnonymousUser())
    assert caught.value.message == question_services.ASK_SIGN_IN
    with pytest.raises(ServiceError) as caught:
        ask(khokimiyat, make_resident(verification_level=VerificationLevel.NONE))
    assert caught.value.message == question_services.ASK_CONFIRM_EMAIL
    assert not Question.objects.exists()
    assert ask(khokimiyat, make_resident(verification_level=VerificationLevel.IN_PERSON)).pk


# --- moderation ---------------------------------------------------------------------------


def test_publishing_starts_the_answer_clock(khokimiyat, resident, staff, settings):
    settings.QUESTION_ANSWER_DAYS = 15
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED
    assert (question.published_at, question.due_at) == (T0, DUE0)
    assert (question.moderated_by, question.moderated_at) == (staff["moderator"], T0)
    entry = ModelLogEntry.objects.get(action="proposals.question_published")
    assert (entry.object_id, entry.user_id) == (str(question.pk), staff["moderator"].pk)
    assert datetime.fromisoformat(entry.data["due_at"]) == DUE0


def test_the_answer_period_is_a_setting(khokimiyat, resident, staff, settings):
    settings.QUESTION_ANSWER_DAYS = 5
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    assert question.due_at == datetime(2026, 3, 7, 23, 59, 59, tzinfo=TASHKENT)


def test_rejecting_needs_a_reason_code_and_an_explanation_and_tells_the_author(
    khokimiyat, resident, staff, mailoutbox, django_capture_on_commit_callbacks
):
    question = ask(khokimiyat, resident, title="Yoʻl ta'miri <b>kerak</b>")
    for reason, explanation, message in [
        (None, "Shaxsiy maʼlumot bor.", moderation_services.REASON_REQUIRED),
        (a_reason(), " ", moderation_services.EXPLANATION_REQUIRED),
    ]:
        with pytest.raises(ServiceError) as caught:
            question_services.question_moderate(
                question=question, moderator=staff["moderator"], publish=False, reason=reason, explanation=explanation
            )
        assert caught.value.message == message
    with django_capture_on_commit_callbacks(execute=True):
        reject(question, staff["moderator"], explanation="Shaxsiy maʼlumot bor.", now=T0)
    question.refresh_from_db()
    assert (question.status, question.rejection_reason) == (QuestionStatus.REJECTED, "Shaxsiy maʼlumot bor.")
    assert question.published_at is None
    assert (question.moderated_by, question.moderated_at) == (staff["moderator"], T0)
    entry = ModelLogEntry.objects.get(action="proposals.question_rejected")
    assert entry.data["reason"] == a_reason().code and entry.data["explanation"] == "Shaxsiy maʼlumot bor."
    assert review_item(question).reason == a_reason()
    [email] = mailoutbox
    assert email.to == [resident.email]
    assert "Shaxsiy maʼlumot bor." in email.body and "Yoʻl ta'miri <b>kerak</b>" in email.body
    assert f"/yangiqorgon/questions/{question.pk}/" in email.body
    with translation.override("uz"):
        assert email.subject == moderation_services.DECIDED_SUBJECT % {"title": "Yoʻl ta'miri <b>kerak</b>"}


def test_the_author_appeals_once_and_a_different_moderator_decides(
    khokimiyat, resident, staff, mailoutbox, django_capture_on_commit_callbacks
):
    question = ask(khokimiyat, resident)
    reject(question, staff["moderator"])
    with pytest.raises(ServiceError) as caught:
        question_services.question_appeal(question=question, author=make_resident(), text="Nega?")
    assert caught.value.message == question_services.NOTHING_TO_APPEAL
    appeal = question_services.question_appeal(question=question, author=resident, text="Maʼlumot yoʻq edi.")
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING
    assert (appeal.kind, appeal.excluded_moderator_id) == (ModerationKind.APPEAL, staff["moderator"].pk)
    # The moderator who rejected may not decide the appeal; another one may.
    with pytest.raises(ServiceError) as caught:
        publish(question, staff["moderator"])
    assert caught.value.message == moderation_services.NOT_ALLOWED_APPEAL_SAME
    publish(question, staff["manager"], now=T0 + timedelta(days=1))
    assert (question.status, question.due_at) == (QuestionStatus.PUBLISHED, DUE0 + timedelta(days=1))
    # Once only: the question has no further rejection to appeal.
    with pytest.raises(ServiceError):
        question_services.question_appeal(question=question, author=resident, text="Yana")


def test_a_second_rejection_after_the_appeal_is_final(khokimiyat, resident, staff):
    question = ask(khokimiyat, resident)
    reject(question, staff["moderator"])
    question_services.question_appeal(question=question, author=resident, text="Nega?")
    reject(question, staff["manager"], explanation="Qaror oʻzgarmaydi.")
    question.refresh_from_db()
    assert (question.status, question.rejection_reason) == (QuestionStatus.REJECTED, "Qaror oʻzgarmaydi.")
    with pytest.raises(ServiceError) as caught:
        question_services.question_appeal(question=question, author=resident, text="Yana")
    assert caught.value.message == question_services.NOTHING_TO_APPEAL


def test_asking_is_rate_limited_with_a_clear_message(khokimiyat, resident, settings):
    # Counters of this test alone: the same cache backend under a key prefix of its own.
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"{caches['default'].get('KEY_PREFIX', '')}-questions-{uuid.uuid4().hex}"
    settings.CACHES = caches
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "question_ask": {"user": (2, 3600), "ip": (100, 3600)}}
    ask(khokimiyat, resident, ip="10.0.0.1")
    ask(khokimiyat, resident, ip="10.0.0.1")
    with pytest.raises(ServiceError) as caught:
        ask(khokimiyat, resident, ip="10.0.0.1")
    assert caught.value.message == question_services.ASK_TOO_OFTEN
    assert Question.objects.count() == 2
    # Another resident is not held back by this one.
    assert ask(khokimiyat, make_resident(), ip="10.0.0.2").pk


def test_a_question_is_moderated_once(khokimiyat, resident, staff):
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    for publish_again in (True, False):
        with pytest.raises(ServiceError) as caught:
            question_services.question_moderate(
                question=question, moderator=staff["manager"], publish=publish_again, reason=a_reason(), explanation="x"
            )
        assert caught.value.message == question_services.ALREADY_MODERATED
    assert ModelLogEntry.objects.filter(action__startswith="proposals.question_").count() == 1


# --- permissions matrix --------------------------------------------------------------------

ALLOWED = {
    # who: (moderate, answer, extend) on a Yangiqoʻrgʻon question
    "moderator": (True, False, False),
    "responder": (False, True, True),
    "manager": (True, True, True),
    "region_manager": (True, True, True),
    "editor": (False, False, False),
    "zomin_moderator": (False, False, False),
    "zomin_responder": (False, False, False),
    "zomin_manager": (False, False, False),
    "citizen": (False, False, False),
    "anonymous": (False, False, False),
}


@pytest.fixture
def everyone(people):
    roles = ["moderator", "responder", "manager", "editor", "region_manager"]
    roles += ["zomin_moderator", "zomin_responder", "zomin_manager", "anonymous"]
    return {**{role: people[role] for role in roles}, "citizen": make_resident()}


@pytest.mark.parametrize("who", ALLOWED)
def test_permission_matrix(khokimiyat, resident, everyone, who):
    user = everyone[who]
    question = Question.objects.select_related("territory").get(pk=ask(khokimiyat, resident).pk)
    may_moderate, may_answer, may_extend = ALLOWED[who]
    # Moderating is deciding the question's item in the shared moderation queue.
    assert user.has_perm("participation.decide_moderation", review_item(question)) is may_moderate
    assert user.has_perm("proposals.answer_question", question) is may_answer
    assert user.has_perm("proposals.extend_question", question) is may_extend
    # Every authenticated person with a confirmed e-mail may ask; staff accounts here have none.
    assert user.has_perm("proposals.ask_question") is (who == "citizen")


@pytest.mark.parametrize("who", ALLOWED)
def test_services_enforce_the_permission_matrix(khokimiyat, resident, everyone, who):
    """The services refuse exactly whom the rules refuse, and a refusal changes nothing."""
    user = everyone[who]
    may_moderate, may_answer, may_extend = ALLOWED[who]
    question = ask(khokimiyat, resident)

    def attempt(service, **kwargs) -> bool:
        try:
            with transaction.atomic():
                service(question=question, **kwargs)
        except ServiceError:
            return False
        return True

    assert attempt(question_services.question_moderate, moderator=user, publish=True, now=T0) is may_moderate
    if not may_moderate:
        publish(question, everyone["moderator"])
    assert attempt(question_services.question_extend, staff=user, days=10, note="Ekspertiza", now=T0) is may_extend
    assert attempt(question_services.question_answer, responder=user, answer="Javob", now=T0) is may_answer
    question.refresh_from_db()
    assert (question.extended_at is not None, question.answered_at is not None) == (may_extend, may_answer)


def test_superusers_may_do_everything(khokimiyat, resident):
    admin = UserFactory(is_superuser=True, is_staff=True)
    question = publish(ask(khokimiyat, resident), admin)
    question_services.question_answer(question=question, responder=admin, answer="Javob", now=T0)
    assert question.answered_at == T0


# --- extension ----------------------------------------------------------------------------


def test_the_answer_date_is_extended_once_with_a_public_note(khokimiyat, resident, staff):
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    later = T0 + timedelta(days=3)
    question_services.question_extend(
        question=question,
        staff=staff["responder"],
        days=30,
        note="Suv taʼminoti korxonasidan javob kutilmoqda.",
        now=later,
    )
    question.refresh_from_db()
    assert question.due_at == DUE0 + timedelta(days=30)
    assert (question.extended_at, question.extended_by) == (later, staff["responder"])
    entry = ModelLogEntry.objects.get(action="proposals.question_extended")
    assert entry.data["days"] == 30 and datetime.fromisoformat(entry.data["due_before"]) == DUE0
    with pytest.raises(ServiceError) as caught:
        question_services.question_extend(question=question, staff=staff["manager"], days=1, note="Yana", now=later)
    assert caught.value.message == question_services.ALREADY_EXTENDED
    question.refresh_from_db()
    assert question.due_at == DUE0 + timedelta(days=30)


@pytest.mark.parametrize(
    ("days", "note", "message"),
    [
        (0, "Sabab", question_services.EXTENSION_DAYS_RANGE),
        (31, "Sabab", question_services.EXTENSION_DAYS_RANGE),
        (-5, "Sabab", question_services.EXTENSION_DAYS_RANGE),
        (10, "  ", question_services.EXTENSION_NOTE_REQUIRED),
    ],
)
def test_extension_limits(khokimiyat, resident, staff, days, note, message):
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    with pytest.raises(ServiceError) as caught:
        question_services.question_extend(question=question, staff=staff["responder"], days=days, note=note, now=T0)
    assert caught.value.message == message % {"limit": 30}
    question.refresh_from_db()
    assert question.extended_at is None and question.due_at == DUE0


def test_extension_is_refused_after_the_answer_and_after_the_date(khokimiyat, resident, staff):
    answered = publish(ask(khokimiyat, resident), staff["moderator"])
    question_services.question_answer(question=answered, responder=staff["responder"], answer="Javob", now=T0)
    with pytest.raises(ServiceError, match=str(question_services.ALREADY_ANSWERED)):
        question_services.question_extend(question=answered, staff=staff["manager"], days=5, note="x", now=T0)
    late = publish(ask(khokimiyat, resident), staff["moderator"])
    with pytest.raises(ServiceError, match=str(question_services.EXTENSION_TOO_LATE)):
        question_services.question_extend(
            question=late, staff=staff["manager"], days=5, note="x", now=T0 + timedelta(days=16)
        )
    pending = ask(khokimiyat, resident)
    with pytest.raises(ServiceError, match=str(question_services.NOT_PUBLISHED)):
        question_services.question_extend(question=pending, staff=staff["manager"], days=5, note="x", now=T0)


def test_the_extension_limit_is_a_setting(khokimiyat, resident, staff, settings):
    settings.QUESTION_EXTENSION_MAX_DAYS = 10
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    with pytest.raises(ServiceError):
        question_services.question_extend(question=question, staff=staff["responder"], days=11, note="x", now=T0)
    question_services.question_extend(question=question, staff=staff["responder"], days=10, note="x", now=T0)


# --- answering and overdue ----------------------------------------------------------------


def test_answering_records_office_and_date_and_notifies_followers_in_their_language(
    khokimiyat, resident, staff, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://ishtirok.example.uz"
    question = publish(ask(khokimiyat, resident, title=XSS_TITLE, text=XSS_TEXT), staff["moderator"])
    russian = make_resident(preferred_language="ru", full_name="Olga Petrova")
    cyrillic = make_resident(preferred_language="uz-cyrl", full_name="Akmal Tursunov")
    question_services.question_follow(question=question, user=russian)
    question_services.question_follow(question=question, user=cyrillic)
    with django_capture_on_commit_callbacks(execute=True):
        question_services.question_answer(
            question=question, responder=staff["responder"], answer="  Suv 5-martdan keladi.  ", now=T0
        )
    question.refresh_from_db()
    assert question.answer == "Suv 5-martdan keladi."
    assert (question.answered_at, question.answered_by) == (T0, staff["responder"])
    assert question.answered_office == "Yangiqoʻrgʻon tumani hokimligi"
    assert ModelLogEntry.objects.get(action="proposals.question_answered").user_id == staff["responder"].pk

    emails = {email.to[0]: email for email in mailoutbox}
    assert set(emails) == {resident.email, russian.email, cyrillic.email}
    link = f"/yangiqorgon/questions/{question.pk}/"
    assert f"https://ishtirok.example.uz/uz{link}" in emails[resident.email].body
    assert f"https://ishtirok.example.uz/ru{link}" in emails[russian.email].body
    # Each e-mail is written in its reader's language: Django's own month names show it.
    assert "2 марта 2026" in emails[russian.email].body
    assert "2 Mart 2026" in emails[resident.email].body
    assert f"https://ishtirok.example.uz/uz-cyrl{link}" in emails[cyrillic.email].body
    for email in mailoutbox:
        # text/plain only: nothing in it is ever rendered as HTML, and the title is shown as typed.
        assert email.content_subtype == "plain" and not getattr(email, "alternatives", [])
        assert "\n" not in email.subject
        assert XSS_TITLE in email.body
        assert "javascript:" not in email.body  # the question text is not copied into e-mails


def test_answer_notification_is_safe_to_run_twice(
    khokimiyat, resident, staff, mailoutbox, django_capture_on_commit_callbacks
):
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        question_services.question_answer(question=question, responder=staff["responder"], answer="Javob", now=T0)
    assert len(mailoutbox) == 1
    assert notify_question_answered.delay(question.pk).get() == 0
    assert len(mailoutbox) == 1


def test_a_failing_mail_server_does_not_undo_the_answer(
    khokimiyat, resident, staff, mailoutbox, django_capture_on_commit_callbacks
):
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPException("mail server down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        question_services.question_answer(question=question, responder=staff["responder"], answer="J", now=T0)
    question.refresh_from_db()
    assert question.answered_at == T0
    # Nobody is marked as told, so the next run of the task still tells them.
    assert QuestionFollow.objects.get(question=question).notified_at is None
    assert notify_question_answered.delay(question.pk).get() == 1
    assert [email.to for email in mailoutbox] == [[resident.email]]


def test_nothing_is_sent_when_the_answer_is_rolled_back(
    khokimiyat, resident, staff, mailoutbox, django_capture_on_commit_callbacks
):
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        question_services.question_answer(question=question, responder=staff["responder"], answer="J", now=T0)
        raise RuntimeError("the request failed after the answer")
    assert callbacks == [] and mailoutbox == []
    question.refresh_from_db()
    assert question.answered_at is None


def test_a_question_is_answered_once_and_only_when_published(khokimiyat, resident, staff):
    pending = ask(khokimiyat, resident)
    with pytest.raises(ServiceError, match=str(question_services.NOT_PUBLISHED)):
        question_services.question_answer(question=pending, responder=staff["responder"], answer="J", now=T0)
    question = publish(pending, staff["moderator"])
    with pytest.raises(ServiceError, match=str(question_services.ANSWER_EMPTY)):
        question_services.question_answer(question=question, responder=staff["responder"], answer=" ", now=T0)
    question_services.question_answer(question=question, responder=staff["responder"], answer="Javob", now=T0)
    with pytest.raises(ServiceError, match=str(question_services.ALREADY_ANSWERED)):
        question_services.question_answer(question=question, responder=staff["manager"], answer="Boshqa", now=T0)
    question.refresh_from_db()
    assert question.answer == "Javob"


def test_overdue_is_computed_from_the_due_date(khokimiyat, resident, staff):
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    due = DUE0
    assert not question_is_overdue(question, now=due - timedelta(seconds=1))
    assert not question_is_overdue(question, now=due)
    assert question_is_overdue(question, now=due + timedelta(seconds=1))
    assert list(questions_overdue(khokimiyat.territory, now=due + timedelta(seconds=1))) == [question]
    assert list(questions_overdue(khokimiyat.territory, now=due)) == []
    [listed] = questions_published(khokimiyat.territory, now=due + timedelta(hours=1))
    assert listed.is_overdue is True
    # An answer, even a late one, ends the overdue mark.
    question_services.question_answer(
        question=question, responder=staff["responder"], answer="Kech javob", now=due + timedelta(days=2)
    )
    question.refresh_from_db()
    assert not question_is_overdue(question, now=due + timedelta(days=3))
    assert list(questions_overdue(khokimiyat.territory, now=due + timedelta(days=3))) == []
    assert questions_published(khokimiyat.territory, now=due + timedelta(days=3)).get().is_overdue is False


def test_a_question_is_due_at_the_end_of_the_fifteenth_day_in_tashkent(khokimiyat, resident, staff, settings):
    # Questions are appeals under the same law as petitions: the law counts whole days, so an
    # answer is in time until the end of the 15th day, not at the hour the question was published.
    settings.QUESTION_ANSWER_DAYS = 15
    nine = datetime(2026, 3, 2, 9, 0, tzinfo=TASHKENT)
    question = publish(ask(khokimiyat, resident), staff["moderator"], now=nine)
    last_second = datetime(2026, 3, 17, 23, 59, 59, tzinfo=TASHKENT)
    assert question.due_at == last_second
    for moment in (nine + timedelta(days=15), datetime(2026, 3, 17, 20, 0, tzinfo=TASHKENT), last_second):
        assert not question_is_overdue(question, now=moment)
        assert list(questions_overdue(khokimiyat.territory, now=moment)) == []
        assert set(questions_public_listing(khokimiyat.territory, state="awaiting", now=moment)) == {question}
        assert question_open_actions(question, now=moment) == {"answer", "extend"}
    next_day = datetime(2026, 3, 18, 0, 0, tzinfo=TASHKENT)
    assert question_is_overdue(question, now=next_day)
    assert list(questions_overdue(khokimiyat.territory, now=next_day)) == [question]
    assert question_open_actions(question, now=next_day) == {"answer"}


def test_an_extension_moves_the_overdue_date(khokimiyat, resident, staff):
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    question_services.question_extend(question=question, staff=staff["manager"], days=10, note="Sabab", now=T0)
    assert not question_is_overdue(question, now=T0 + timedelta(days=20))
    assert question_is_overdue(question, now=T0 + timedelta(days=26))


def test_pending_and_rejected_questions_are_never_overdue_or_listed(khokimiyat, resident, staff):
    ask(khokimiyat, resident)
    rejected = ask(khokimiyat, resident)
    reject(rejected, staff["moderator"])
    far = T0 + timedelta(days=365)
    assert list(questions_published(khokimiyat.territory, now=far)) == []
    assert list(questions_overdue(khokimiyat.territory, now=far)) == []


def test_public_listing_filters_partition_the_published_questions(khokimiyat, resident, staff):
    answered = publish(ask(khokimiyat, resident, topic=QuestionTopic.ROADS), staff["moderator"])
    question_services.question_answer(question=answered, responder=staff["responder"], answer="J", now=T0)
    overdue = publish(ask(khokimiyat, resident), staff["moderator"], now=T0 - timedelta(days=20))
    awaiting = publish(ask(khokimiyat, resident), staff["moderator"], now=T0)
    now = T0 + timedelta(days=1)

    def listed(**filters):
        return set(questions_public_listing(khokimiyat.territory, now=now, **filters))

    assert listed() == {answered, overdue, awaiting}
    assert listed(state="answered") == {answered}
    assert listed(state="overdue") == {overdue}
    assert listed(state="awaiting") == {awaiting}
    assert listed(topic="roads") == {answered}
    assert listed(topic="nonsense", state="nonsense") == {answered, overdue, awaiting}


def test_questions_of_one_khokimiyat_are_not_listed_on_another(khokimiyat, other_khokimiyat, resident, staff):
    publish(ask(khokimiyat, resident), staff["moderator"])
    assert list(questions_published(other_khokimiyat.territory)) == []


# --- staff queue and visibility ------------------------------------------------------------


def test_staff_queue_holds_only_questions_of_their_khokimiyats(
    khokimiyat, other_khokimiyat, resident, staff, make_staff, tree
):
    here = ask(khokimiyat, resident)
    there = ask(other_khokimiyat, resident)
    zomin_responder = make_staff(StaffRoleKind.RESPONDER, tree.zomin)
    assert list(questions_for_staff(staff["moderator"])) == [here]
    assert list(questions_for_staff(staff["region_manager"])) == [here]
    assert list(questions_for_staff(zomin_responder)) == [there]
    assert list(questions_for_staff(staff["editor"])) == []
    assert list(questions_for_staff(make_resident())) == []
    assert list(questions_for_staff(AnonymousUser())) == []
    assert set(questions_for_staff(UserFactory(is_superuser=True))) == {here, there}


def test_staff_queue_puts_moderation_first_then_the_nearest_due_date(khokimiyat, resident, staff):
    later = publish(ask(khokimiyat, resident), staff["moderator"], now=T0)
    sooner = publish(ask(khokimiyat, resident), staff["moderator"], now=T0 - timedelta(days=5))
    waiting = ask(khokimiyat, resident)
    done = publish(ask(khokimiyat, resident), staff["moderator"], now=T0)
    question_services.question_answer(question=done, responder=staff["responder"], answer="J", now=T0)
    assert list(questions_for_staff(staff["manager"], now=T0)) == [waiting, sooner, later]
    assert list(questions_for_staff(staff["manager"], "answered", now=T0)) == [done]
    assert list(questions_for_staff(staff["manager"], "pending", now=T0)) == [waiting]
    overdue = list(questions_for_staff(staff["manager"], "overdue", now=T0 + timedelta(days=11)))
    assert overdue == [sooner] and overdue[0].is_overdue


def test_staff_queue_query_budget_does_not_grow(khokimiyat, resident, staff, django_assert_max_num_queries):
    for count in (3, 30):
        while Question.objects.count() < count:
            publish(ask(khokimiyat, resident), staff["moderator"])
        manager = type(staff["manager"]).objects.get(pk=staff["manager"].pk)  # no cached roles
        with django_assert_max_num_queries(2):
            rows = [
                (question.title, question.territory.name, question.is_overdue)
                for question in questions_for_staff(manager, "all")
            ]
        assert len(rows) == count


def test_visibility_of_unpublished_questions(khokimiyat, resident, staff, make_staff, tree):
    question = Question.objects.select_related("territory").get(pk=ask(khokimiyat, resident).pk)
    assert question_visible_to(question, resident)
    assert question_visible_to(question, staff["moderator"])
    assert not question_visible_to(question, make_resident())
    assert not question_visible_to(question, AnonymousUser())
    assert not question_visible_to(question, make_staff(StaffRoleKind.MODERATOR, tree.zomin))
    publish(question, staff["moderator"])
    assert question_visible_to(question, AnonymousUser())


def test_open_actions_follow_the_state(khokimiyat, resident, staff):
    question = ask(khokimiyat, resident)
    # Moderation is the moderation queue's: a pending question offers nothing here.
    assert question_open_actions(question, now=T0) == set()
    publish(question, staff["moderator"])
    assert question_open_actions(question, now=T0) == {"answer", "extend"}
    assert question_open_actions(question, now=T0 + timedelta(days=16)) == {"answer"}
    question_services.question_answer(question=question, responder=staff["responder"], answer="J", now=T0)
    assert question_open_actions(question, now=T0) == set()


# --- following ----------------------------------------------------------------------------


def test_follow_and_unfollow(khokimiyat, resident, staff):
    question = publish(ask(khokimiyat, resident), staff["moderator"])
    reader = make_resident()
    assert question_services.question_follow(question=question, user=reader) is True
    assert question_services.question_follow(question=question, user=reader) is False
    assert question.follows.count() == 2
    assert question_services.question_unfollow(question=question, user=reader) is True
    assert question_services.question_unfollow(question=question, user=reader) is False
    with pytest.raises(ServiceError):
        question_services.question_follow(question=question, user=AnonymousUser())


def test_others_cannot_follow_an_unpublished_question(khokimiyat, resident):
    question = ask(khokimiyat, resident)
    with pytest.raises(ServiceError, match=str(question_services.NOT_PUBLISHED)):
        question_services.question_follow(question=question, user=make_resident())


# --- the database holds the invariants too ------------------------------------------------


def test_database_refuses_a_published_question_without_a_deadline(khokimiyat, resident):
    question = ask(khokimiyat, resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(status=QuestionStatus.PUBLISHED)


def test_a_cyrillic_reader_gets_the_answer_email_in_cyrillic(
    khokimiyat, resident, staff, mailoutbox, django_capture_on_commit_callbacks
):
    question = publish(ask(khokimiyat, resident, title="Suv qachon beriladi?"), staff["moderator"])
    reader = make_resident(preferred_language="uz-cyrl", full_name="Akmal Tursunov")
    question_services.question_follow(question=question, user=reader)
    with django_capture_on_commit_callbacks(execute=True):
        question_services.question_answer(question=question, responder=staff["responder"], answer="Ertaga.", now=T0)
    email = next(email for email in mailoutbox if email.to == [reader.email])
    assert "Сув қачон берилади?" in email.body and "Сув қачон берилади?" in email.subject
    assert "/uz-cyrl/yangiqorgon/questions/" in email.body  # the link is untouched
