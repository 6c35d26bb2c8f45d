"""The follow-up's lists cost the same number of queries however many rows they show: the
meeting page's panel, the khokimiyat page's overdue action items, the staff queue and the
organisation page's section."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.meetings.models import ActionItem, MinutesCorrection
from meetings.meetings.services import actions as action_services
from meetings.meetings.services import minutes as minutes_services
from tests.fixtures.moderation import list_query_counts

pytestmark = pytest.mark.django_db


def _grow_items(meeting, staff, *, owners):
    """A function adding items (due before now, so overdue) until there are ``total``."""
    start = meeting.starts_at + timedelta(hours=1)

    def grow(total):
        while ActionItem.objects.filter(meeting=meeting).count() < total:
            number = ActionItem.objects.filter(meeting=meeting).count()
            action_services.action_add(
                meeting=meeting,
                staff=staff,
                text=f"Vazifa {number}",
                due_at=start + timedelta(days=1, minutes=number),
                now=start,
                **owners[number % len(owners)],
            )

    return grow


def test_the_meeting_panel_costs_the_same_with_more_items_and_corrections(
    past_meeting, meeting_staff, people, wag, django_assert_max_num_queries
):
    at = timezone.now() - timedelta(days=10)
    minutes = minutes_services.minutes_write(meeting=past_meeting, staff=meeting_staff, text="Bayonnoma", now=at)
    minutes_services.minutes_circulate(minutes=minutes, staff=meeting_staff, comment_days=2, now=at)
    minutes_services.minutes_approve(minutes=minutes, staff=meeting_staff)
    owners = [{"owner_user": people.responder}, {"owner_organisation": wag}, {"owner_department": "Boʻlim"}]
    grow = _grow_items(past_meeting, meeting_staff, owners=owners)
    request = RequestFactory().get("/uz/meetings/")
    request.user = AnonymousUser()
    template = engines["django"].from_string('{% include "meetings/meetings/includes/followup_panel.html" %}')
    counts = []
    # Once before counting: what a process looks up once and keeps (content types, the site)
    # is not what grows with the rows.
    template.render({"meeting": past_meeting, "request": request})
    for total in (3, 30):
        grow(total)
        while MinutesCorrection.objects.count() < total:
            minutes_services.minutes_correct(minutes=minutes, staff=meeting_staff, text="Tuzatish")
        with django_assert_max_num_queries(4), CaptureQueriesContext(connection) as queries:
            html = template.render({"meeting": past_meeting, "request": request})
        assert html.count('<li class="meeting-action') == total and html.count("Tuzatish") == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_khokimiyat_pages_overdue_items_cost_the_same_as_they_grow(
    client, pages, past_meeting, meeting_staff, wag, django_assert_max_num_queries
):
    from participation.web import page_cache

    grow = _grow_items(
        past_meeting, meeting_staff, owners=[{"owner_department": "Boʻlim"}, {"owner_organisation": wag}]
    )
    client.force_login(meeting_staff)  # not served from the anonymous page cache
    client.get(pages.yangiqorgon.url)
    counts = []
    for total in (3, 30):
        grow(total)
        page_cache.pages_changed("meetings")
        with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as queries:
            page = client.get(pages.yangiqorgon.url).content.decode()
        assert page.count("/meetings/actions/") == min(total, 10)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_staff_queue_costs_the_same_as_it_grows(
    client, past_meeting, meeting_staff, people, django_assert_max_num_queries
):
    owners = [{"owner_department": "Boʻlim"}, {"owner_user": meeting_staff}]
    grow = _grow_items(past_meeting, meeting_staff, owners=owners)
    client.force_login(meeting_staff)
    counts = list_query_counts(
        client,
        reverse("meetings_followup_admin:queue"),
        link='href="/admin/meetings/followup/actions/',
        grow=grow,
        at_most=django_assert_max_num_queries,
    )
    assert counts[0] == counts[1], counts


def test_the_organisation_section_costs_the_same_as_it_grows(
    client, past_meeting, meeting_staff, wag, django_assert_max_num_queries
):
    grow = _grow_items(past_meeting, meeting_staff, owners=[{"owner_organisation": wag}])
    url = reverse("organisations:detail", args=[wag.slug])
    client.force_login(meeting_staff)
    client.get(url)
    counts = []
    for total in (3, 30):
        grow(total)
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert page.count("/meetings/actions/") == min(total, 10)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
