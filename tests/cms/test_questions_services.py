"""Residents' public questions: the lifecycle, deadlines, permissions and notifications.

Time is passed in (``now=``) rather than frozen, so every deadline below is exact.
Fixtures here are imported by the view and admin tests of questions.
"""

import smtplib
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import translation
from wagtail.models import Locale, ModelLogEntry

from cms.models import Question, QuestionFollow, QuestionStatus, QuestionTopic
from cms.selectors.questions import (
    question_is_overdue,
    question_open_actions,
    question_visible_to,
    questions_for_staff,
    questions_overdue,
    questions_public_listing,
    questions_published,
)
from cms.services import questions as question_services
from cms.tasks import notify_question_answered
from participation.exceptions import ServiceError
from participation.models import StaffRoleKind, VerificationLevel
from tests.factories import UserFactory
from tests.fixtures.questions import (  # noqa: F401 - fixtures
    T0,
    XSS_TEXT,
    XSS_TITLE,
    ask,
    khokimiyat,
    make_resident,
    other_khokimiyat,
    publish,
    resident,
)


# --- fixtures shared with test_questions_views / test_questions_admin ---------------------


# --- asking -------------------------------------------------------------------------------


def test_asking_creates_a_pending_question_the_author_follows(khokimiyat, resident):
    question = ask(khokimiyat, resident, title="  Suv\n yoʻq  ", text="  Qachon keladi?  ")
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING
    assert (question.title, question.text) == ("Suv yoʻq", "Qachon keladi?")
    assert question.published_at is None and question.due_at is None
    assert list(QuestionFollow.objects.values_list("user", flat=True)) == [resident.pk]


def test_a_question_asked_on_a_translation_belongs_to_the_uzbek_page(khokimiyat, resident):
    russian, _created = Locale.objects.get_or_create(language_code="ru")
    russian_page = khokimiyat.copy_for_translation(russian, copy_parents=True)
    question = ask(russian_page, resident)
    assert question.khokimiyat_id == khokimiyat.pk
    assert list(questions_published(russian_page)) == list(questions_published(khokimiyat))


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


def test_publishing_starts_the_answer_clock(khokimiyat, resident, people, settings):
    settings.QUESTION_ANSWER_DAYS = 15
    question = publish(ask(khokimiyat, resident), people["moderator"])
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED
    assert (question.published_at, question.due_at) == (T0, T0 + timedelta(days=15))
    assert (question.moderated_by, question.moderated_at) == (people["moderator"], T0)
    entry = ModelLogEntry.objects.get(action="cms.question_published")
    assert (entry.object_id, entry.user_id) == (str(question.pk), people["moderator"].pk)
    assert datetime.fromisoformat(entry.data["due_at"]) == T0 + timedelta(days=15)


def test_the_answer_period_is_a_setting(khokimiyat, resident, people, settings):
    settings.QUESTION_ANSWER_DAYS = 5
    question = publish(ask(khokimiyat, resident), people["moderator"])
    assert question.due_at == T0 + timedelta(days=5)


def test_rejecting_needs_a_reason_and_tells_the_author(
    khokimiyat, resident, people, mailoutbox, django_capture_on_commit_callbacks
):
    question = ask(khokimiyat, resident, title="Yoʻl ta'miri <b>kerak</b>")
    with pytest.raises(ServiceError) as caught:
        question_services.question_moderate(question=question, moderator=people["moderator"], publish=False, reason=" ")
    assert caught.value.message == question_services.REASON_REQUIRED
    with django_capture_on_commit_callbacks(execute=True):
        question_services.question_moderate(
            question=question, moderator=people["moderator"], publish=False, reason="Shaxsiy maʼlumot bor.", now=T0
        )
    question.refresh_from_db()
    assert (question.status, question.rejection_reason) == (QuestionStatus.REJECTED, "Shaxsiy maʼlumot bor.")
    assert question.published_at is None
    assert ModelLogEntry.objects.get(action="cms.question_rejected").data == {"reason": "Shaxsiy maʼlumot bor."}
    [email] = mailoutbox
    assert email.to == [resident.email]
    assert "Shaxsiy maʼlumot bor." in email.body and "Yoʻl ta'miri <b>kerak</b>" in email.body
    with translation.override("uz"):
        assert email.subject == question_services.REJECTED_SUBJECT % {"title": "Yoʻl ta'miri <b>kerak</b>"}


