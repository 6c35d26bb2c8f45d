"""Issue 15's "Done when", walked as its people would on a 360 px phone: the manager announces
a public hearing five days ahead in the Wagtail admin; a representative of the women's action
group registers three members and a resident takes the last seat; another resident lands on
the waiting list and is promoted when someone cancels; the hearing is rescheduled and every
registrant's calendar entry moves (the files they got by e-mail and the page's, parsed with
``icalendar``: same UID, higher SEQUENCE, the new start); on the day staff check people in on a
phone; the minutes are circulated, commented on by an attendee and approved; an action item
passes its due date and shows on the khokimiyat page.

Every page is checked with axe, and the HTML of each page type with the Nu checker. The
residents' part is walked twice: with JavaScript, and without (axe then reads the same page
opened again with it). The clock is the ``clock`` fixture's: it starts on Monday ``T0`` and
the test moves it to the day of the hearing and past each deadline; nothing sleeps.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from meetings.meetings.models import ActionItem, Meeting, Minutes, MinutesStatus, Registration, RegistrationStatus
from meetings.meetings.qr import check_in_url
from meetings.meetings.selectors.attendance import meeting_attendance
from meetings.meetings.tasks import mark_overdue_actions
from participation.models import StaffRoleKind
from tests.factories.organisations import MembershipFactory
from tests.fixtures.browser import (
    SMALL_PHONE,
    assert_checked,
    assert_checked_with_javascript,
    nu_html_errors,
    signed_in,
    submit,
)
from tests.fixtures.meetings import calendar_events

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "sinov-parol-2026"
TITLE = "Ochiq eshituv: Yangiqoʻrgʻon obodonlashtirish rejasi"


def local(moment) -> str:
    """A moment as a datetime-local field takes it (Tashkent's clock)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def calendar_entry(message):
    """The one VEVENT of the calendar file attached to an e-mail."""
    [content] = [content for name, content, _type in message.attachments if name.endswith(".ics")]
    [event] = calendar_events(content)
    return event


def mails_to(user, subject_msgid: str, language: str = "uz"):
    """The e-mails ``user`` got with this subject, in the language of the pages they registered
    from."""
    with translation.override(language):
        subject = gettext(subject_msgid) % {"title": TITLE}
    return [message for message in mail.outbox if message.to == [user.email] and message.subject == subject]


class Walk:
    """The phones of the story: staff's with JavaScript, residents' with or without it. Each
    page seen is checked (360 px, axe) and the first of each page type kept for the Nu checker."""

    def __init__(self, browser, base, javascript: bool):
        self.browser, self.base, self.javascript = browser, base, javascript
        self.html: dict[str, str] = {}

    def resident(self, user, path):
        return signed_in(self.browser, self.base, user, path, password=PASSWORD, javascript=self.javascript)

    def staff(self, user, path, *, admin=False):
        return signed_in(self.browser, self.base, user, path, password=PASSWORD, admin=admin)

    def anonymous(self, path):
        page = self.browser.new_context(viewport=SMALL_PHONE, java_script_enabled=self.javascript).new_page()
        page.goto(f"{self.base}{path}")
        return page

    def checked(self, page, kind: str, *, javascript=None):
        javascript = self.javascript if javascript is None else javascript
        if javascript:
            assert_checked(page)
        else:
            assert_checked_with_javascript(self.browser, page)
        if kind not in self.html:
            # What the server sent (the Nu checker reads markup, not the DOM scripts built).
            self.html[kind] = page.request.get(page.url).text()


@pytest.mark.parametrize("javascript", [True, False], ids=["residents-with-javascript", "residents-without"])
def test_a_hearing_from_announcement_to_an_overdue_action_item(
    live_server, browser, clock, tree, pages, resident, make_staff, wag, tmp_path, javascript
):
    walk = Walk(browser, live_server.url, javascript)
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon, password=PASSWORD)
    door = make_staff(StaffRoleKind.RESPONDER, tree.yangiqorgon, password=PASSWORD, full_name="Jasur Aliyev")
    leader = resident(full_name="Malika Tursunova", password=PASSWORD, preferred_language="uz")
    MembershipFactory(organisation=wag, user=leader, role="representative")
    early = resident(full_name="Bekzod Rahimov", password=PASSWORD, preferred_language="uz")
    last_seat = resident(full_name="Dilnoza Karimova", password=PASSWORD, preferred_language="uz")
    waiting = resident(full_name="Nodira Yusupova", password=PASSWORD, preferred_language="uz")
    starts = clock.now + timedelta(days=5)  # Saturday 10:00 in Tashkent

    # 1. The manager creates the hearing in the admin, writes its draft agenda and announces it.
    page = walk.staff(manager, "/admin/meetings/", admin=True)
    walk.checked(page, "admin meetings", javascript=True)
    submit(page.locator("main a[href$='/admin/meetings/new/']"))
    walk.checked(page, "admin meeting form", javascript=True)
    page.locator("select[name=territory]").select_option(str(tree.yangiqorgon.pk))
    page.locator("select[name=kind]").select_option("hearing")
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=purpose]").fill("Tuman obodonlashtirish rejasi loyihasini aholi bilan muhokama qilish.")
    page.locator("input[name=starts_at]").fill(local(starts))
    page.locator("input[name=ends_at]").fill(local(starts + timedelta(hours=2)))
    page.locator("select[name=attendance_mode]").select_option("in_person")
    page.locator("input[name=address]").fill("Yangiqoʻrgʻon tumani hokimligi, majlislar zali")
    page.locator("input[name=capacity]").fill("5")
    page.locator("input[name=languages][value=uz]").check()
    submit(page.locator("main form button[type=submit]"))
    meeting = Meeting.objects.get(title=TITLE)
    assert page.url.endswith(f"/admin/meetings/{meeting.pk}/"), page.url
    walk.checked(page, "admin meeting", javascript=True)
    page.locator("textarea[name=agenda]").fill(
        "Kirish soʻzi | Hokim oʻrinbosari | 10:00\nReja loyihasi | Boʻlim boshligʻi | 10:15"
    )
    submit(page.locator("form.meeting-agenda button[type=submit]"))
    submit(page.locator("form.meeting-announce button[type=submit]"))
    meeting.refresh_from_db()
    assert meeting.status == "announced" and meeting.announced_at == clock.now
    walk.checked(page, "admin meeting", javascript=True)
    page.context.close()

    # The hearing is on the public list; the first resident takes a seat from its page.
    page = walk.resident(early, "/uz/meetings/")
    walk.checked(page, "meetings")
    submit(page.locator("main a", has_text=TITLE))
    walk.checked(page, "meeting")
    submit(page.locator("main form.registration-form button[type=submit]"))
    walk.checked(page, "registration")
    page.context.close()

    # 2. The representative registers three members of the group, from the meeting page.
    page = walk.resident(leader, f"/uz/meetings/{meeting.pk}/")
    page.locator("select[name=on_behalf]").select_option(str(wag.pk))
    page.locator("input[name=people]").fill("3")
    submit(page.locator("main form.registration-form button[type=submit]"))
    group = Registration.objects.get(organisation=wag)
    assert (group.status, group.people) == (RegistrationStatus.CONFIRMED, 3)
    assert group.code in page.locator("main").inner_text()
    walk.checked(page, "registration")
    page.context.close()

    # A resident takes the last seat: new to the site, she signs in from the meeting page.
    page = walk.anonymous(f"/uz/meetings/{meeting.pk}/")
    submit(page.locator("main .meeting-registration a.button"))
    page.locator("input[name=login]").fill(last_seat.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page.locator("main form button[type=submit]"))
    assert page.url.endswith(f"/uz/meetings/{meeting.pk}/register/"), page.url
    submit(page.locator("main form.registration-form button[type=submit]"))
    assert Registration.objects.get(user=last_seat).status == RegistrationStatus.CONFIRMED
    page.context.close()

    # 3. The hearing is full: the next resident, who reads Russian, is put on the waiting list,
    #    first in line.
    page = walk.resident(waiting, f"/ru/meetings/{meeting.pk}/")
    assert "0" in page.locator("main .facts").inner_text()
    submit(page.locator("main form.registration-form button[type=submit]"))
    assert Registration.objects.get(user=waiting).status == RegistrationStatus.WAITING
    assert "1" in page.locator("main .registration-state").inner_text()
    walk.checked(page, "registration")
    page.context.close()

    # The first resident cancels from "My registrations"; the waiting one is promoted and told.
    page = walk.resident(early, "/uz/meetings/my-registrations/")
    walk.checked(page, "my registrations")
    submit(page.locator("main form button.button-danger"))
    walk.checked(page, "my registrations")
    page.context.close()
    assert Registration.objects.get(user=waiting).status == RegistrationStatus.CONFIRMED
    # Each seat came with its calendar entry by e-mail, in the language of the pages they used.
    registrants = {leader: "uz", last_seat: "uz", waiting: "ru"}
    first_entries = {}
    for person, subject in [
        (leader, "You are registered: %(title)s"),
        (last_seat, "You are registered: %(title)s"),
        (waiting, "A seat is free for you: %(title)s"),
    ]:
        [message] = mails_to(person, subject, registrants[person])
        first_entries[person.pk] = calendar_entry(message)

    # 4. The hall is taken on Saturday: the manager moves the hearing to Monday afternoon.
    moved = starts + timedelta(days=2, hours=5)
    page = walk.staff(manager, f"/admin/meetings/{meeting.pk}/", admin=True)
    submit(page.locator("main a[href$='/edit/']"))
    walk.checked(page, "admin meeting form", javascript=True)
    page.locator("input[name=starts_at]").fill(local(moved))
    page.locator("input[name=ends_at]").fill(local(moved + timedelta(hours=2)))
    submit(page.locator("main form button[type=submit]"))
    assert page.url.endswith(f"/admin/meetings/{meeting.pk}/"), page.url
    page.context.close()

    # Every registrant's calendar entry moves: the file e-mailed to each has the UID of the one
    # they got on registering, a higher SEQUENCE and the new start; the page's file agrees.
    for person, language in registrants.items():
        [message] = mails_to(person, "The meeting has changed: %(title)s", language)
        before, after = first_entries[person.pk], calendar_entry(message)
        assert str(after["UID"]) == str(before["UID"])
        assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
        assert before.decoded("DTSTART") == starts.replace(microsecond=0)
        assert after.decoded("DTSTART") == moved.replace(microsecond=0)
    page = walk.anonymous(f"/uz/meetings/{meeting.pk}/")
    walk.checked(page, "meeting")
    link = page.locator("main a[href$='meeting.ics']").get_attribute("href")
    [from_page] = calendar_events(page.request.get(f"{walk.base}{link}").body())
    assert str(from_page["UID"]) == str(after["UID"]) and int(from_page["SEQUENCE"]) == int(after["SEQUENCE"])
    assert from_page.decoded("DTSTART") == moved.replace(microsecond=0)
    page.context.close()

    # 5. On the day, staff at the door open the check-in screen from the meeting page on a phone:
    #    the last-seat resident by the code she shows, the group by its QR image (two of three
    #    came), the promoted resident by name; two people came without registering.
    clock.now = moved - timedelta(minutes=30)
    page = walk.staff(door, f"/uz/meetings/{meeting.pk}/")
    submit(page.locator("main a[href$='/check-in/']"))
    walk.checked(page, "check-in", javascript=True)
    page.locator("input[name=code]").fill(Registration.objects.get(user=last_seat).code.lower())
    submit(page.locator("main form.checkin-form button[type=submit]"))
    walk.checked(page, "check-in", javascript=True)
    page.goto(walk.base + check_in_url(meeting.pk, group.code).removeprefix(settings.SITE_URL))
    walk.checked(page, "check-in confirm", javascript=True)
    page.locator("input[name=people]").fill("2")
    submit(page.locator("main form.checkin-form button[type=submit]"))
    page.locator("#checkin-q").fill("Nodira")
    submit(page.locator("main form.checkin-search button[type=submit]"))
    submit(page.locator("main .checkin-found a.button"))
    submit(page.locator("main form.checkin-form button[type=submit]"))
    page.locator("input[name=count]").fill("2")
    submit(page.locator("main form.checkin-walk-ins button[type=submit]"))
    walk.checked(page, "check-in", javascript=True)
    page.context.close()
    attendance = meeting_attendance(meeting)
    assert (attendance.checked_in, attendance.walk_ins, attendance.total) == (4, 2, 6)

    # 6. After the hearing the manager writes the minutes and circulates them for three days;
    #    each attendee is e-mailed the link.
    clock.now = moved + timedelta(hours=3)
    mail.outbox.clear()
    page = walk.staff(manager, f"/admin/meetings/{meeting.pk}/", admin=True)
    submit(page.locator(f"main a[href$='/admin/meetings/followup/{meeting.pk}/']"))
    walk.checked(page, "admin follow-up", javascript=True)
    page.locator("textarea[name=write-text]").fill("1. Reja loyihasi maʼqullandi.\n2. Ariqlar tozalanadi.")
    submit(page.locator("form.followup-write button[type=submit]"))
    page.locator("input[name=circulate-comment_days]").fill("3")
    submit(page.locator("form.followup-circulate button[type=submit]"))
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == MinutesStatus.CIRCULATED
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in registrants)
    page.context.close()

    # The last-seat resident follows the link in her e-mail and comments.
    [message] = [message for message in mail.outbox if message.to == [last_seat.email]]
    draft = re.search(r"/uz/meetings/\d+/minutes/", message.body).group(0)
    page = walk.resident(last_seat, draft)
    walk.checked(page, "minutes draft")
    page.locator("textarea[name=text]").fill("2-bandga hashar sanasini qoʻshing.")
    submit(page.locator("form.minutes-comment-form button[type=submit]"))
    assert minutes.comments.get().author == last_seat
    walk.checked(page, "minutes draft")
    page.context.close()

    # 7. After the comment period the manager approves the minutes and adds an action item for
    #    the women's group, due in a week.
    clock.now = minutes.comments_until + timedelta(hours=9)
    page = walk.staff(manager, f"/admin/meetings/followup/{meeting.pk}/", admin=True)
    assert "2-bandga hashar" in page.locator("main .minutes-comments").inner_text()
    submit(page.locator("form.followup-approve button[type=submit]"))
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    due = timezone.localdate(clock.now) + timedelta(days=7)
    page.locator("textarea[name=action-text]").fill("Ariqlarni tozalash uchun hashar tashkil qilish")
    page.locator("select[name=action-owner_organisation]").select_option(str(wag.pk))
    page.locator("input[name=action-due_on]").fill(due.isoformat())
    submit(page.locator("form:has(textarea[name=action-text]) button[type=submit]"))
    item = ActionItem.objects.get(meeting=meeting)
    walk.checked(page, "admin follow-up", javascript=True)
    page.context.close()

    # The approved minutes are on the meeting page for anyone.
    page = walk.anonymous(f"/uz/meetings/{meeting.pk}/")
    assert "Reja loyihasi maʼqullandi" in page.locator("main .meeting-minutes").inner_text()
    page.context.close()

    # 8. Nothing is reported and the date passes: the hourly task marks the item overdue, and
    #    it shows on the khokimiyat page and on the meeting page.
    clock.now = clock.now + timedelta(days=8)
    assert mark_overdue_actions() == 1
    item.refresh_from_db()
    assert item.overdue_since is not None
    page = walk.anonymous(pages.yangiqorgon.url)
    overdue = page.locator("main section.overdue")
    assert "Ariqlarni tozalash" in overdue.inner_text()
    walk.checked(page, "khokimiyat page")
    page.goto(f"{walk.base}/uz/meetings/{meeting.pk}/")
    assert page.locator("main .meeting-action-overdue").count() == 1
    walk.checked(page, "meeting")
    page.context.close()

    assert nu_html_errors(walk.html, tmp_path) == []
