"""A resident's walk through a khokimiyat's information centre on a small phone, every page
type checked with axe: find how to register a birth, see which centre near them has
step-free access and when it is open, ask a question, and later read the answer. The
question waits in the one moderation queue, where the district's moderator approves it."""

from urllib.parse import quote

import pytest
from django.utils import translation
from wagtail.models import Page

from participation.models import ModerationItem, ModerationOutcome, VerificationLevel
from proposals.questions.models import Question, QuestionStatus
from proposals.questions.services import question_answer
from tests.factories import UserFactory
from tests.factories import pages as b
from tests.fixtures.browser import SMALL_PHONE, assert_accessible, assert_fits_small_phone, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "sinov-parol-2026"
# Wagtail's admin fades its messages in; axe reads colours once the animations have finished.
SETTLE = """async () => {
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    await Promise.all(document.getAnimations()
        .filter(animation => animation.effect && animation.effect.getComputedTiming().endTime !== Infinity)
        .map(animation => animation.finished.catch(() => null)));
}"""


@pytest.fixture
def information_centre(tree, home_page, make_staff):
    region = b.khokimiyat(home_page, tree.namangan, "namangan", "Namangan viloyati hokimligi")
    district = b.khokimiyat(region, tree.yangiqorgon, "yangiqorgon", "Yangiqoʻrgʻon tumani hokimligi")
    news_index, decisions, services, centres = b.sections(district)
    b.news(news_index, "Navbahor mahallasida yoʻl taʼmirlandi", tags=["yoʻllar"])
    b.decision(decisions, "Obodonlashtirish toʻgʻrisida", "45-q")
    birth = b.service(services, "Tugʻilishni qayd etish", days=1, description="Bolaning tugʻilishini qayd etish")
    b.centre(
        centres, "Yangiqoʻrgʻon davlat xizmatlari markazi", tree.yangiqorgon, services=[birth], step_free_entrance=True
    )
    b.centre(centres, "Istiqlol mahalla zonasi", tree.istiqlol, services=[birth])
    return {
        "district": district,
        "moderator": make_staff("moderator", tree.yangiqorgon, password=PASSWORD),
        "responder": make_staff("responder", tree.yangiqorgon),
    }


def visit(page, url):
    page.goto(url)
    assert_fits_small_phone(page)
    assert_accessible(page)


