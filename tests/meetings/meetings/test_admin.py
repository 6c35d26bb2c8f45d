"""The staff screens as a manager uses them in English: the "Meetings" menu, a list scoped to
their territories, a new draft, the agenda written as lines (a sub-item, a time, a consultation
paragraph by number), an announcement refused too late with the message shown, then announced,
cancelled with a reason; an organisation's proposal approved or declined (the proposer told)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from meetings.meetings.models import AgendaItem, Meeting, MeetingStatus
from meetings.meetings.services import meetings as services
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_menu_and_list_show_only_the_staffs_meetings(client, make_meeting, meeting_staff, people, tree):
    make_meeting(title="Bizniki")
    make_meeting(title="Zominniki", territory=tree.zomin, staff=people.zomin_manager)
    client.force_login(meeting_staff)
    page = client.get("/admin/meetings/").content.decode()
    assert "Bizniki" in page and "Zominniki" not in page
    # Wagtail draws its menu from JSON; the item's address is in it, with the menu's label.
    home = client.get("/admin/").content.decode()
    assert '"/admin/meetings/"' in home and '"Meetings"' in home
    client.force_login(people.editor)
    assert client.get("/admin/meetings/").status_code == 403


def test_a_manager_creates_writes_the_agenda_is_refused_too_late_then_announces(
    client, meeting_staff, tree, make_consultation, settings
):
    settings.MEETING_NOTICE_DAYS = 3
    consultation = make_consultation()
    client.force_login(meeting_staff)
    starts = timezone.now() + timedelta(days=2)
    response = client.post(
        "/admin/meetings/new/",
        {
            "territory": tree.yangiqorgon.pk,
            "kind": "hearing",
            "title": "Ochiq eshituv",
            "purpose": "Reja loyihasi.",
            "starts_at": local(starts),
            "ends_at": local(starts + timedelta(hours=3)),
            "attendance_mode": "in_person",
            "address": "Hokimlik majlislar zali",
            "accessibility": ["step_free_entrance", "sign_language"],
            "languages": ["uz", "ru"],
            "capacity": "60",
            "consultation": consultation.pk,
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.status == MeetingStatus.DRAFT
    assert meeting.step_free_entrance and meeting.sign_language and not meeting.large_print
    clock = timezone.localtime(meeting.starts_at + timedelta(minutes=30)).strftime("%H:%M")
    client.post(
        f"/admin/meetings/{meeting.pk}/",
        {"action": "agenda", "agenda": f"Kirish | Hokim\nReja | Arxitektor | {clock}\n- Uchinchi band | | | 3"},
    )
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    assert [(i.title, i.parent_id is not None) for i in items] == [
        ("Kirish", False),
        ("Reja", False),
        ("Uchinchi band", True),
    ]
    assert items[2].paragraph_anchor and items[1].starts_at is not None
    refused = client.post(f"/admin/meetings/{meeting.pk}/", {"action": "announce"})
    assert refused.status_code == 200 and "at least 3 days" in refused.content.decode()
    assert Meeting.objects.get().status == MeetingStatus.DRAFT
    later = starts + timedelta(days=3)
    client.post(
        f"/admin/meetings/{meeting.pk}/edit/",
        {
            "kind": "hearing",
            "title": "Ochiq eshituv",
            "purpose": "Reja loyihasi.",
            "starts_at": local(later),
            "ends_at": local(later + timedelta(hours=3)),
            "attendance_mode": "in_person",
            "address": "Hokimlik majlislar zali",
        },
    )
    assert client.post(f"/admin/meetings/{meeting.pk}/", {"action": "announce"}).status_code == 302
    assert Meeting.objects.get().status == MeetingStatus.ANNOUNCED
    response = client.post(f"/admin/meetings/{meeting.pk}/", {"action": "cancel", "cancel-reason": "Zal band."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.cancellation_reason == "Zal band."


def test_a_bad_agenda_line_is_refused_with_the_text_kept(client, make_meeting, meeting_staff):
    meeting = make_meeting(status=MeetingStatus.DRAFT)
    client.force_login(meeting_staff)
    response = client.post(f"/admin/meetings/{meeting.pk}/", {"action": "agenda", "agenda": "- Yetim band\nKeyingi"})
    page = response.content.decode()
    assert response.status_code == 200 and "Yetim band" in page and "must follow an item" in page
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_staff_of_another_district_do_not_reach_the_meeting(client, make_meeting, people):
    meeting = make_meeting()
    client.force_login(people.zomin_manager)
    assert client.get(f"/admin/meetings/{meeting.pk}/").status_code == 404


def proposal(tree, resident, starts_in=timedelta(days=8)):
    organisation = OrganisationFactory(territory=tree.yangiqorgon)
    person = resident(preferred_language="ru")
    MembershipFactory(organisation=organisation, user=person, role="representative")
    starts_at = timezone.now() + starts_in
    meeting = services.meeting_propose(
        user=person,
        organisation=organisation,
        territory=tree.navbahor,
        title="Yoshlar bilan suhbat",
        purpose="Bandlik masalalari.",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        address="Navbahor MFY",
    )
    return meeting, person


def test_staff_approve_a_proposal_under_the_notice_rule(client, tree, resident, meeting_staff, settings):
    settings.MEETING_NOTICE_DAYS = 3
    meeting, _person = proposal(tree, resident, starts_in=timedelta(days=2))
    client.force_login(meeting_staff)
    client.post(f"/admin/meetings/{meeting.pk}/", {"action": "agenda", "agenda": "Tanishuv"})
    refused = client.post(f"/admin/meetings/{meeting.pk}/", {"action": "approve"})
    assert refused.status_code == 200 and Meeting.objects.get().status == MeetingStatus.PROPOSED
    soon, _ = proposal(tree, resident, starts_in=timedelta(days=6))
    client.post(f"/admin/meetings/{soon.pk}/", {"action": "agenda", "agenda": "Tanishuv"})
    assert client.post(f"/admin/meetings/{soon.pk}/", {"action": "approve"}).status_code == 302
    soon.refresh_from_db()
    assert soon.status == MeetingStatus.ANNOUNCED and soon.announced_by == meeting_staff


def test_staff_decline_a_proposal_with_a_reason_and_the_proposer_is_told_in_their_language(
    client, tree, resident, meeting_staff, django_capture_on_commit_callbacks
):
    meeting, person = proposal(tree, resident)
    client.force_login(meeting_staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/meetings/{meeting.pk}/", {"action": "decline", "decline-reason": "Sana mos emas."}
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
    assert [m.to[0] for m in mail.outbox] == [person.email]
    with translation.override("ru"):
        expected = gettext("Your proposed meeting was not approved: %(title)s") % {"title": meeting.title}
    assert mail.outbox[0].subject == expected and "Sana mos emas." in mail.outbox[0].body
    assert client.get(f"/en/meetings/{meeting.pk}/").status_code == 200  # staff still see it
    client.logout()
    assert client.get(f"/en/meetings/{meeting.pk}/").status_code == 404


def test_staff_link_petitions_by_number_and_an_unknown_one_is_refused(client, meeting_staff, tree):
    from tests.factories.petitions import PetitionFactory

    petition = PetitionFactory(territory=tree.yangiqorgon, title="Koʻcha chiroqlari")
    client.force_login(meeting_staff)
    starts = timezone.now() + timedelta(days=6)
    data = {
        "territory": tree.yangiqorgon.pk,
        "kind": "hearing",
        "title": "Eshituv",
        "purpose": "Muhokama.",
        "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=2)),
        "attendance_mode": "in_person",
        "address": "Hokimlik",
        "subjects": "petition 999999",
    }
    refused = client.post("/admin/meetings/new/", data)
    assert refused.status_code == 200 and "petition 999999" in refused.content.decode()
    assert not Meeting.objects.exists()
    client.post("/admin/meetings/new/", {**data, "subjects": f"petition {petition.pk}"})
    meeting = Meeting.objects.get()
    assert "Koʻcha chiroqlari" in client.get(f"/en/meetings/{meeting.pk}/").content.decode()


def test_an_agenda_line_links_a_petition_the_meeting_page_shows_and_the_box_gives_back(
    client, make_meeting, meeting_staff, tree
):
    from tests.factories.petitions import PetitionFactory

    petition = PetitionFactory(territory=tree.yangiqorgon, title="Koʻcha chiroqlari")
    meeting = make_meeting(status=MeetingStatus.DRAFT)
    client.force_login(meeting_staff)
    screen = f"/admin/meetings/{meeting.pk}/"
    refused = client.post(screen, {"action": "agenda", "agenda": "Chiroqlar | Hokim | | petition 999999"})
    assert "petition 999999" in refused.content.decode() and not AgendaItem.objects.filter(meeting=meeting).exists()
    client.post(screen, {"action": "agenda", "agenda": f"Chiroqlar | Hokim | | petition {petition.pk}"})
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.subject_id == petition.pk
    assert f"Chiroqlar | Hokim |  | petition {petition.pk}" in client.get(screen).content.decode()
    services.meeting_announce(meeting=meeting, staff=meeting_staff)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "Koʻcha chiroqlari" in page and f"/petitions/{petition.pk}/" in page
