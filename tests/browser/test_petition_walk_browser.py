"""The whole life of a petition as the people in it live it, on a small phone, every page
checked with axe: a resident of Yangiqoʻrgʻon drafts a petition to the district, five
neighbours co-sponsor it, Yangiqoʻrgʻon's moderator approves it (Zomin's cannot even see it),
residents sign it to the threshold, the responder extends the answer date once and answers,
everyone involved is told by e-mail, and the list page and its CSV show the right numbers.

Each person signs in through the site's own sign-in page, in a browser of their own. The
pages are in Uzbek; expected texts are read from the catalogue the server uses, so the walk
follows the translators' wording instead of freezing it. E-mails: the test settings use
Django's locmem backend and run Celery tasks inline, and the live server is a thread of this
process, so ``django.core.mail.outbox`` holds everything it sent.
"""

import csv
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core import mail
from django.utils import dateformat, timezone, translation

from participation.calendar import end_of_day
from participation.languages import BCP47
from participation.models import ModerationItem, ModerationOutcome, ReasonCode, StaffRoleKind
from participation.moderation.services import moderation_decide
from proposals.petitions import admin_views
from proposals.petitions import views as petition_views
from proposals.petitions.models import Petition, PetitionEvent, PetitionRules, PetitionStatus, Signature
from proposals.petitions.services.notifications import SUBJECTS
from tests.fixtures.browser import SETTLE, SMALL_PHONE, assert_accessible, assert_fits_small_phone, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = PetitionStatus
PASSWORD = "sinov-parol-2026"
THRESHOLD = 3
COSPONSORS = 5
EXTRA_DAYS = 10
TITLE = "Navbahor mahallasidagi yoʻlni asfaltlash"
TEXT = (
    "Navbahor mahallasidagi asosiy yoʻl ikki yildan beri buzilgan. Yomgʻirda bolalar maktabga loy "
    "kechib boradi. Yoʻlni asfaltlashni soʻraymiz."
)
EXTENSION_REASON = "Yoʻl taʼmiri smetasini viloyat hokimligi bilan kelishish kerak."
ANSWER = "Navbahor mahallasidagi yoʻl 2027-yil aprel oyida asfaltlanadi."
OFFICE = "Yangiqoʻrgʻon tumani hokimligi"


def said(message, language="uz", **values) -> str:
    """``message`` as a page in ``language`` shows it: a lazy translation from the code, or
    a template's msgid, read from the catalogue the server uses."""
    with translation.override(language):
        text = translation.gettext(message) if isinstance(message, str) else str(message)
        return text % values if values else text


def day(moment) -> str:
    """A date as the Uzbek pages print it ("24 noyabr 2026")."""
    with translation.override("uz"):
        return dateformat.format(timezone.localtime(moment), "j E Y")


def page_language(page) -> str:
    """The Django language code of the page (Wagtail's admin speaks its own user setting)."""
    return {bcp47: code for code, bcp47 in BCP47.items()}[page.get_attribute("html", "lang")]


def check(page):
    """Every page of the walk: fits a 360 px phone and has no axe violation. Wagtail's own
    admin chrome passes axe too, so admin pages are checked whole, not just our content."""
    page.wait_for_load_state()
    page.evaluate(SETTLE)
    assert_fits_small_phone(page)
    assert_accessible(page)


def messages_text(page) -> str:
    return page.locator("main ul.messages, .messages").first.inner_text()


def new_page(browser, *, javascript=True):
    return browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript).new_page()


def sign_in(page, user):
    """Fill the site's sign-in page (the current page) and wait for where it leads."""
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page.locator("main form button[type=submit]"))


def signed_in(browser, base, user, path, *, javascript=True):
    """A fresh browser of ``user``, signed in through the sign-in page, now at ``path``."""
    page = new_page(browser, javascript=javascript)
    page.goto(f"{base}/uz/accounts/login/?next={quote(path)}")
    sign_in(page, user)
    assert page.url == f"{base}{path}"
    return page