def test_a_question_is_moderated_once(khokimiyat, resident, people):
    question = publish(ask(khokimiyat, resident), people["moderator"])
    for publish_again in (True, False):
        with pytest.raises(ServiceError) as caught:
            question_services.question_moderate(
                question=question, moderator=people["manager"], publish=publish_again, reason="x"
            )
        assert caught.value.message == question_services.ALREADY_MODERATED
    assert ModelLogEntry.objects.filter(action__startswith="cms.question_").count() == 1


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
    return {who: make_resident() if who == "citizen" else people[who] for who in ALLOWED}


@pytest.mark.parametrize("who", ALLOWED)
def test_permission_matrix(khokimiyat, resident, everyone, who):
    user = everyone[who]
    question = Question.objects.select_related("khokimiyat__territory").get(pk=ask(khokimiyat, resident).pk)
    may_moderate, may_answer, may_extend = ALLOWED[who]
    assert user.has_perm("cms.moderate_question", question) is may_moderate
    assert user.has_perm("cms.answer_question", question) is may_answer
    assert user.has_perm("cms.extend_question", question) is may_extend
    # Every authenticated person with a confirmed e-mail may ask; staff accounts here have none.
    assert user.has_perm("cms.ask_question", khokimiyat) is (who == "citizen")


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


def test_the_answer_date_is_extended_once_with_a_public_note(khokimiyat, resident, people):
    question = publish(ask(khokimiyat, resident), people["moderator"])
    later = T0 + timedelta(days=3)
    question_services.question_extend(
        question=question, staff=people["responder"], days=30, note="Suv taʼminoti korxonasidan javob kutilmoqda.",
        now=later,
    )
    question.refresh_from_db()
    assert question.due_at == T0 + timedelta(days=15 + 30)
    assert (question.extended_at, question.extended_by) == (later, people["responder"])
    entry = ModelLogEntry.objects.get(action="cms.question_extended")
    assert entry.data["days"] == 30 and datetime.fromisoformat(entry.data["due_before"]) == T0 + timedelta(days=15)
    with pytest.raises(ServiceError) as caught:
        question_services.question_extend(question=question, staff=people["manager"], days=1, note="Yana", now=later)
    assert caught.value.message == question_services.ALREADY_EXTENDED
    question.refresh_from_db()
    assert question.due_at == T0 + timedelta(days=45)


@pytest.mark.parametrize(
    ("days", "note", "message"),
    [
        (0, "Sabab", question_services.EXTENSION_DAYS_RANGE),
        (31, "Sabab", question_services.EXTENSION_DAYS_RANGE),
        (-5, "Sabab", question_services.EXTENSION_DAYS_RANGE),
        (10, "  ", question_services.EXTENSION_NOTE_REQUIRED),
    ],
)
def test_extension_limits(khokimiyat, resident, people, days, note, message):
    question = publish(ask(khokimiyat, resident), people["moderator"])
    with pytest.raises(ServiceError) as caught:
        question_services.question_extend(question=question, staff=people["responder"], days=days, note=note, now=T0)
    assert caught.value.message == message % {"limit": 30}
    question.refresh_from_db()
    assert question.extended_at is None and question.due_at == T0 + timedelta(days=15)


def test_extension_is_refused_after_the_answer_and_after_the_date(khokimiyat, resident, people):
    answered = publish(ask(khokimiyat, resident), people["moderator"])
    question_services.question_answer(question=answered, responder=people["responder"], answer="Javob", now=T0)
    with pytest.raises(ServiceError, match=str(question_services.ALREADY_ANSWERED)):
        question_services.question_extend(question=answered, staff=people["manager"], days=5, note="x", now=T0)
    late = publish(ask(khokimiyat, resident), people["moderator"])
    with pytest.raises(ServiceError, match=str(question_services.EXTENSION_TOO_LATE)):
        question_services.question_extend(
            question=late, staff=people["manager"], days=5, note="x", now=T0 + timedelta(days=16)
        )
    pending = ask(khokimiyat, resident)
    with pytest.raises(ServiceError, match=str(question_services.NOT_PUBLISHED)):
        question_services.question_extend(question=pending, staff=people["manager"], days=5, note="x", now=T0)


