"""The staff side of public questions in the Wagtail admin: moderation in the one moderation
queue (with the other kinds of content), answering and extension on the questions screen."""

from datetime import time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from participation.models import ModerationItem, StaffRoleKind
from participation.moderation import services as moderation_services
from participation.moderation.registry import content_noun
from proposals.questions import services as question_services
from proposals.questions.models import Question, QuestionStatus
from tests.proposals.questions.support import TASHKENT, XSS_TEXT, XSS_TITLE, a_reason, ask, make_resident, publish

RAW_MARKUP = ("<script>alert", "<img src=x", 'href="javascript:')
QUEUE = "/admin/questions/"
MODERATION = "/admin/moderation/"


def review_url(question) -> str:
    return f"/admin/questions/{question.pk}/"


def publish_now(question, moderator):
    return publish(question, moderator, now=timezone.now())


def moderation_url(question) -> str:
    item = ModerationItem.objects.get(
        content_type=ContentType.objects.get_for_model(Question), object_id=question.pk, decided_at__isnull=True
    )
    return f"{MODERATION}{item.pk}/"


def test_menu_item_is_shown_to_question_staff_only(client, staff, make_staff, tree):
    for who in ("moderator", "responder", "manager", "region_manager"):
        client.force_login(staff[who])
        assert QUEUE in client.get("/admin/").content.decode(), who
    client.force_login(staff["editor"])
    home = client.get("/admin/")
    assert home.status_code == 200 and QUEUE not in home.content.decode()
    assert client.get(QUEUE).status_code == 403


def test_residents_and_visitors_never_reach_the_queue(client, db):
    assert client.get(QUEUE).status_code == 302  # Wagtail's sign-in page
    client.force_login(make_resident())
    assert client.get(QUEUE)["Location"].startswith("/admin/login/")


def test_queue_lists_own_khokimiyat_sorted_and_highlights_overdue(
    client, khokimiyat, other_khokimiyat, resident, staff
):
    now = timezone.now()
    waiting = ask(khokimiyat, resident, title="Moderatsiya kutmoqda")
    overdue = publish(
        ask(khokimiyat, resident, title="Suv savoli, javobsiz"), staff["moderator"], now=now - timedelta(days=20)
    )
    fresh = publish(ask(khokimiyat, resident, title="Yangi savol"), staff["moderator"], now=now)
    ask(other_khokimiyat, resident, title="Zomin savoli")
    client.force_login(staff["manager"])
    page = client.get(QUEUE).content.decode()
    assert "Zomin savoli" not in page
    positions = [page.index(title) for title in (waiting.title, overdue.title, fresh.title)]
    assert positions == sorted(positions)
    assert 'class="question-overdue"' in page
    only_overdue = client.get(QUEUE + "?status=overdue").content.decode()
    assert overdue.title in only_overdue and fresh.title not in only_overdue


def test_a_moderator_publishes_from_the_one_queue_and_the_clock_starts(client, khokimiyat, resident, staff, settings):
    settings.QUESTION_ANSWER_DAYS = 15
    question = ask(khokimiyat, resident)
    client.force_login(staff["moderator"])
    # The questions screen sends moderators to the moderation queue; it has no form of its own.
    page = client.get(review_url(question)).content.decode()
    assert 'value="moderate"' not in page and 'value="answer"' not in page and MODERATION in page
    queue = client.get(MODERATION).content.decode()
    with translation.override("uz"):  # the admin speaks the staff member's preferred language
        assert question.title in queue and f"<td>{content_noun(Question)}</td>" in queue
    response = client.post(moderation_url(question), {"outcome": "approve"})
    assert response.status_code == 302 and response["Location"] == MODERATION
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED
    due, published = question.due_at.astimezone(TASHKENT), question.published_at.astimezone(TASHKENT)
    assert (due.date() - published.date()).days == 15 and due.time() == time(23, 59, 59)
    with translation.override("uz"):
        published_message = str(translation.gettext("Published the question"))
    assert published_message in client.get(review_url(question)).content.decode()  # the history list


def test_rejecting_without_a_reason_keeps_the_form_and_changes_nothing(
    client, khokimiyat, resident, staff, mailoutbox, django_capture_on_commit_callbacks
):
    question = ask(khokimiyat, resident)
    client.force_login(staff["moderator"])
    url = moderation_url(question)
    response = client.post(url, {"outcome": "reject", "explanation": "Shaxsiy maʼlumot bor."})
    assert response.status_code == 200
    with translation.override("uz"):  # the admin speaks the staff member's preferred language
        assert str(moderation_services.REASON_REQUIRED) in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"outcome": "reject", "reason": a_reason().pk, "explanation": "Shaxsiy maʼlumot bor."})
    question.refresh_from_db()
    assert (question.status, question.rejection_reason) == (QuestionStatus.REJECTED, "Shaxsiy maʼlumot bor.")
    assert [email.to for email in mailoutbox] == [[resident.email]]


