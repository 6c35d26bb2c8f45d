"""The follow-up of a meeting walked on a 360 px phone, every page checked with axe, the
residents' part with JavaScript off: the manager writes the draft minutes in the admin and
circulates them; an attendee reads them and comments; after the period the manager approves
them and adds an action item for a women's group; its representative reports progress on the
item's page; the item passes its due date and shows on the khokimiyat page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from meetings.meetings.models import ActionItem, Minutes, MinutesComment
from meetings.meetings.services import actions as action_services
from meetings.meetings.services import minutes as minutes_services
from participation.models import StaffRoleKind
from tests.factories.meetings import meeting_made, registration_made
from tests.factories.organisations import MembershipFactory
from tests.fixtures.browser import (
    SMALL_PHONE,
    assert_checked,
    assert_checked_with_javascript,
    assert_fits_small_phone,
    nu_html_errors,
    signed_in,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "sinov-parol-2026"


def test_minutes_and_an_action_item_from_draft_to_overdue(
    live_server, browser, tree, pages, resident, make_staff, wag, tmp_path
):
    base = live_server.url
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon, password=PASSWORD)
    attendee = resident(full_name="Dilnoza Karimova", password=PASSWORD, preferred_language="uz")
    leader = resident(full_name="Malika Tursunova", password=PASSWORD)
    MembershipFactory(organisation=wag, user=leader, role="representative")
    meeting = meeting_made(staff=manager, territory=tree.yangiqorgon, starts_in=-timedelta(days=12), kind="mahalla")
    registration_made(meeting, attendee, language="uz")

    # 1. The manager writes the draft in the admin and circulates it; the attendee is told.
    screen = f"/admin/meetings/followup/{meeting.pk}/"
    page = signed_in(browser, base, manager, screen, password=PASSWORD, admin=True)
    assert_checked(page)
    page.locator("textarea[name=write-text]").fill("1. Koʻcha chiroqlari tiklanadi.\n2. Ariqlar tozalanadi.")
    submit(page.locator("form.followup-write button[type=submit]"))
    mail.outbox.clear()
    submit(page.locator("form.followup-circulate button[type=submit]"))
    assert_checked(page)
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == "circulated" and [m.to for m in mail.outbox] == [[attendee.email]]
    page.context.close()

    # 2. The attendee reads the draft and comments, without JavaScript.
    draft = f"/uz/meetings/{meeting.pk}/minutes/"
    page = signed_in(browser, base, attendee, draft, password=PASSWORD, javascript=False)
    assert_fits_small_phone(page)
    page.locator("textarea[name=text]").fill("2-bandga hashar sanasini qoʻshing.")
    submit(page.locator("form.minutes-comment-form button[type=submit]"))
    assert MinutesComment.objects.filter(author=attendee).exists()
    assert_fits_small_phone(page)
    assert_checked_with_javascript(browser, page)
    html = {draft: page.content()}
    page.context.close()

    # 3. After the period the minutes are approved; an item for the women's group is added.
    later = minutes.comments_until + timedelta(hours=1)
    minutes_services.minutes_approve(minutes=minutes, staff=manager, now=later)
    item = action_services.action_add(
        meeting=meeting,
        staff=manager,
        text="Ariqlarni tozalash uchun hashar tashkil qilish",
        owner_organisation=wag,
        due_at=timezone.now() + timedelta(days=3),
    )

    # 4. The representative reports progress on the item's page, without JavaScript.
    action = f"/uz/meetings/actions/{item.pk}/"
    page = signed_in(browser, base, leader, action, password=PASSWORD, javascript=False)
    assert_fits_small_phone(page)
    page.locator("textarea[name=progress-note]").fill("30 kishi roʻyxatga olindi.")
    page.locator("select[name=progress-target]").select_option("in_progress")
    submit(page.locator("form.action-progress-form button[type=submit]"))
    item.refresh_from_db()
    assert item.status == "in_progress"
    assert_fits_small_phone(page)
    assert_checked_with_javascript(browser, page)
    html[action] = page.content()
    page.context.close()

    # 5. The date passes: the item shows on the khokimiyat page.
    ActionItem.objects.filter(pk=item.pk).update(due_at=timezone.now() - timedelta(days=1))
    action_services.actions_mark_overdue()
    page = browser.new_context(viewport=SMALL_PHONE).new_page()
    page.goto(f"{base}{pages.yangiqorgon.url}")
    assert page.locator("#overdue-actions-title").count() == 1
    assert_checked(page)
    html[pages.yangiqorgon.url] = page.content()
    page.context.close()
    assert nu_html_errors(html, tmp_path) == []
