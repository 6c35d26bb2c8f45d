"""Every meeting list and page costs the same number of queries with 3 rows as with 30: the
public list, the meeting page as its agenda grows, and the staff's admin list."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.meetings.services.agenda import AgendaEntry, agenda_set
from meetings.meetings.views import pages
from tests.factories.organisations import OrganisationFactory
from tests.fixtures.moderation import list_query_counts

pytestmark = pytest.mark.django_db


def test_the_public_list_holds_its_budget(client, make_meeting, tree, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr(pages, "PER_PAGE", 50)  # every row on one page, so the page links all 30
    organisation = OrganisationFactory(territory=tree.yangiqorgon)
    made = []

    def grow(total):
        while len(made) < total:
            # Upcoming and past, in the district and its mahalla, some held by an organisation.
            n = len(made)
            made.append(
                make_meeting(
                    title=f"Uchrashuv {n}",
                    starts_in=timedelta(days=(4 + n) if n % 2 else -(1 + n)),
                    territory=tree.navbahor if n % 3 == 0 else tree.yangiqorgon,
                    **({"organisation": organisation} if n % 4 == 0 else {}),
                )
            )

    counts = list_query_counts(
        client, "/en/meetings/", link='href="/en/meetings/', grow=grow, at_most=django_assert_max_num_queries
    )
    assert counts[0] == counts[1]


def test_the_meeting_page_holds_its_budget_as_the_agenda_grows(
    client, make_meeting, make_consultation, meeting_staff, django_assert_max_num_queries
):
    from meetings.consultations.selectors import version_latest

    consultation = make_consultation()
    anchors = list(version_latest(consultation).paragraphs.values_list("anchor", flat=True))
    meeting = make_meeting(consultation=consultation)
    url = f"/en/meetings/{meeting.pk}/"
    counts = []
    for total in (3, 30):
        entries = [
            AgendaEntry(
                title=f"Band {n}",
                paragraph_anchor=anchors[n % len(anchors)],
                children=[AgendaEntry(title=f"Band {n}.1")],
            )
            for n in range(total)
        ]
        agenda_set(meeting=meeting, staff=meeting_staff, entries=entries)
        client.get(url)
        with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.content.decode().count("Band ") >= total * 2
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_admin_list_holds_its_budget(client, make_meeting, meeting_staff, django_assert_max_num_queries):
    client.force_login(meeting_staff)
    made = []

    def grow(total):
        while len(made) < total:
            made.append(make_meeting(title=f"Yigʻin {len(made)}", starts_in=timedelta(days=4 + len(made))))

    counts = list_query_counts(
        client, "/admin/meetings/", link='href="/admin/meetings/', grow=grow, at_most=django_assert_max_num_queries
    )
    assert counts[0] == counts[1]