def test_resident_finds_a_service_a_centre_asks_and_reads_the_answer(live_server, page, browser, information_centre):
    resident = UserFactory(
        email="dilnoza@example.test",
        password=PASSWORD,
        full_name="Dilnoza Karimova",
        verification_level=VerificationLevel.EMAIL,  # what confirming the e-mail gives
    )
    base = live_server.url

    # Every page type on the way, in Uzbek, passes axe on a 360 px screen.
    visit(page, f"{base}/uz/")
    submit(page.get_by_role("link", name="Yangiqoʻrgʻon tumani", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == "Yangiqoʻrgʻon tumani hokimligi"
    assert_accessible(page)
    for section in ("yangiliklar", "qarorlar", "davlat-xizmatlari", "xizmat-markazlari", "questions"):
        visit(page, f"{base}/uz/namangan/yangiqorgon/{section}/")
    visit(page, f"{base}/uz/namangan/yangiqorgon/yangiliklar/news-1/")
    visit(page, f"{base}/uz/namangan/yangiqorgon/qarorlar/decision-45-q/")

    # "How do I register a birth?" typed the way phones type it.
    page.goto(f"{base}/uz/")
    page.get_by_role("searchbox").fill("tug'ilish")
    with page.expect_navigation():
        page.get_by_role("searchbox").press("Enter")
    assert_accessible(page)
    submit(page.get_by_role("link", name="Tugʻilishni qayd etish"))
    assert_accessible(page)
    step_free = page.locator(".card", has_text="Yangiqoʻrgʻon davlat xizmatlari markazi")
    assert step_free.locator(".features li").count() == 1  # step-free entrance
    assert page.locator(".card", has_text="Istiqlol mahalla zonasi").locator(".features li").count() == 0
    step_free.locator("summary").click()
    assert step_free.get_by_text("09:00–18:00").is_visible()
    submit(step_free.get_by_role("link").first)
    assert_accessible(page)  # the centre page

    # Centres filtered by step-free access.
    page.goto(f"{base}/uz/namangan/yangiqorgon/xizmat-markazlari/")
    page.locator("#feature-step_free_entrance").check()
    submit(page.locator("form.filters button"))
    assert page.locator(".cards > li").count() == 1
    assert_accessible(page)

    # Ask a question: signing in first.
    page.goto(f"{base}/uz/namangan/yangiqorgon/questions/ask/")
    page.locator("input[name=login]").fill(resident.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page.locator("main form button[type=submit]"))
    page.wait_for_url("**/questions/ask/")
    assert_accessible(page)
    page.locator("input[name=title]").fill("Ichimlik suvi qachon beriladi?")
    page.locator("textarea[name=text]").fill("Navbahor mahallasida uch kundan beri suv yoʻq.")
    page.locator("select[name=topic]").select_option("water")
    submit(page.locator("main form button[type=submit]"))
    assert_accessible(page)
    question = Question.objects.get(title="Ichimlik suvi qachon beriladi?")

    # The district's moderator finds it in the one moderation queue, reads it and approves.
    item = ModerationItem.objects.get(object_id=question.pk, decided_at__isnull=True)
    staff = browser.new_context(viewport=SMALL_PHONE).new_page()
    staff.goto(f"{base}/uz/accounts/login/?next={quote('/admin/moderation/')}")
    staff.locator("input[name=login]").fill(information_centre["moderator"].email)
    staff.locator("input[name=password]").fill(PASSWORD)
    with staff.expect_navigation():
        staff.locator("main form button[type=submit]").click()
    assert staff.url == f"{base}/admin/moderation/"
    staff.wait_for_load_state()
    staff.evaluate(SETTLE)
    assert_accessible(staff)
    with staff.expect_navigation():
        staff.get_by_role("link", name="Ichimlik suvi qachon beriladi?").click()
    assert staff.url == f"{base}/admin/moderation/{item.pk}/"
    assert "Navbahor mahallasida uch kundan beri suv yoʻq." in staff.locator("main").inner_text()
    staff.locator(f"input[name=outcome][value={ModerationOutcome.APPROVE}]").check()
    with staff.expect_navigation():
        staff.locator("form:has(input[name=outcome]) button[type=submit]").click()
    assert staff.url == f"{base}/admin/moderation/"
    staff.context.close()
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED and question.due_at is not None

    # The responder answers (the answering screen is tested in the admin tests).
    question_answer(
        question=question, responder=information_centre["responder"], answer="Suv quvuri 25-noyabrgacha tuzatiladi."
    )

    # Later, the resident reads the answer from the questions list.
    visit(page, f"{base}/uz/namangan/yangiqorgon/questions/")
    submit(page.get_by_role("link", name="Ichimlik suvi qachon beriladi?"))
    assert page.get_by_text("Suv quvuri 25-noyabrgacha tuzatiladi.").is_visible()
    assert_accessible(page)


def test_cyrillic_reader_sees_the_service_transliterated(live_server, page, information_centre):
    with translation.override("uz"):
        url = Page.objects.get(slug="service-1").url
    visit(page, live_server.url + url.replace("/uz/", "/uz-cyrl/", 1))
    assert page.get_by_role("heading", level=1).inner_text() == "Туғилишни қайд этиш"


def test_the_same_walk_works_without_javascript(live_server, browser, information_centre):
    resident = UserFactory(password=PASSWORD, verification_level=VerificationLevel.EMAIL)
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    page.goto(f"{base}/uz/")
    page.get_by_role("searchbox").fill("tugilish")
    submit(page.locator("header form button[type=submit]"))
    submit(page.get_by_role("link", name="Tugʻilishni qayd etish"))
    page.locator(".card summary").first.click()  # <details> opens without script
    assert page.get_by_text("09:00–18:00").first.is_visible()

    page.goto(f"{base}/uz/namangan/yangiqorgon/xizmat-markazlari/")
    page.locator("#feature-step_free_entrance").check()
    submit(page.locator("main form button[type=submit]"))
    assert "feature=step_free_entrance" in page.url and page.locator(".cards > li").count() == 1

    page.goto(f"{base}/uz/namangan/yangiqorgon/questions/ask/")
    page.locator("input[name=login]").fill(resident.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page.locator("main form button[type=submit]"))
    page.locator("input[name=title]").fill("Yoʻl qachon taʼmirlanadi?")
    page.locator("textarea[name=text]").fill("")  # forgot the question: the server says so
    submit(page.locator("main form button[type=submit]"))
    assert page.locator(".errorlist").count() >= 1
    assert page.locator("input[name=title]").input_value() == "Yoʻl qachon taʼmirlanadi?"
    page.locator("textarea[name=text]").fill("Istiqlol koʻchasida chuqurlar koʻp.")
    page.locator("select[name=topic]").select_option("roads")
    submit(page.locator("main form button[type=submit]"))
    assert Question.objects.filter(title="Yoʻl qachon taʼmirlanadi?", author=resident).count() == 1
    context.close()
