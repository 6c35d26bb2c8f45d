"""Decisions and action items: exactly one owner and a due date, moves only by the table, dated
progress notes with evidence from the khokimiyat's own collection, representatives reporting
on their organisation's items from the public page, overdue marked once and shown where people
look (meeting page, khokimiyat page, the owner's queue, the organisation page), reminders
before the due date once per owner and due date."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image as PILImage
from wagtail.models import ModelLogEntry

from meetings.meetings import tasks
from meetings.meetings.models import ActionItem, ActionProgress, ActionStatus
from meetings.meetings.services import actions as services
from meetings.meetings.services.followup_notices import remind_action_owners
from participation.answers.deadline import ALREADY_EXTENDED
from participation.exceptions import ServiceError
from participation.models import StaffRoleKind

pytestmark = pytest.mark.django_db
A = ActionStatus


def add(meeting, staff, *, due_in_days=30, **fields) -> ActionItem:
    """An item added an hour after the meeting started, due ``due_in_days`` after that."""
    at = meeting.starts_at + timedelta(hours=1)
    fields.setdefault("text", "Koʻcha chiroqlarini tiklash")
    if not any(key in fields for key in ("owner_department", "owner_user", "owner_organisation")):
        fields["owner_department"] = "Obodonlashtirish boʻlimi"
    return services.action_add(meeting=meeting, staff=staff, due_at=at + timedelta(days=due_in_days), now=at, **fields)


@pytest.mark.parametrize(
    ("owners", "due", "message"),
    [
        ({}, True, services.OWNER_REQUIRED),
        ({"owner_department": "  "}, True, services.OWNER_REQUIRED),
        ({"owner_department": "Moliya boʻlimi", "organisation": True}, True, services.OWNER_ONE),
        ({"owner_department": "Moliya boʻlimi"}, False, services.DUE_REQUIRED),
    ],
)
def test_an_item_needs_exactly_one_owner_and_a_due_date(past_meeting, meeting_staff, wag, owners, due, message):
    owners = dict(owners)
    if owners.pop("organisation", False):
        owners["owner_organisation"] = wag
    with pytest.raises(ServiceError) as refused:
        services.action_add(
            meeting=past_meeting,
            staff=meeting_staff,
            text="Suv quvuri",
            due_at=timezone.now() + timedelta(days=5) if due else None,
            **owners,
        )
    assert refused.value.message == message and not ActionItem.objects.exists()


def test_the_database_refuses_an_item_without_an_owner(past_meeting, meeting_staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.create(
            meeting=past_meeting,
            text="Egasiz",
            due_at=timezone.now(),
            created_at=timezone.now(),
            created_by=meeting_staff,
        )


def test_the_staff_screen_keeps_what_was_typed_when_the_owner_is_missing(client, past_meeting, meeting_staff):
    client.force_login(meeting_staff)
    url = reverse("meetings_followup_admin:meeting", args=[past_meeting.pk])
    response = client.post(
        url,
        {"action": "action", "action-kind": "action", "action-text": "Maktab tomini taʼmirlash", "action-due_on": ""},
    )
    page = response.content.decode()
    with translation.override("en"):  # the staff member reads the admin in English
        expected = str(services.OWNER_REQUIRED)
    assert response.status_code == 200 and expected in page and "Maktab tomini" in page
    assert not ActionItem.objects.exists()
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(
        url,
        {
            "action": "action",
            "action-kind": "decision",
            "action-text": "Maktab tomini taʼmirlash",
            "action-owner_department": "Xalq taʼlimi boʻlimi",
            "action-due_on": due,
        },
    )
    item = ActionItem.objects.get()
    assert response.status_code == 302 and item.kind == "decision"
    assert timezone.localtime(item.due_at).date().isoformat() == due and timezone.localtime(item.due_at).hour == 23


def test_a_staff_owner_works_for_the_meetings_territory(past_meeting, meeting_staff, people):
    with pytest.raises(ServiceError) as refused:
        add(past_meeting, meeting_staff, owner_user=people.zomin_responder)
    assert refused.value.message == services.OWNER_NOT_STAFF
    assert add(past_meeting, meeting_staff, owner_user=people.responder).owner_user == people.responder


def test_moves_follow_the_table_with_dated_notes_and_audit_events(past_meeting, meeting_staff):
    item = add(past_meeting, meeting_staff)
    with pytest.raises(ServiceError) as skipped:
        services.action_progress_add(item=item, user=meeting_staff, note="Tayyor", target=A.DONE)
    assert skipped.value.message == services.TRANSITION_REFUSED % {"source": A.OPEN.label, "target": A.DONE.label}
    assert not ActionProgress.objects.exists()
    services.action_progress_add(item=item, user=meeting_staff, note="Pudratchi tanlandi", target=A.IN_PROGRESS)
    services.action_progress_add(item=item, user=meeting_staff, note="Chiroqlar yondi", target=A.DONE)
    item.refresh_from_db()
    assert item.status == A.DONE and item.done_at is not None
    assert list(item.progress.values_list("status_after", flat=True)) == [A.IN_PROGRESS, A.DONE]
    with pytest.raises(ServiceError) as finished:
        services.action_progress_add(item=item, user=meeting_staff, note="Yana", target=A.CANCELLED)
    assert finished.value.message == services.FINISHED % {"status": A.DONE.label}
    actions = set(ModelLogEntry.objects.filter(object_id=str(past_meeting.pk)).values_list("action", flat=True))
    assert {"meetings.action_added", "meetings.action_started", "meetings.action_done"} <= actions


def test_cancelling_needs_a_public_reason(past_meeting, meeting_staff):
    item = add(past_meeting, meeting_staff)
    with pytest.raises(ServiceError) as refused:
        services.action_progress_add(item=item, user=meeting_staff, note=" ", target=A.CANCELLED)
    assert refused.value.message == services.CANCEL_NOTE_REQUIRED
    item.refresh_from_db()
    assert item.status == A.OPEN


def test_a_representative_reports_progress_on_their_organisations_item(
    client, past_meeting, meeting_staff, wag, make_representative
):
    from tests.factories.organisations import OrganisationFactory

    item = add(past_meeting, meeting_staff, owner_organisation=wag)
    url = reverse("meetings:action", args=[item.pk])
    assert "action-progress-form" not in client.get(url).content.decode()  # anonymous: read only
    other = make_representative(OrganisationFactory(territory=past_meeting.territory))
    client.force_login(other)
    refused = client.post(url, {"progress-note": "Biz ham", "progress-target": ""})
    assert refused.status_code == 403 and not ActionProgress.objects.exists()
    representative = make_representative(wag)
    client.force_login(representative)
    assert "action-progress-form" in client.get(url).content.decode()
    sent = client.post(url, {"progress-note": "Ayollar guruhi 40 ta koʻchat ekdi", "progress-target": A.IN_PROGRESS})
    assert sent.status_code == 302
    item.refresh_from_db()
    assert item.status == A.IN_PROGRESS and "40 ta koʻchat" in client.get(url).content.decode()
    with pytest.raises(ServiceError) as staff_only:
        services.action_progress_add(item=item, user=representative, note="Tugadi", target=A.DONE)
    assert staff_only.value.message == services.STAFF_ONLY_MOVE % {"target": A.DONE.label}
    assert item.progress.count() == 1


def _image(title, territory):
    from wagtail.images import get_image_model

    from cms.services.access import khokimiyat_collection

    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 6), (30, 120, 60)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title,
        file=ContentFile(buffer.getvalue(), name=f"{title}.png"),
        collection=khokimiyat_collection(territory),
    )


def test_evidence_comes_from_the_khokimiyats_own_collection(
    client, tree, pages, past_meeting, meeting_staff, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    ours, theirs = _image("Yangi chiroqlar", tree.yangiqorgon), _image("Zomin surati", tree.zomin)
    item = add(past_meeting, meeting_staff)
    with pytest.raises(ServiceError) as refused:
        services.action_progress_add(item=item, user=meeting_staff, note="Surat", evidence_photo=theirs)
    assert refused.value.message == services.EVIDENCE_NOT_CHOOSABLE and not ActionProgress.objects.exists()
    client.force_login(meeting_staff)
    screen_url = reverse("meetings_followup_admin:action", args=[item.pk])
    screen = client.get(screen_url).content.decode()
    assert "Yangi chiroqlar" in screen and "Zomin surati" not in screen
    response = client.post(
        screen_url,
        {
            "action": "progress",
            "progress-note": "Ishlar boshlandi",
            "progress-target": A.IN_PROGRESS,
            "progress-evidence_photo": ours.pk,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("meetings:action", args=[item.pk])).content.decode()
    assert "Ishlar boshlandi" in page and "Yangi chiroqlar" in page and "<img" in page


def test_overdue_items_are_marked_once_and_shown_where_people_look(
    client, pages, past_meeting, meeting_staff, wag, django_capture_on_commit_callbacks
):
    late = add(past_meeting, meeting_staff, due_in_days=5, text="Ariq tozalash kechikdi")
    add(past_meeting, meeting_staff, due_in_days=60, text="Bogʻ barpo etish")
    owned = add(past_meeting, meeting_staff, due_in_days=4, owner_organisation=wag, text="Ayollar yigʻini")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.mark_overdue_actions() == 2
    assert tasks.mark_overdue_actions() == 0
    late.refresh_from_db()
    assert late.overdue_since is not None
    khokimiyat = client.get(pages.yangiqorgon.url).content.decode()
    assert "overdue-actions-title" in khokimiyat and "Ariq tozalash" in khokimiyat and "Bogʻ barpo" not in khokimiyat
    organisation = client.get(reverse("organisations:detail", args=[wag.slug])).content.decode()
    assert "Ayollar yigʻini" in organisation and "badge-overdue" in organisation
    client.force_login(meeting_staff)
    queue = client.get(reverse("meetings_followup_admin:queue")).content.decode()
    # Department items of the manager's territory, overdue first; the organisation's item is not theirs.
    assert queue.index("Ariq tozalash") < queue.index("Bogʻ barpo") and "Ayollar yigʻini" not in queue
    assert queue.count("action-overdue") == 1
    panel_items = [item.pk for item in ActionItem.objects.filter(meeting=past_meeting, overdue_since__isnull=False)]
    assert sorted(panel_items) == sorted([late.pk, owned.pk])


def test_owners_are_reminded_once_before_the_due_date_and_again_after_an_extension(
    past_meeting, meeting_staff, people, wag, make_representative, settings
):
    settings.MEETING_ACTION_REMIND_DAYS_BEFORE_DUE = 3
    representative = make_representative(wag)
    people.now("responder", "zomin_manager")
    now = timezone.now()
    start = past_meeting.starts_at + timedelta(hours=1)
    due = now + timedelta(days=2)

    def item(due_at=due, **owner):
        return services.action_add(
            meeting=past_meeting, staff=meeting_staff, text="Navbatdagi ish", due_at=due_at, now=start, **owner
        )

    for_person = item(owner_user=people.responder)
    item(owner_organisation=wag)
    item(owner_department="Moliya boʻlimi")
    item(owner_department="Uzoq muddatli", due_at=now + timedelta(days=20))  # not yet
    mail.outbox.clear()
    remind_action_owners(now=now)
    told = sorted(message.to[0] for message in mail.outbox)
    # staff owner; the organisation's representative; the department's responders and managers.
    expected = sorted([people.responder.email, representative.email, people.responder.email, meeting_staff.email])
    assert told == expected and people.zomin_manager.email not in told
    assert remind_action_owners(now=now) == 0
    services.action_extend(item=for_person, staff=meeting_staff, days=7, reason="Pudratchi kechikdi", now=now)
    with pytest.raises(ServiceError) as twice:
        services.action_extend(item=for_person, staff=meeting_staff, days=3, reason="Yana", now=now)
    assert twice.value.message == ALREADY_EXTENDED
    mail.outbox.clear()
    assert remind_action_owners(now=now + timedelta(days=7)) == 1
    assert [message.to for message in mail.outbox] == [[people.responder.email]]


def test_other_staff_roles_do_not_see_the_queue_or_the_screens(client, people, past_meeting, meeting_staff):
    item = add(past_meeting, meeting_staff)
    client.force_login(people.zomin_manager)
    assert client.get(reverse("meetings_followup_admin:action", args=[item.pk])).status_code == 404
    assert client.get(reverse("meetings_followup_admin:meeting", args=[past_meeting.pk])).status_code == 404
    client.force_login(people.editor)
    assert client.get(reverse("meetings_followup_admin:queue")).status_code == 403


def test_the_department_responders_are_staff_of_the_territory(make_staff, tree):
    from meetings.meetings.selectors.actions import department_staff

    here = make_staff(StaffRoleKind.RESPONDER, tree.yangiqorgon)
    above = make_staff(StaffRoleKind.MANAGER, tree.namangan)
    make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)
    make_staff(StaffRoleKind.RESPONDER, tree.zomin)
    assert {user.pk for user in department_staff(tree.yangiqorgon)} == {here.pk, above.pk}