@pytest.fixture
def walk(tree, make_staff, make_petition, resident):
    """The people and rules of the walk.

    Transactional tests flush the rows data migrations made (except in the first such test
    of a run), so the district's rules are set here for a short walk (3 signatures, 5
    co-sponsors), with one reason code for the report form. A similar petition is already
    published, for the draft page to point to."""
    PetitionRules.objects.update_or_create(
        level="district", defaults={"signatures_needed": THRESHOLD, "cosponsors_needed": COSPONSORS}
    )
    ReasonCode.objects.update_or_create(code="duplicate", defaults={"label_uz": "Takroriy", "label_en": "Duplicate"})

    def person(mahalla, name):
        return resident(mahalla=mahalla, password=PASSWORD, full_name=name)

    class Walk:
        district = tree.yangiqorgon
        similar = make_petition(
            S.COLLECTING,
            title="Navbahor mahallasidagi yoʻlni taʼmirlash",
            text="Navbahor mahallasidagi asosiy yoʻl buzilgan, bolalar maktabga loy kechib boradi.",
            now=timezone.now(),
        )
        author = person(tree.navbahor, "Dilnoza Karimova")
        neighbours = [person(tree.navbahor if n % 2 else tree.istiqlol, f"Qoʻshni {n}") for n in range(COSPONSORS)]
        signers = [person(tree.istiqlol, f"Imzochi {n}") for n in range(THRESHOLD)]
        moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon, password=PASSWORD)
        zomin_moderator = make_staff(StaffRoleKind.MODERATOR, tree.zomin, password=PASSWORD)
        responder = make_staff(StaffRoleKind.RESPONDER, tree.yangiqorgon, password=PASSWORD)

    return Walk


def draft_and_invite(browser, base, walk, *, javascript=True) -> tuple[Petition, str]:
    """The resident starts from the list, drafts a petition to the district, sees the
    similar one, invites co-sponsors and reads the invitation link off the page."""
    page = signed_in(browser, base, walk.author, "/uz/petitions/", javascript=javascript)
    look = check if javascript else assert_fits_small_phone
    look(page)
    submit(page.locator("main .petition-actions a.button"))
    assert page.url == f"{base}/uz/petitions/new/"
    look(page)
    # Her district is chosen for her; she keeps it.
    assert page.locator("select[name=territory]").input_value() == str(walk.district.pk)
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=text]").fill(TEXT)
    page.locator("input[name=topics]").fill("yoʻllar, maktab")
    submit(page.locator("main form button[type=submit]"))
    petition = Petition.objects.get(title=TITLE)
    assert page.url == f"{base}/uz/petitions/{petition.pk}/"
    assert (petition.status, petition.author, petition.territory) == (S.DRAFT, walk.author, walk.district)
    assert said(petition_views.DRAFT_SAVED) in messages_text(page)
    assert page.locator(".petition-similar").get_by_role("link", name=walk.similar.title).is_visible()
    look(page)
    submit(page.locator("form[action$='/invite/'] button[type=submit]"))
    assert said(petition_views.INVITING) in messages_text(page)
    petition.refresh_from_db()
    assert petition.status == S.GATHERING
    invite_url = page.locator("#invite-url").input_value()
    assert invite_url == f"{base}/uz/petitions/{petition.pk}/cosponsor/{petition.invite_token}/"
    look(page)
    page.context.close()
    return petition, invite_url


def cosponsor(browser, invite_url, neighbour, *, javascript=True):
    """A neighbour opens the link, signs in from it and co-sponsors; returns their page."""
    look = check if javascript else assert_fits_small_phone
    page = new_page(browser, javascript=javascript)
    page.goto(invite_url)
    look(page)
    submit(page.locator("main a.button[href*='/accounts/login/']"))
    look(page)  # the sign-in page
    sign_in(page, neighbour)
    assert page.url == invite_url
    submit(page.locator("main form button[type=submit]"))
    assert said(petition_views.COSPONSORED) in messages_text(page)
    look(page)
    return page


def sign(page) -> str:
    """Press "Sign this petition"; the message the page answers with."""
    submit(page.locator("main button.petition-sign"))
    return messages_text(page)


def progress(page) -> tuple[str, str]:
    bar = page.locator(".petition-signing progress")
    return bar.get_attribute("value"), bar.get_attribute("max")


def outbox_to(petition) -> dict[str, set[str]]:
    """Who was e-mailed about ``petition``, by occasion (the keys of ``SUBJECTS``)."""
    sent = {}
    for occasion, subject in SUBJECTS.items():
        if occasion == "reminder":
            continue
        expected = said(subject, title=petition.title)
        sent[occasion] = {address for email in mail.outbox if email.subject == expected for address in email.to}
    return sent


