"""Public pages of residents' questions, served as routes of the khokimiyat page."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from participation.models import ModerationItem, ModerationKind, VerificationLevel
from participation.web.dates import machine_time
from proposals.questions import services as question_services
from proposals.questions.models import Question, QuestionFollow, QuestionStatus, QuestionTopic
from tests.factories import UserFactory
from tests.fixtures.pages import sitemap_crawl
from tests.proposals.questions.support import XSS_TEXT, XSS_TITLE, ask, make_resident, publish, reject


def publish_now(question, moderator):
    """Published on the real clock: these pages compute "overdue" from the time of the request."""
    return publish(question, moderator, now=timezone.now())


RAW_MARKUP = ("<script>alert", "<img src=x", 'href="javascript:')


def questions_url(page, lang="uz"):
    return f"/{lang}/yangiqorgon/questions/" if page.slug == "yangiqorgon" else f"/{lang}/{page.slug}/questions/"


def question_url(question, lang="uz"):
    return f"/{lang}/yangiqorgon/questions/{question.pk}/"


def form_data(**fields):
    data = {"title": "Navbahor koʻchasida suv yoʻq", "text": "Dushanbadan beri suv yoʻq.", "topic": "water"}
    data.update(fields)
    return data


# --- asking -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, khokimiyat):
    response = client.get("/uz/yangiqorgon/questions/ask/")
    assert response.status_code == 302
    assert response["Location"] == "/uz/accounts/login/?next=/uz/yangiqorgon/questions/ask/"
    response = client.post("/uz/yangiqorgon/questions/ask/", form_data())
    assert response.status_code == 302 and not Question.objects.exists()


def test_a_resident_asks_and_sees_the_pending_question(client, khokimiyat, resident):
    client.force_login(resident)
    form = client.get("/uz/yangiqorgon/questions/ask/")
    assert form.status_code == 200 and 'name="text"' in form.content.decode()
    response = client.post("/uz/yangiqorgon/questions/ask/", form_data())
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == question_url(question)
    assert (question.author, question.status, question.topic) == (resident, QuestionStatus.PENDING, "water")
    page = client.get(response["Location"]).content.decode()
    assert "Navbahor koʻchasida suv yoʻq" in page
    with translation.override("uz"):
        assert (
            gettext("Your question is waiting for a moderator. Only you and the khokimiyat's staff can see it now.")
            in page
        )


@pytest.mark.parametrize("lang", ["uz", "ru", "en"])
def test_an_empty_question_gets_a_clear_error_and_keeps_the_title(client, khokimiyat, resident, lang):
    client.force_login(resident)
    response = client.post(f"/{lang}/yangiqorgon/questions/ask/", form_data(text="   "))
    page = response.content.decode()
    assert response.status_code == 200
    with translation.override(lang):
        assert str(question_services.TEXT_EMPTY) in page
    assert 'value="Navbahor koʻchasida suv yoʻq"' in page
    assert not Question.objects.exists()


def test_an_oversized_question_gets_a_clear_error_and_keeps_the_whole_text(client, khokimiyat, resident):
    client.force_login(resident)
    text = "Suv yoʻq. " * 450  # 4 500 characters, over the 4 000 limit
    response = client.post("/en/yangiqorgon/questions/ask/", form_data(text=text))
    page = response.content.decode()
    assert response.status_code == 200
    assert "4000" in page and str(len(text.strip())) in page
    assert text.strip() in page  # every character kept, nothing cut
    assert "maxlength" not in page.split('name="text"')[0].rsplit("<textarea", 1)[-1]
    assert not Question.objects.exists()


def test_residents_without_a_confirmed_email_are_told_to_confirm(client, khokimiyat):
    unconfirmed = make_resident(verification_level=VerificationLevel.NONE)
    client.force_login(unconfirmed)
    page = client.get("/en/yangiqorgon/questions/ask/").content.decode()
    assert "Confirm your e-mail address" in page and 'name="text"' not in page
    client.post("/en/yangiqorgon/questions/ask/", form_data())
    assert not Question.objects.exists()


def test_the_ask_form_escapes_what_was_typed(client, khokimiyat, resident):
    client.force_login(resident)
    page = client.post("/en/yangiqorgon/questions/ask/", form_data(title=XSS_TITLE, text="")).content.decode()
    for raw in RAW_MARKUP:
        assert raw not in page
    assert "&lt;script&gt;" in page


# --- list and detail ----------------------------------------------------------------------


@pytest.fixture
def published_questions(khokimiyat, resident, staff):
    """One answered, one overdue, one awaiting (relative to the real clock)."""
    now = timezone.now()
    answered = publish(
        ask(khokimiyat, resident, title="Yoʻl qachon tuzatiladi", topic=QuestionTopic.ROADS),
        staff["moderator"],
        now=now - timedelta(days=2),
    )
    question_services.question_answer(
        question=answered, responder=staff["responder"], answer="Aprel oyida.", now=now - timedelta(days=1)
    )
    overdue = publish(
        ask(khokimiyat, resident, title="Gaz bosimi past"), staff["moderator"], now=now - timedelta(days=20)
    )
    awaiting = publish(ask(khokimiyat, resident, title="Maktabga avtobus"), staff["moderator"], now=now)
    pending = ask(khokimiyat, resident, title="Hali tekshirilmagan savol")
    return {"answered": answered, "overdue": overdue, "awaiting": awaiting, "pending": pending}


def test_list_shows_published_questions_with_their_state(client, published_questions):
    page = client.get("/en/yangiqorgon/questions/").content.decode()
    for title in ("Yoʻl qachon tuzatiladi", "Gaz bosimi past", "Maktabga avtobus"):
        assert title in page
    assert "Hali tekshirilmagan savol" not in page
    assert "question-overdue" in page and "Overdue" in page and "Answered" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=answered", {"Yoʻl qachon tuzatiladi"}),
        ("state=overdue", {"Gaz bosimi past"}),
        ("state=awaiting", {"Maktabga avtobus"}),
        ("topic=roads", {"Yoʻl qachon tuzatiladi"}),
        ("topic=water&state=overdue", {"Gaz bosimi past"}),
        ("topic=nonsense&state=%3Cscript%3E", {"Yoʻl qachon tuzatiladi", "Gaz bosimi past", "Maktabga avtobus"}),
    ],
)
def test_list_filters(client, published_questions, query, expected):
    page = client.get(f"/en/yangiqorgon/questions/?{query}").content.decode()
    shown = {title for title in ("Yoʻl qachon tuzatiladi", "Gaz bosimi past", "Maktabga avtobus") if title in page}
    assert shown == expected
    assert "<script>" not in page


def test_list_paginates_by_twenty(client, khokimiyat, resident, staff):
    for index in range(21):
        publish(
            ask(khokimiyat, resident, title=f"Savol raqami {index:02d}"),
            staff["moderator"],
            now=timezone.now() - timedelta(minutes=index),
        )
    first = client.get("/en/yangiqorgon/questions/").content.decode()
    second = client.get("/en/yangiqorgon/questions/?page=2").content.decode()
    assert "Savol raqami 00" in first and "Savol raqami 20" not in first
    assert "Savol raqami 20" in second and "Savol raqami 00" not in second
    assert 'rel="next"' in first
    assert client.get("/en/yangiqorgon/questions/?page=999").status_code == 200


def test_list_query_count_stays_the_same_as_questions_grow(
    client, khokimiyat, resident, staff, django_assert_max_num_queries
):
    counts = []
    for total in (3, 30):
        while Question.objects.count() < total:
            publish_now(ask(khokimiyat, resident), staff["moderator"])
        client.get("/en/yangiqorgon/questions/")  # warm Wagtail's site cache
        with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as queries:
            response = client.get("/en/yangiqorgon/questions/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_detail_shows_status_due_date_extension_and_answer(client, khokimiyat, resident, staff):
    question = publish_now(ask(khokimiyat, resident), staff["moderator"])
    question_services.question_extend(
        question=question, staff=staff["responder"], days=10, note="Suv korxonasidan maʼlumot kutilmoqda."
    )
    page = client.get(question_url(question, "en")).content.decode()
    assert "Awaiting answer" in page and "Suv korxonasidan maʼlumot kutilmoqda." in page
    assert "The answer date was extended" in page
    assert f'datetime="{machine_time(question.due_at)}"' in page
    question_services.question_answer(question=question, responder=staff["responder"], answer="Ertaga keladi.")
    page = client.get(question_url(question, "en")).content.decode()
    assert "Ertaga keladi." in page and "Yangiqoʻrgʻon tumani hokimligi" in page and "Answered" in page


def test_detail_marks_an_overdue_question(client, khokimiyat, resident, staff):
    question = publish(ask(khokimiyat, resident), staff["moderator"], now=timezone.now() - timedelta(days=16))
    page = client.get(question_url(question, "en")).content.decode()
    assert "Overdue" in page and "has not answered in time" in page


def test_detail_under_a_frozen_clock(client, khokimiyat, resident, staff):
    question = publish_now(ask(khokimiyat, resident), staff["moderator"])
    late = question.due_at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=late):
        page = client.get(question_url(question, "en")).content.decode()
    assert "Overdue" in page


def test_unpublished_questions_are_only_for_their_author_and_staff(client, khokimiyat, resident, staff):
    pending = ask(khokimiyat, resident)
    rejected = ask(khokimiyat, resident, title="Rad etilgan savol")
    reject(rejected, staff["moderator"], explanation="Haqoratli soʻzlar bor.")
    assert client.get(question_url(pending)).status_code == 404
    assert client.get(question_url(rejected)).status_code == 404
    client.force_login(make_resident())
    assert client.get(question_url(rejected)).status_code == 404
    client.force_login(resident)
    page = client.get(question_url(rejected, "en")).content.decode()
    assert "Rad etilgan savol" in page and "Haqoratli soʻzlar bor." in page and "was not published" in page
    client.force_login(staff["moderator"])
    assert client.get(question_url(pending)).status_code == 200


def test_another_khokimiyats_question_is_not_found_here(client, khokimiyat, other_khokimiyat, resident, staff):
    question = publish_now(ask(other_khokimiyat, resident), UserFactory(is_superuser=True))
    assert client.get(f"/uz/yangiqorgon/questions/{question.pk}/").status_code == 404
    assert client.get("/uz/yangiqorgon/questions/999999/").status_code == 404


def test_user_text_is_never_rendered_raw(client, khokimiyat, resident, staff):
    question = publish_now(ask(khokimiyat, resident, title=XSS_TITLE, text=XSS_TEXT), staff["moderator"])
    question_services.question_extend(question=question, staff=staff["responder"], days=5, note=XSS_TEXT)
    question_services.question_answer(question=question, responder=staff["responder"], answer=XSS_TEXT)
    for url in (question_url(question, "en"), "/en/yangiqorgon/questions/"):
        page = client.get(url).content.decode()
        for raw in RAW_MARKUP:
            assert raw not in page, (url, raw)
        assert "&lt;script&gt;" in page


# --- following ----------------------------------------------------------------------------


def test_follow_and_unfollow_with_plain_post_buttons(client, khokimiyat, resident, staff):
    question = publish_now(ask(khokimiyat, resident), staff["moderator"])
    reader = make_resident()
    follow_url = question_url(question) + "follow/"
    assert client.get(follow_url).status_code == 405
    anonymous = client.post(follow_url, {"action": "follow"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/uz/accounts/login/?next=")
    client.force_login(reader)
    page = client.get(question_url(question, "en")).content.decode()
    assert 'name="action" value="follow"' in page
    response = client.post(follow_url, {"action": "follow"})
    assert response.status_code == 302 and response["Location"] == question_url(question)
    assert QuestionFollow.objects.filter(question=question, user=reader).exists()
    page = client.get(question_url(question, "en")).content.decode()
    assert 'name="action" value="unfollow"' in page
    client.post(follow_url, {"action": "unfollow"})
    assert not QuestionFollow.objects.filter(question=question, user=reader).exists()


def test_nobody_else_can_follow_a_pending_question(client, khokimiyat, resident):
    question = ask(khokimiyat, resident)
    client.force_login(make_resident())
    assert client.post(question_url(question) + "follow/", {"action": "follow"}).status_code == 404
    assert QuestionFollow.objects.filter(question=question).count() == 1  # the author only


def test_the_khokimiyat_page_shows_overdue_questions(client, published_questions):
    page = client.get("/en/yangiqorgon/").content.decode()
    overdue_section = page[page.index('class="overdue"') :]
    overdue_section = overdue_section[: overdue_section.index("</section>")]
    assert "Gaz bosimi past" in overdue_section
    assert "Maktabga avtobus" not in overdue_section and "Yoʻl qachon tuzatiladi" not in overdue_section
    assert "Hali tekshirilmagan savol" not in page


# --- rate limit and appeal ------------------------------------------------------------------


def test_asking_too_often_is_refused_with_a_clear_message_and_the_text_kept(client, khokimiyat, resident, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "question_ask": {"user": (0, 3600), "ip": (100, 3600)}}
    client.force_login(resident)
    response = client.post("/en/yangiqorgon/questions/ask/", form_data(text="Suv qachon keladi? Javob bering."))
    page = response.content.decode()
    assert response.status_code == 200 and not Question.objects.exists()
    with translation.override("en"):
        assert str(question_services.ASK_TOO_OFTEN) in page.replace("&#x27;", "'")
    assert "Suv qachon keladi? Javob bering." in page and 'value="Navbahor koʻchasida suv yoʻq"' in page


def test_the_author_appeals_a_rejection_from_the_question_page(client, khokimiyat, resident, staff):
    question = ask(khokimiyat, resident)
    reject(question, staff["moderator"], explanation="Manzil yoʻq.")
    appeal_url = question_url(question) + "appeal/"
    client.force_login(make_resident())
    assert client.post(appeal_url, {"appeal-text": "Nega?"}).status_code == 404  # not theirs to see
    client.force_login(resident)
    page = client.get(question_url(question, "en")).content.decode()
    assert "Manzil yoʻq." in page and "Appeal against the rejection" in page and 'name="appeal-text"' in page
    empty = client.post(appeal_url, {"appeal-text": "  "})
    assert empty.status_code == 400
    response = client.post(appeal_url, {"appeal-text": "Manzil matnda bor: Navbahor koʻchasi 5."})
    assert response.status_code == 302 and response["Location"] == question_url(question)
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING
    page = client.get(question_url(question, "en")).content.decode()
    assert "waiting for a moderator" in page and 'name="appeal-text"' not in page
    appeal = ModerationItem.objects.get(kind=ModerationKind.APPEAL, object_id=question.pk)
    assert appeal.excluded_moderator_id == staff["moderator"].pk and appeal.appeal_text.startswith("Manzil matnda")


def test_the_sitemap_lists_published_questions_in_every_language(client, khokimiyat, resident, staff):
    published = publish_now(ask(khokimiyat, resident, title="Sitemapdagi savol"), staff["moderator"])
    pending = ask(khokimiyat, resident, title="Kutilayotgan savol")
    sitemap = sitemap_crawl(client)
    for lang in ("uz", "ru", "en"):
        assert f"/{lang}/yangiqorgon/questions/{published.pk}/</loc>" in sitemap
    assert f"/questions/{pending.pk}/" not in sitemap