def test_a_responder_answers_and_followers_get_an_email(
    client, khokimiyat, resident, staff, mailoutbox, django_capture_on_commit_callbacks
):
    question = publish_now(ask(khokimiyat, resident), staff["moderator"])
    client.force_login(staff["responder"])
    page = client.get(review_url(question)).content.decode()
    assert 'value="answer"' in page and 'value="extend"' in page and 'value="moderate"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(question), {"action": "answer", "answer-answer": "Suv 5-martda keladi."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "Suv 5-martda keladi." and question.answered_by == staff["responder"]
    assert [email.to for email in mailoutbox] == [[resident.email]]


def test_extending_once_through_the_admin(client, khokimiyat, resident, staff):
    question = publish_now(ask(khokimiyat, resident), staff["moderator"])
    due = question.due_at
    client.force_login(staff["manager"])
    too_long = client.post(review_url(question), {"action": "extend", "extend-days": "31", "extend-note": "Sabab"})
    assert too_long.status_code == 200
    question.refresh_from_db()
    assert question.extended_at is None
    response = client.post(review_url(question), {"action": "extend", "extend-days": "30", "extend-note": "Sabab"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.due_at == due + timedelta(days=30) and question.extension_note == "Sabab"
    assert 'value="extend"' not in client.get(review_url(question)).content.decode()
    again = client.post(review_url(question), {"action": "extend", "extend-days": "1", "extend-note": "Yana"})
    assert again.status_code == 200
    with translation.override("uz"):
        assert str(question_services.ALREADY_EXTENDED) in again.content.decode()
    question.refresh_from_db()
    assert question.due_at == due + timedelta(days=30)


@pytest.mark.parametrize(
    ("who", "post", "expected"),
    [
        ("moderator", {"action": "answer", "answer-answer": "J"}, 403),
        ("moderator", {"action": "extend", "extend-days": "5", "extend-note": "x"}, 403),
        ("responder", {"action": "moderate", "moderate-decision": "publish"}, 403),
        ("editor", {"action": "answer", "answer-answer": "J"}, 403),
        ("moderator", {"action": "delete"}, 403),
    ],
)
def test_forms_a_role_may_not_use_are_refused_with_403(client, khokimiyat, resident, staff, who, post, expected):
    question = publish_now(ask(khokimiyat, resident), staff["manager"])
    client.force_login(staff[who])
    assert client.post(review_url(question), post).status_code == expected
    question.refresh_from_db()
    assert (question.answered_at, question.extended_at) == (None, None)


def test_another_khokimiyats_question_is_not_found(
    client, khokimiyat, other_khokimiyat, resident, staff, make_staff, tree
):
    question = ask(other_khokimiyat, resident)
    client.force_login(staff["manager"])
    # Django's LocaleMiddleware retries any 404 under a language prefix; it ends as a 404 too.
    assert client.get(review_url(question), follow=True).status_code == 404
    response = client.post(review_url(question), {"action": "answer", "answer-answer": "J"}, follow=True)
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING
    client.force_login(make_staff(StaffRoleKind.MODERATOR, tree.zomin))
    assert client.get(review_url(question)).status_code == 200


def test_user_text_is_escaped_in_the_admin(client, khokimiyat, resident, staff):
    question = publish_now(ask(khokimiyat, resident, title=XSS_TITLE, text=XSS_TEXT), staff["moderator"])
    question_services.question_extend(question=question, staff=staff["responder"], days=3, note=XSS_TEXT)
    question_services.question_answer(question=question, responder=staff["responder"], answer=XSS_TEXT)
    client.force_login(staff["manager"])
    for url in (QUEUE + "?status=all", review_url(question)):
        page = client.get(url).content.decode()
        for raw in RAW_MARKUP:
            assert raw not in page, (url, raw)
        assert "&lt;script&gt;" in page
    # Wagtail's own audit-log report shows the question's title as the entry's label.
    client.force_login(type(staff["manager"]).objects.create_superuser(email="root@example.uz", password="x" * 12))
    report = client.get("/admin/reports/site-history/").content.decode()
    assert "&lt;script&gt;" in report and "<script>alert" not in report


def test_queue_query_count_stays_the_same_as_questions_grow(
    client, khokimiyat, resident, staff, django_assert_max_num_queries
):
    client.force_login(staff["manager"])
    client.get(QUEUE)  # warm caches
    counts = []
    for total in (3, 30):
        while Question.objects.count() < total:
            publish_now(ask(khokimiyat, resident), staff["moderator"])
        with django_assert_max_num_queries(15), CaptureQueriesContext(connection) as queries:
            response = client.get(QUEUE)
        assert response.status_code == 200 and response.content.decode().count("/admin/questions/") >= total
        counts.append(len(queries))
    assert counts[0] == counts[1]