def test_a_petition_from_draft_to_answer(live_server, browser, walk):
    base = live_server.url

    # 1. The resident drafts, sees the similar petition, invites co-sponsors.
    petition, invite_url = draft_and_invite(browser, base, walk)
    detail = f"/uz/petitions/{petition.pk}/"

    # 2. Five neighbours co-sponsor through the link; the fifth sends it to the moderators.
    for count, neighbour in enumerate(walk.neighbours, start=1):
        page = cosponsor(browser, invite_url, neighbour)
        petition.refresh_from_db()
        assert petition.cosponsor_count == count
        if count < COSPONSORS:
            assert petition.status == S.GATHERING
        else:
            assert petition.status == S.MODERATION
            assert said(petition_views.TO_MODERATION) in messages_text(page)
            in_moderation = "A moderator is checking this petition. Once it is approved, everyone can read and sign it."
            assert page.locator("main .notice").inner_text() == said(in_moderation)
        page.context.close()
    item = ModerationItem.objects.get(object_id=petition.pk, decided_at__isnull=True)
    assert item.territory == petition.territory

    # 3. Zomin's moderator neither sees it in the queue nor opens it by its address.
    page = signed_in(browser, base, walk.zomin_moderator, "/admin/moderation/")
    check(page)
    assert page.get_by_text(TITLE).count() == 0
    # The admin answers "not found" where it is (no detour to a language-prefixed address).
    response = page.goto(f"{base}/admin/moderation/{item.pk}/")
    assert response.status == 404 and page.get_by_text(TITLE).count() == 0
    check(page)
    page.context.close()
    # Yangiqoʻrgʻon's moderator finds it in the queue, reads it and approves.
    page = signed_in(browser, base, walk.moderator, "/admin/moderation/")
    check(page)
    submit(page.get_by_role("link", name=TITLE))
    assert page.url == f"{base}/admin/moderation/{item.pk}/"
    assert TEXT in page.locator("main").inner_text()
    check(page)
    page.locator(f"input[name=outcome][value={ModerationOutcome.APPROVE}]").check()
    submit(page.locator("form:has(input[name=outcome]) button[type=submit]"))
    assert page.url == f"{base}/admin/moderation/"
    assert page.get_by_role("link", name=TITLE).count() == 0  # no longer waiting
    check(page)
    page.context.close()
    petition.refresh_from_db()
    item.refresh_from_db()
    assert petition.status == S.COLLECTING and petition.published_at is not None
    assert (item.outcome, item.decided_by) == (ModerationOutcome.APPROVE, walk.moderator)

    # 4. Residents sign until the threshold. The first also presses "sign" again in a tab she
    # opened before signing: still one signature, a plain message, no error page.
    for count, signer in enumerate(walk.signers, start=1):
        page = signed_in(browser, base, signer, detail)
        check(page)
        assert progress(page) == (str(count - 1), str(THRESHOLD))
        second_tab = page.context.new_page() if count == 1 else None
        if second_tab:
            second_tab.goto(page.url)
        assert said(petition_views.SIGNED) in sign(page)
        assert progress(page) == (str(count), str(THRESHOLD))
        check(page)
        if second_tab:
            assert said(petition_views.ALREADY_SIGNED) in sign(second_tab)
            assert progress(second_tab) == ("1", str(THRESHOLD))
            assert Signature.objects.filter(petition=petition, user=signer).count() == 1
            check(second_tab)
        page.context.close()
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == (S.THRESHOLD_REACHED, THRESHOLD)
    due = petition.answer_due_at
    assert due == end_of_day(petition.threshold_reached_at + timedelta(days=settings.PETITION_ANSWER_DAYS))
    page = new_page(browser)  # anyone may read it now
    page.goto(f"{base}{detail}")
    facts = page.locator("main dl.facts")
    assert facts.get_by_text(said("Answer due by"), exact=True).is_visible()
    due_by = facts.locator(f"time[datetime='{timezone.localtime(due).isoformat()}']")
    assert due_by.inner_text() == day(due)
    check(page)
    page.context.close()

    # 5. The responder extends the answer date once, with a public reason, then answers.
    page = signed_in(browser, base, walk.responder, "/admin/petitions/")
    check(page)
    row = page.locator("tr", has=page.get_by_role("link", name=TITLE))
    assert f"{THRESHOLD} / {THRESHOLD}" in row.inner_text()
    submit(row.get_by_role("link", name=TITLE))
    assert page.url == f"{base}/admin/petitions/{petition.pk}/"
    check(page)
    page.locator("input[name=extend-days]").fill(str(EXTRA_DAYS))
    page.locator("textarea[name=extend-reason]").fill(EXTENSION_REASON)
    submit(page.locator("form:has(input[name=action][value=extend]) button[type=submit]"))
    extended_to = timezone.localtime(due + timedelta(days=EXTRA_DAYS))
    assert said(admin_views.EXTENDED, page_language(page), date=f"{extended_to:%d.%m.%Y}") in messages_text(page)
    assert page.locator("input[name=action][value=extend]").count() == 0  # once only
    check(page)
    page.locator("textarea[name=answer-answer]").fill(ANSWER)
    submit(page.locator("form:has(input[name=action][value=answer]) button[type=submit]"))
    assert ANSWER in page.locator("main").inner_text()
    assert page.locator("input[name=action][value=answer]").count() == 0
    check(page)
    page.context.close()
    petition.refresh_from_db()
    assert petition.status == S.ANSWERED
    assert petition.answer_due_at == due + timedelta(days=EXTRA_DAYS)
    assert (petition.extension_reason, petition.answered_by, petition.answered_office) == (
        EXTENSION_REASON,
        walk.responder,
        OFFICE,
    )

    # The public page: the answer with its date and office, the extension and its reason.
    page = new_page(browser)
    page.goto(f"{base}{detail}")
    answered_on = timezone.localtime(petition.answered_at)
    answer = page.locator("main section.answer")
    assert ANSWER in answer.locator(".answer-text").inner_text()
    answered_by = said("%(office)s, %(date)s", office=OFFICE, date=day(answered_on))
    assert answer.locator(".answered-by").inner_text() == answered_by
    assert EXTENSION_REASON in page.locator("main section.extension blockquote").inner_text()
    timeline = page.locator("main .petition-timeline li")
    assert timeline.filter(has_text=EXTENSION_REASON).count() == 1
    steps = [S.GATHERING, S.MODERATION, S.COLLECTING, S.THRESHOLD_REACHED, PetitionEvent.Kind.EXTENDED, S.ANSWERED]
    assert timeline.locator("strong").all_inner_texts() == [said(step.label) for step in steps]
    check(page)

    # 6. Everyone involved was told, each at their step.
    supporters = {walk.author.email} | {person.email for person in walk.neighbours}
    signers = {person.email for person in walk.signers}
    told = outbox_to(petition)
    assert told[S.MODERATION] == supporters
    assert told[S.COLLECTING] == supporters
    assert told[S.THRESHOLD_REACHED] == supporters | {walk.responder.email}
    assert told["extended"] == supporters
    assert told[S.ANSWERED] == supporters | signers
    answer_mail = next(email for email in mail.outbox if email.to == [walk.signers[0].email] and ANSWER in email.body)
    assert OFFICE in answer_mail.body and f"/petitions/{petition.pk}/" in answer_mail.body

    # 7. The list shows it answered with its count; its CSV (the list's filter kept) agrees.
    page.goto(f"{base}/uz/petitions/")
    item = page.locator(".petition-item", has=page.get_by_role("link", name=TITLE))
    assert item.locator(".badge").inner_text() == said(S.ANSWERED.label)
    bar = item.locator("progress")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == (str(THRESHOLD), str(THRESHOLD))
    check(page)
    page.locator("select[name=status]").select_option(S.ANSWERED)
    submit(page.locator("form.petition-filters button[type=submit]"))
    assert page.locator(".petition-item").count() == 1
    check(page)
    with page.expect_download() as download:
        page.locator(".open-data a[type='text/csv']").click()
    rows = list(csv.DictReader(Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()))
    assert [(row["id"], row["title"], row["status"], row["signatures"], row["threshold"]) for row in rows] == [
        (str(petition.pk), TITLE, S.ANSWERED, str(THRESHOLD), str(THRESHOLD))
    ]
    assert rows[0]["answered"] == answered_on.isoformat()
    page.context.close()


def test_the_resident_steps_work_without_javascript(live_server, browser, walk):
    """Create, invite, co-sponsor and sign with script off (axe needs script, so these pages
    are only measured; the same pages pass axe in the walk above). Staff steps go through the
    services here; their screens are walked above."""
    base = live_server.url
    petition, invite_url = draft_and_invite(browser, base, walk, javascript=False)
    pages = [cosponsor(browser, invite_url, neighbour, javascript=False) for neighbour in walk.neighbours]
    petition.refresh_from_db()
    assert (petition.status, petition.cosponsor_count) == (S.MODERATION, COSPONSORS)

    item = ModerationItem.objects.get(object_id=petition.pk, decided_at__isnull=True)
    moderation_decide(item=item, moderator=walk.moderator, outcome=ModerationOutcome.APPROVE)

    # Co-sponsors sign too, from the petition page they were sent to.
    for count, page in enumerate(pages[:THRESHOLD], start=1):
        page.reload()
        assert said(petition_views.SIGNED) in sign(page)
        assert progress(page) == (str(count), str(THRESHOLD))
        assert_fits_small_phone(page)
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == (S.THRESHOLD_REACHED, THRESHOLD)
    for page in pages:
        page.context.close()
