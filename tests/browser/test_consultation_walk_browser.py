"""The issue's "Done when", walked as the people in it would, on a 360 px phone, every page
checked with axe, parts of it with JavaScript off: a WAG leader's group is registered and
verified and she invites a member (the organisations' own walk covers their pages; here their
services); the Yangiqoʻrgʻon manager opens a consultation inviting every verified WAG of the
district in the admin; she submits a position on paragraph 3 on behalf of her group; the
moderator publishes it and a resident comments on it; the moderator publishes the comment; staff
close input, publish a new version, give the input a disposition and conclude; she is told by
e-mail and reads "we did" with her input marked "partly accepted" and linked to the new paragraph.
"""

from urllib.parse import quote

import pytest
from django.core import mail
from django.utils import translation

from meetings.consultations.models import Consultation, Input, InputStatus
from meetings.consultations.services.notifications import OUTCOME_SUBJECT
from participation.comments.models import Comment
from participation.models import ModerationItem, ModerationOutcome, OrganisationKind, StaffRoleKind
from participation.moderation.services import moderation_decide
from participation.organisations import services as organisations
from tests.fixtures.browser import SETTLE, SMALL_PHONE, assert_accessible, assert_fits_small_phone, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "sinov-parol-2026"
TITLE = "Navbahor mahallasini obodonlashtirish rejasi"
DRAFT = """# Obodonlashtirish rejasi

## Umumiy qoidalar

Reja mahalla koʻchalari va maydonlarini 2027-yilda obodonlashtirishni belgilaydi.

Ishlar mahalla fuqarolar yigʻini bilan kelishiladi.

## Koʻkalamzorlashtirish

Har bir koʻchaga kamida 20 tup manzarali daraxt ekiladi.

Bolalar maydonchasi atrofiga butalar ekiladi.
"""
NEW_VERSION = DRAFT.replace("kamida 20 tup manzarali daraxt", "kamida 30 tup manzarali va mevali daraxt")
POSITION = "Manzarali daraxtlar bilan birga mevali daraxtlar ham ekilsin, kamida 50 tup."
COMMENT = "Toʻgʻri taklif, qoʻllab-quvvatlayman."
REASON = "Mevali daraxtlar qoʻshildi; mablagʻ 30 tupga yetadi."


def check(page):
    page.wait_for_load_state()
    page.evaluate(SETTLE)
    assert_fits_small_phone(page)
    assert_accessible(page)


def signed_in(browser, base, user, path, *, javascript=True, admin=False):
    page = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript).new_page()
    page.goto(f"{base}{'/admin/login/' if admin else '/uz/accounts/login/'}?next={quote(path)}")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page.locator("main form button[type=submit]"))
    assert page.url == f"{base}{path}", page.url
    return page


def decide(content, moderator):
    item = ModerationItem.objects.get(
        object_id=content.pk, content_type__model=type(content)._meta.model_name, decided_at=None
    )
    moderation_decide(item=item, moderator=moderator, outcome=ModerationOutcome.APPROVE)


@pytest.fixture
def people(tree, resident, make_staff):
    class People:
        pass

    people = People()
    people.leader = resident(full_name="Malika Tursunova", password=PASSWORD, preferred_language="uz")
    people.member = resident(full_name="Shahnoza Aliyeva", password=PASSWORD)
    people.neighbour = resident(mahalla=tree.istiqlol, full_name="Akmal Qodirov", password=PASSWORD)
    people.manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon, password=PASSWORD)
    people.moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon, password=PASSWORD)
    return people


