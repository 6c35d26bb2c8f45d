"""The meeting pages that list what grows after a meeting cost the same number of queries with 3
rows as with 30: the draft minutes page as attendees comment, an action item's page as progress
notes (with photos and documents) pile up, the staff's follow-up screen as comments and items
grow, the staff's action item screen, and the staff's meeting screen as the agenda grows."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PILImage

from meetings.meetings.models import ActionItem, MinutesComment
from meetings.meetings.services import actions as action_services
from meetings.meetings.services import minutes as minutes_services
from meetings.meetings.services.agenda import AgendaEntry, agenda_set
from meetings.meetings.services.registrations import registration_create
from tests.factories.meetings import registration_made

pytestmark = pytest.mark.django_db


def costs(client, url: str, grow, *, at_most, marker: str, per_row: int = 1, cold: bool = False) -> list[int]:
    """The queries of one GET of ``url`` after growing to 3 and to 30 rows; with ``cold`` the
    shared cache is emptied first (Redis restarted or evicted: the photos' renditions are then
    read from the database)."""
    counts = []
    for total in (3, 30):
        grow(total)
        # Once before counting: what a process looks up once and keeps, and the photos'
        # renditions, drawn and stored by the first visit, are not what grows with the rows.
        client.get(url)
        if cold:
            cache.clear()
        with at_most(60), CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count(marker) >= total * per_row, (marker, total)
        counts.append(len(queries))
    return counts


def test_the_draft_minutes_page_costs_the_same_as_attendees_comment(
    client, past_meeting, meeting_staff, resident, django_assert_max_num_queries
):
    at = past_meeting.ends_at + timedelta(hours=1)
    minutes = minutes_services.minutes_write(meeting=past_meeting, staff=meeting_staff, text="Bayonnoma", now=at)
    minutes_services.minutes_circulate(minutes=minutes, staff=meeting_staff, comment_days=60, now=at)

    def grow(total):
        while MinutesComment.objects.count() < total:
            person = resident()
            registration_made(past_meeting, person)
            minutes_services.minutes_comment(minutes=minutes, user=person, text="Izoh matni")

    client.force_login(meeting_staff)  # staff read every comment
    url = reverse("meetings:minutes", args=[past_meeting.pk])
    counts = costs(client, url, grow, at_most=django_assert_max_num_queries, marker="Izoh matni")
    assert counts[0] == counts[1], counts


def _evidence(tree, number: int):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from cms.services.access import khokimiyat_collection

    collection = khokimiyat_collection(tree.yangiqorgon)
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 6), (30, 120, 60)).save(buffer, "PNG")
    photo = get_image_model().objects.create(
        title=f"Surat {number}", file=ContentFile(buffer.getvalue(), name=f"surat-{number}.png"), collection=collection
    )
    document = get_document_model().objects.create(
        title=f"Dalolatnoma {number}", file=ContentFile(b"%PDF-1.4", name=f"hujjat-{number}.pdf"), collection=collection
    )
    return photo, document


def _grow_progress(item, staff, tree):
    def grow(total):
        while item.progress.count() < total:
            number = item.progress.count()
            photo, document = _evidence(tree, number)
            action_services.action_progress_add(
                item=item, user=staff, note=f"Bajarildi {number}", evidence_photo=photo, evidence_document=document
            )

    return grow


def _item(meeting, staff):
    at = meeting.starts_at + timedelta(hours=1)
    return action_services.action_add(
        meeting=meeting,
        staff=staff,
        text="Koʻcha chiroqlarini tiklash",
        owner_department="Obodonlashtirish boʻlimi",
        due_at=at + timedelta(days=60),
        now=at,
    )


def test_an_action_items_page_costs_the_same_as_progress_notes_with_evidence_pile_up(
    client, tree, pages, past_meeting, meeting_staff, resident, settings, tmp_path, django_assert_max_num_queries
):
    settings.MEDIA_ROOT = str(tmp_path)
    item = _item(past_meeting, meeting_staff)
    url = reverse("meetings:action", args=[item.pk])
    grow = _grow_progress(item, meeting_staff, tree)
    client.force_login(resident())  # a reader the anonymous page cache does not serve
    counts = costs(client, url, grow, at_most=django_assert_max_num_queries, marker="Bajarildi ", cold=True)
    assert counts[0] == counts[1], counts


def test_the_staff_action_item_screen_costs_the_same_as_progress_notes_pile_up(
    client, tree, pages, past_meeting, meeting_staff, settings, tmp_path, django_assert_max_num_queries
):
    settings.MEDIA_ROOT = str(tmp_path)
    item = _item(past_meeting, meeting_staff)
    client.force_login(meeting_staff)
    url = reverse("meetings_followup_admin:action", args=[item.pk])
    grow = _grow_progress(item, meeting_staff, tree)
    counts = costs(client, url, grow, at_most=django_assert_max_num_queries, marker="Bajarildi ")
    assert counts[0] == counts[1], counts


def test_the_staff_follow_up_screen_costs_the_same_as_comments_and_items_grow(
    client, past_meeting, meeting_staff, resident, people, wag, django_assert_max_num_queries
):
    at = past_meeting.ends_at + timedelta(hours=1)
    minutes = minutes_services.minutes_write(meeting=past_meeting, staff=meeting_staff, text="Bayonnoma", now=at)
    minutes_services.minutes_circulate(minutes=minutes, staff=meeting_staff, comment_days=60, now=at)
    owners = [{"owner_user": people.responder}, {"owner_organisation": wag}, {"owner_department": "Boʻlim"}]
    start = past_meeting.starts_at + timedelta(hours=1)

    def grow(total):
        while MinutesComment.objects.count() < total:
            person = resident()
            registration_made(past_meeting, person)
            minutes_services.minutes_comment(minutes=minutes, user=person, text="Izoh matni")
        while ActionItem.objects.count() < total:
            number = ActionItem.objects.count()
            action_services.action_add(
                meeting=past_meeting,
                staff=meeting_staff,
                text=f"Vazifa {number}",
                due_at=start + timedelta(days=40, minutes=number),
                now=start,
                **owners[number % len(owners)],
            )

    client.force_login(meeting_staff)
    url = reverse("meetings_followup_admin:meeting", args=[past_meeting.pk])
    counts = costs(client, url, grow, at_most=django_assert_max_num_queries, marker="Vazifa ")
    assert counts[0] == counts[1], counts
    assert client.get(url).content.decode().count("Izoh matni") == 30


def test_the_staff_meeting_screen_costs_the_same_as_the_agenda_grows(
    client, make_meeting, make_consultation, meeting_staff, resident, django_assert_max_num_queries
):
    from meetings.consultations.selectors import version_latest

    consultation = make_consultation()
    anchors = list(version_latest(consultation).paragraphs.values_list("anchor", flat=True))
    meeting = make_meeting(consultation=consultation)
    registration_create(meeting=meeting, user=resident())

    def grow(total):
        entries = [
            AgendaEntry(
                title=f"Band {n}",
                paragraph_anchor=anchors[n % len(anchors)],
                children=[AgendaEntry(title=f"Band {n}.1")],
            )
            for n in range(total)
        ]
        agenda_set(meeting=meeting, staff=meeting_staff, entries=entries)

    client.force_login(meeting_staff)
    url = reverse("meetings_admin:meeting", args=[meeting.pk])
    counts = costs(client, url, grow, at_most=django_assert_max_num_queries, marker="Band ", per_row=2)
    assert counts[0] == counts[1], counts