def test_the_extension_limit_is_a_setting(khokimiyat, resident, people, settings):
    settings.QUESTION_EXTENSION_MAX_DAYS = 10
    question = publish(ask(khokimiyat, resident), people["moderator"])
    with pytest.raises(ServiceError):
        question_services.question_extend(question=question, staff=people["responder"], days=11, note="x", now=T0)
    question_services.question_extend(question=question, staff=people["responder"], days=10, note="x", now=T0)


# --- answering and overdue ----------------------------------------------------------------


def test_answering_records_office_and_date_and_notifies_followers_in_their_language(
    khokimiyat, resident, people, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://ishtirok.example.uz"
    question = publish(ask(khokimiyat, resident, title=XSS_TITLE, text=XSS_TEXT), people["moderator"])
    russian = make_resident(preferred_language="ru", full_name="Olga Petrova")
    cyrillic = make_resident(preferred_language="uz-cyrl", full_name="Akmal Tursunov")
    question_services.question_follow(question=question, user=russian)
    question_services.question_follow(question=question, user=cyrillic)
    with django_capture_on_commit_callbacks(execute=True):
        question_services.question_answer(
            question=question, responder=people["responder"], answer="  Suv 5-martdan keladi.  ", now=T0
        )
    question.refresh_from_db()
    assert question.answer == "Suv 5-martdan keladi."
    assert (question.answered_at, question.answered_by) == (T0, people["responder"])
    assert question.answered_office == "Yangiqoʻrgʻon tumani hokimligi"
    assert ModelLogEntry.objects.get(action="cms.question_answered").user_id == people["responder"].pk

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
    khokimiyat, resident, people, mailoutbox, django_capture_on_commit_callbacks
):
    question = publish(ask(khokimiyat, resident), people["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        question_services.question_answer(question=question, responder=people["responder"], answer="Javob", now=T0)
    assert len(mailoutbox) == 1
    assert notify_question_answered.delay(question.pk).get() == 0
    assert len(mailoutbox) == 1


def test_a_failing_mail_server_does_not_undo_the_answer(
    khokimiyat, resident, people, mailoutbox, django_capture_on_commit_callbacks
):
    question = publish(ask(khokimiyat, resident), people["moderator"])
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPException("mail server down")):
        with django_capture_on_commit_callbacks(execute=True):
            question_services.question_answer(question=question, responder=people["responder"], answer="J", now=T0)
    question.refresh_from_db()
    assert question.answered_at == T0
    # Nobody is marked as told, so the next run of the task still tells them.
    assert QuestionFollow.objects.get(question=question).notified_at is None
    assert notify_question_answered.delay(question.pk).get() == 1
    assert [email.to for email in mailoutbox] == [[resident.email]]


def test_nothing_is_sent_when_the_answer_is_rolled_back(
    khokimiyat, resident, people, mailoutbox, django_capture_on_commit_callbacks
):
    question = publish(ask(khokimiyat, resident), people["moderator"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            question_services.question_answer(question=question, responder=people["responder"], answer="J", now=T0)
            raise RuntimeError("the request failed after the answer")
    assert callbacks == [] and mailoutbox == []
    question.refresh_from_db()
    assert question.answered_at is None


def test_a_question_is_answered_once_and_only_when_published(khokimiyat, resident, people):
    pending = ask(khokimiyat, resident)
    with pytest.raises(ServiceError, match=str(question_services.NOT_PUBLISHED)):
        question_services.question_answer(question=pending, responder=people["responder"], answer="J", now=T0)
    question = publish(pending, people["moderator"])
    with pytest.raises(ServiceError, match=str(question_services.ANSWER_EMPTY)):
        question_services.question_answer(question=question, responder=people["responder"], answer=" ", now=T0)
    question_services.question_answer(question=question, responder=people["responder"], answer="Javob", now=T0)
    with pytest.raises(ServiceError, match=str(question_services.ALREADY_ANSWERED)):
        question_services.question_answer(question=question, responder=people["manager"], answer="Boshqa", now=T0)
    question.refresh_from_db()
    assert question.answer == "Javob"


def test_overdue_is_computed_from_the_due_date(khokimiyat, resident, people):
    question = publish(ask(khokimiyat, resident), people["moderator"])
    due = T0 + timedelta(days=15)
    assert not question_is_overdue(question, now=due - timedelta(seconds=1))
    assert not question_is_overdue(question, now=due)
    assert question_is_overdue(question, now=due + timedelta(seconds=1))
    assert list(questions_overdue(khokimiyat, now=due + timedelta(seconds=1))) == [question]
    assert list(questions_overdue(khokimiyat, now=due)) == []
    [listed] = questions_published(khokimiyat, now=due + timedelta(hours=1))
    assert listed.is_overdue is True
    # An answer, even a late one, ends the overdue mark.
    question_services.question_answer(
        question=question, responder=people["responder"], answer="Kech javob", now=due + timedelta(days=2)
    )
    question.refresh_from_db()
    assert not question_is_overdue(question, now=due + timedelta(days=3))
    assert list(questions_overdue(khokimiyat, now=due + timedelta(days=3))) == []
    assert questions_published(khokimiyat, now=due + timedelta(days=3)).get().is_overdue is False


def test_an_extension_moves_the_overdue_date(khokimiyat, resident, people):
    question = publish(ask(khokimiyat, resident), people["moderator"])
    question_services.question_extend(question=question, staff=people["manager"], days=10, note="Sabab", now=T0)
    assert not question_is_overdue(question, now=T0 + timedelta(days=20))
    assert question_is_overdue(question, now=T0 + timedelta(days=26))


def test_pending_and_rejected_questions_are_never_overdue_or_listed(khokimiyat, resident, people):
    ask(khokimiyat, resident)
    rejected = ask(khokimiyat, resident)
    question_services.question_moderate(question=rejected, moderator=people["moderator"], publish=False, reason="x")
    far = T0 + timedelta(days=365)
    assert list(questions_published(khokimiyat, now=far)) == []
    assert list(questions_overdue(khokimiyat, now=far)) == []


def test_public_listing_filters_partition_the_published_questions(khokimiyat, resident, people):
    answered = publish(ask(khokimiyat, resident, topic=QuestionTopic.ROADS), people["moderator"])
    question_services.question_answer(question=answered, responder=people["responder"], answer="J", now=T0)
    overdue = publish(ask(khokimiyat, resident), people["moderator"], now=T0 - timedelta(days=20))
    awaiting = publish(ask(khokimiyat, resident), people["moderator"], now=T0)
    now = T0 + timedelta(days=1)

    def listed(**filters):
        return set(questions_public_listing(khokimiyat, now=now, **filters))

    assert listed() == {answered, overdue, awaiting}
    assert listed(state="answered") == {answered}
    assert listed(state="overdue") == {overdue}
    assert listed(state="awaiting") == {awaiting}
    assert listed(topic="roads") == {answered}
    assert listed(topic="nonsense", state="nonsense") == {answered, overdue, awaiting}


def test_questions_of_one_khokimiyat_are_not_listed_on_another(khokimiyat, other_khokimiyat, resident, people):
    publish(ask(khokimiyat, resident), people["moderator"])
    assert list(questions_published(other_khokimiyat)) == []


# --- staff queue and visibility ------------------------------------------------------------


def test_staff_queue_holds_only_questions_of_their_khokimiyats(
    khokimiyat, other_khokimiyat, resident, people, make_staff, tree
):
    here = ask(khokimiyat, resident)
    there = ask(other_khokimiyat, resident)
    zomin_responder = make_staff(StaffRoleKind.RESPONDER, tree.zomin)
    assert list(questions_for_staff(people["moderator"])) == [here]
    assert list(questions_for_staff(people["region_manager"])) == [here]
    assert list(questions_for_staff(zomin_responder)) == [there]
    assert list(questions_for_staff(people["editor"])) == []
    assert list(questions_for_staff(make_resident())) == []
    assert list(questions_for_staff(AnonymousUser())) == []
    assert set(questions_for_staff(UserFactory(is_superuser=True))) == {here, there}


def test_staff_queue_puts_moderation_first_then_the_nearest_due_date(khokimiyat, resident, people):
    later = publish(ask(khokimiyat, resident), people["moderator"], now=T0)
    sooner = publish(ask(khokimiyat, resident), people["moderator"], now=T0 - timedelta(days=5))
    waiting = ask(khokimiyat, resident)
    done = publish(ask(khokimiyat, resident), people["moderator"], now=T0)
    question_services.question_answer(question=done, responder=people["responder"], answer="J", now=T0)
    assert list(questions_for_staff(people["manager"], now=T0)) == [waiting, sooner, later]
    assert list(questions_for_staff(people["manager"], "answered", now=T0)) == [done]
    assert list(questions_for_staff(people["manager"], "pending", now=T0)) == [waiting]
    overdue = list(questions_for_staff(people["manager"], "overdue", now=T0 + timedelta(days=11)))
    assert overdue == [sooner] and overdue[0].is_overdue


def test_staff_queue_query_budget_does_not_grow(khokimiyat, resident, people, django_assert_max_num_queries):
    for count in (3, 30):
        while Question.objects.count() < count:
            publish(ask(khokimiyat, resident), people["moderator"])
        manager = type(people["manager"]).objects.get(pk=people["manager"].pk)  # no cached roles
        with django_assert_max_num_queries(2):
            rows = [(question.title, question.khokimiyat.title, question.is_overdue)
                    for question in questions_for_staff(manager, "all")]
        assert len(rows) == count


def test_visibility_of_unpublished_questions(khokimiyat, resident, people, make_staff, tree):
    question = Question.objects.select_related("khokimiyat__territory").get(pk=ask(khokimiyat, resident).pk)
    assert question_visible_to(question, resident)
    assert question_visible_to(question, people["moderator"])
    assert not question_visible_to(question, make_resident())
    assert not question_visible_to(question, AnonymousUser())
    assert not question_visible_to(question, make_staff(StaffRoleKind.MODERATOR, tree.zomin))
    publish(question, people["moderator"])
    assert question_visible_to(question, AnonymousUser())


def test_open_actions_follow_the_state(khokimiyat, resident, people):
    question = ask(khokimiyat, resident)
    assert question_open_actions(question, now=T0) == {"moderate"}
    publish(question, people["moderator"])
    assert question_open_actions(question, now=T0) == {"answer", "extend"}
    assert question_open_actions(question, now=T0 + timedelta(days=16)) == {"answer"}
    question_services.question_answer(question=question, responder=people["responder"], answer="J", now=T0)
    assert question_open_actions(question, now=T0) == set()


# --- following ----------------------------------------------------------------------------


def test_follow_and_unfollow(khokimiyat, resident, people):
    question = publish(ask(khokimiyat, resident), people["moderator"])
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
    khokimiyat, resident, people, mailoutbox, django_capture_on_commit_callbacks
):
    question = publish(ask(khokimiyat, resident, title="Suv qachon beriladi?"), people["moderator"])
    reader = make_resident(preferred_language="uz-cyrl", full_name="Akmal Tursunov")
    question_services.question_follow(question=question, user=reader)
    with django_capture_on_commit_callbacks(execute=True):
        question_services.question_answer(question=question, responder=people["responder"], answer="Ertaga.", now=T0)
    email = next(email for email in mailoutbox if email.to == [reader.email])
    assert "Сув қачон берилади?" in email.body and "Сув қачон берилади?" in email.subject
    assert "/uz-cyrl/yangiqorgon/questions/" in email.body  # the link is untouched