def test_a_consultation_from_invitation_to_we_did(live_server, browser, tree, people):
    base = live_server.url

    # 1. The leader registers her group, the manager verifies it, she invites a member.
    group = organisations.organisation_register(
        user=people.leader,
        name_uz="Navbahor faol ayollari",
        name_ru="Активные женщины Навбахора",
        kind=OrganisationKind.WAG,
        territory=tree.navbahor,
        rate_limited=False,
    )
    organisations.organisation_verify(organisation=group, manager=people.manager, evidence="mahalla")
    _invitation, token = organisations.invitation_create(organisation=group, by=people.leader)
    organisations.invitation_accept(token=token, user=people.member)

    # 2. The manager opens the consultation in the admin, inviting every verified WAG of the district.
    page = signed_in(browser, base, people.manager, "/admin/consultations/new/", admin=True)
    check(page)
    page.locator("select[name=territory]").select_option(label=tree.yangiqorgon.name_uz)
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=summary]").fill("Rejaga fikringizni bildiring.")
    page.locator("select[name=audience]").select_option("invited")
    submit(page.locator("main form button[type=submit]"))
    consultation = Consultation.objects.get(title=TITLE)
    assert page.url.endswith(f"/admin/consultations/{consultation.pk}/")
    page.locator("textarea[name=version-text]").fill(DRAFT)
    submit(page.locator("form.consultation-version button[type=submit]"))
    page.locator("select[name=invite-kind]").select_option(OrganisationKind.WAG.value)
    page.locator("select[name=invite-territory]").select_option(label=tree.yangiqorgon.name_uz)
    submit(page.locator("form.consultation-invite button[type=submit]"))
    mail.outbox.clear()
    submit(page.locator("form.consultation-publish button[type=submit]"))
    check(page)
    consultation.refresh_from_db()
    assert consultation.status == "published"
    assert [message.to for message in mail.outbox] == [[people.leader.email]]  # the member is not a representative
    page.context.close()

    # 3. She gives her position on paragraph 3 on behalf of the group, without JavaScript.
    detail = f"/uz/consultations/{consultation.pk}/"
    page = signed_in(browser, base, people.leader, detail, javascript=False)
    assert_fits_small_phone(page)
    submit(page.locator("main a[href*='/take-part/?paragraph=']").nth(2))
    assert_fits_small_phone(page)
    page.locator("select[name=on_behalf]").select_option(str(group.pk))
    page.locator("textarea[name=text]").fill(POSITION)
    submit(page.locator("main form.consultation-input-form button[type=submit]"))
    item = Input.objects.get()
    assert (item.organisation, item.author, item.status) == (group, people.leader, InputStatus.MODERATION)
    third = consultation.versions.get().paragraphs.get(position=3)
    assert item.paragraph_anchor == third.anchor
    page.context.close()

    # 4. The moderator publishes it; a resident comments; the moderator publishes the comment.
    decide(item, people.moderator)
    input_page = f"/uz/consultations/{consultation.pk}/inputs/{item.pk}/"
    page = signed_in(browser, base, people.neighbour, input_page)
    check(page)
    assert "Navbahor faol ayollari" in page.locator("main").inner_text()
    page.locator("textarea[name=text]").fill(COMMENT)
    submit(page.locator("#comments form button[type=submit]"))
    decide(Comment.objects.get(), people.moderator)
    page.goto(f"{base}{input_page}")
    assert COMMENT in page.locator("#comments").inner_text()
    check(page)
    page.context.close()

    # 5. Staff close input, publish the new version, give the disposition, conclude.
    screen = f"/admin/consultations/{consultation.pk}/"
    page = signed_in(browser, base, people.manager, screen, admin=True)
    page.locator("textarea[name=close-note]").fill("Takliflar qabul qilindi.")
    submit(page.locator("form.consultation-close button[type=submit]"))
    # Concluding first is refused and says why.
    page.locator("textarea[name=conclude-outcome_summary]").fill("Takliflar asosida reja yangilandi.")
    submit(page.locator("form.consultation-conclude button[type=submit]"))
    assert "1 published input has no disposition" in page.locator("main").inner_text()
    page.locator("details:has(form.consultation-version) > summary").click()  # folded once there is a version
    page.locator("textarea[name=version-text]").fill(NEW_VERSION)
    page.locator("input[name=version-note]").fill("Mevali daraxtlar qoʻshildi")
    submit(page.locator("form.consultation-version button[type=submit]"))
    page.locator(f"#dispose-{item.pk}").check()
    page.locator("select[name=dispose-disposition]").select_option("partly")
    page.locator("textarea[name=dispose-reason]").fill(REASON)
    page.locator("select[name=dispose-paragraph]").select_option(third.anchor)
    submit(page.locator("form.consultation-dispose button[type=submit]"))
    check(page)
    mail.outbox.clear()
    page.locator("textarea[name=conclude-outcome_summary]").fill("Takliflar asosida reja yangilandi.")
    submit(page.locator("form.consultation-conclude button[type=submit]"))
    consultation.refresh_from_db()
    assert consultation.status == "concluded"
    page.context.close()

    # 6. She is told, and reads "we did": partly accepted, linked to the new paragraph 3.
    with translation.override("uz"):
        subject = str(OUTCOME_SUBJECT) % {"title": TITLE}
    told = [message for message in mail.outbox if message.to == [people.leader.email]]
    assert [message.subject for message in told] == [subject]
    outcome = f"/uz/consultations/{consultation.pk}/outcome/"
    assert outcome in told[0].body
    for javascript in (True, False):
        page = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript).new_page()
        page.goto(f"{base}{outcome}")
        if javascript:
            check(page)
        else:
            assert_fits_small_phone(page)
        row = page.locator(f"#row-{item.pk}")
        with translation.override("uz"):
            assert str(Input(disposition="partly").get_disposition_display()) in row.inner_text()
        link = row.locator(f"a[href='#p-{third.anchor}']")
        assert link.count() == 1
        assert "30 tup" in page.locator(f"#p-{third.anchor}").inner_text()
        assert page.locator(f"#p-{third.anchor} ins").count() >= 1  # the change reads as a diff
        page.context.close()
