"""A public meeting is found where people look for it: the sitemap and the site search (typed
with any apostrophe, or in Cyrillic), cancelled ones marked; drafts and proposals nowhere; and
the search costs the same queries however many meetings match."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from meetings.meetings.models import MeetingStatus
from tests.fixtures.pages import sitemap_crawl

pytestmark = pytest.mark.django_db


def search(client, query: str) -> str:
    response = client.get(reverse("site_search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_public_meetings_are_in_the_sitemap_and_drafts_and_proposals_are_not(client, make_meeting):
    announced = make_meeting(title="Ochiq eshituv: koʻprik")
    cancelled = make_meeting(title="Bekor qilingan yigʻin", status=MeetingStatus.CANCELLED)
    draft = make_meeting(title="Qoralama yigʻin", status=MeetingStatus.DRAFT)
    proposed = make_meeting(title="Taklif qilingan yigʻin", status=MeetingStatus.PROPOSED)
    crawl = sitemap_crawl(client)
    for meeting in (announced, cancelled):
        assert reverse("meetings:detail", args=[meeting.pk]) in crawl
    for meeting in (draft, proposed):
        assert reverse("meetings:detail", args=[meeting.pk]) not in crawl


@pytest.mark.parametrize("typed", ["koʻprik", "ko'prik", "ko‘prik", "KOPRIK", "кўприк"])
def test_the_site_search_finds_a_meeting_however_its_title_is_typed(client, make_meeting, typed):
    meeting = make_meeting(title="Ochiq eshituv: koʻprik qurilishi")
    assert reverse("meetings:detail", args=[meeting.pk]) in search(client, typed)


def test_the_site_search_marks_a_cancelled_meeting_and_hides_drafts_and_proposals(client, make_meeting):
    cancelled = make_meeting(title="Suv quvuri: bekor qilingan eshituv", status=MeetingStatus.CANCELLED)
    draft = make_meeting(title="Suv quvuri: qoralama", status=MeetingStatus.DRAFT)
    proposed = make_meeting(title="Suv quvuri: taklif", status=MeetingStatus.PROPOSED)
    page = search(client, "suv quvuri")
    row = page[page.index(reverse("meetings:detail", args=[cancelled.pk])) :].split("</li>")[0]
    language = re.search(r'<html lang="([^"]+)"', page).group(1)  # /search/ has no language prefix
    with translation.override(language):
        assert gettext("Cancelled") in row
    assert reverse("meetings:detail", args=[draft.pk]) not in page
    assert reverse("meetings:detail", args=[proposed.pk]) not in page


def test_the_site_search_costs_the_same_queries_however_many_meetings_match(
    client, make_meeting, django_assert_max_num_queries
):
    counts = []
    made = 0
    search(client, "daraxt")  # once before counting: what a process looks up once and keeps
    for total in (3, 30):
        while made < total:
            make_meeting(title=f"Daraxt ekish yigʻini {made}", starts_in=timedelta(days=4 + made))
            made += 1
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as queries:
            page = search(client, "daraxt")
        assert len(re.findall(r'href="/[\w-]+/meetings/\d+/"', page)) == min(total, 10)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
