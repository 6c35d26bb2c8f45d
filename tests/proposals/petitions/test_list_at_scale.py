"""The petitions list and its open data stay the same size of work as petitions grow: the
same queries at 3 rows as at 30 (every filter, sort and search), the exports streamed in
chunks, a bound on the pages one can browse, and the search key kept beside the petition."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proposals.petitions import views
from proposals.petitions.models import COLLECTING_STATUSES, LISTED_STATUSES, Petition, PetitionSearch
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.selectors import petition_public_topics
from proposals.petitions.services import lifecycle as svc
from proposals.petitions.transitions import PUBLIC_STATUSES, SIGNING_STATUSES
from tests.factories.petitions import PetitionFactory
from tests.fixtures.concurrency import postgres_only

# States a list shows, each with what a row of it reads (days left, the answer's due date).
STATES = [S.COLLECTING, S.THRESHOLD_REACHED, S.ANSWERED, S.CLOSED]


def grow(tree, author, total: int) -> None:
    """Published petitions up to ``total``, spread over territories, states and topics, with
    the words the searches below look for; drafts beside them that no list may show."""
    now = timezone.now()
    places = [tree.yangiqorgon, tree.istiqlol, tree.navbahor, tree.zomin]
    while (index := Petition.objects.count()) < total:
        status = STATES[index % len(STATES)]
        petition = PetitionFactory(
            author=author,
            territory=places[index % len(places)],
            status=status,
            title=f"Koʻprik va yoʻl {index}",
            text="Mahalladagi koʻprikni taʼmirlash kerak.",
            signature_count=index * 7 % 50,
            published_at=now - timedelta(hours=index + 1),
            closes_at=now + timedelta(days=30 + index),
            answer_due_at=now + timedelta(days=10) if status == S.THRESHOLD_REACHED else None,
        )
        petition.tags.add(f"mavzu{index % 3}", "umumiy")
    PetitionFactory(author=author, territory=tree.yangiqorgon, status=S.DRAFT, title="Qoralama koʻprik").tags.add(
        "yashirin"
    )


QUERIES = [
    "",
    "?sort=most_signed",
    "?sort=closing_soon",
    "?status=answered",
    "?territory={yangiqorgon}",
    "?territory={yangiqorgon}&status=collecting&sort=most_signed",
    "?tag=umumiy",
    "?q=koprik",
    "?q=%D0%BA%D1%9E%D0%BF%D1%80%D0%B8%D0%BA%20%D0%B9%D1%9E%D0%BB",  # "кўприк йўл"
    "?page=2",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_list_costs_the_same_queries_at_3_and_at_30_petitions(client, tree, resident, query):
    """Rows added never add queries: no row reads a column the list left out, nothing is
    fetched per row (territory, tags, answer dates)."""
    author = resident()
    query = query.format(yangiqorgon=tree.yangiqorgon.pk)
    counts = []
    for total in (3, 30):
        grow(tree, author, total)
        client.get(f"/en/petitions/{query}")  # warm the per-process caches (content types, locales)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/en/petitions/{query}")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("export", ["export.csv", "export.json"])
def test_the_exports_cost_the_same_queries_at_3_and_at_30_petitions(client, tree, resident, export):
    author = resident()
    counts, sizes = [], []
    for total in (3, 30):
        grow(tree, author, total)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/en/petitions/{export}?q=koprik")
            body = response.getvalue()  # the rows are read while the body is sent
        assert response.streaming
        counts.append(len(queries))
        sizes.append(len(body))
    assert counts[0] == counts[1], counts
    assert sizes[1] > sizes[0]


def test_the_exports_read_the_rows_in_chunks_and_keep_every_row(client, tree, resident, monkeypatch):
    """Chunks smaller than the list: the exported rows are all there, once each, in the
    list's order, and the JSON's count is the number of its rows."""
    monkeypatch.setattr(views, "EXPORT_CHUNK", 4)
    grow(tree, resident(), 11)
    listed = list(Petition.objects.filter(status__in=PUBLIC_STATUSES).order_by("-published_at", "-pk"))
    rows = list(csv.reader(io.StringIO(client.get("/en/petitions/export.csv").getvalue().decode("utf-8-sig"))))
    assert [int(row[0]) for row in rows[1:]] == [petition.pk for petition in listed]
    data = json.loads(client.get("/en/petitions/export.json").getvalue())
    assert data["count"] == len(data["results"]) == len(listed)
    assert [row["id"] for row in data["results"]] == [petition.pk for petition in listed]
    assert data["results"][0]["url"] == f"http://testserver/en/petitions/{listed[0].pk}/"


def test_the_list_is_browsable_up_to_its_last_page_and_says_how_to_reach_the_rest(client, tree, resident, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    monkeypatch.setattr(views, "LIST_PAGES_MAX", 3)
    grow(tree, resident(), 8)
    first = client.get("/en/petitions/").content.decode()
    assert "8 petitions" in first and "Page 1 of 3" in first
    assert "can be browsed as far as page" not in first
    for deep in ("?page=3", "?page=4", "?page=999"):
        page = client.get(f"/en/petitions/{deep}").content.decode()
        assert "Page 3 of 3" in page and 'rel="next"' not in page
        assert "The list can be browsed as far as page 3." in page
        assert "Koʻprik va yoʻl 0</a>" not in page and "Koʻprik va yoʻl 4</a>" in page
    # A list that fits in the browsable pages ends without the note.
    narrowed = client.get(f"/en/petitions/?territory={tree.zomin.pk}&page=9").content.decode()
    assert "can be browsed as far as page" not in narrowed


def test_topics_are_those_of_published_petitions_only(tree, resident):
    grow(tree, resident(), 4)
    assert [tag.slug for tag in petition_public_topics()] == ["mavzu0", "mavzu1", "mavzu2", "umumiy"]


def test_the_search_key_follows_the_draft_and_finds_it_in_either_script(client, make_petition, resident):
    author = resident()
    draft = make_petition(S.DRAFT, author=author, title="Avtobus bekati kerak")
    assert PetitionSearch.objects.get(petition=draft).key == draft.search_text
    svc.petition_edit_draft(petition=draft, author=author, title="Koʻcha chiroqlari kerak", text=draft.text)
    key = PetitionSearch.objects.get(petition=draft).key
    assert "chiroqlari" in key and "avtobus" not in key
    Petition.objects.filter(pk=draft.pk).update(status=S.COLLECTING, published_at=timezone.now())
    for query in ("chiroq", "%D1%87%D0%B8%D1%80%D0%BE%D2%9B"):  # and "чироқ"
        assert "Koʻcha chiroqlari kerak" in client.get(f"/en/petitions/?q={query}").content.decode()
    assert "Koʻcha chiroqlari" not in client.get("/en/petitions/?q=avtobus").content.decode()


def test_the_partial_indexes_cover_the_statuses_the_lists_show():
    """The indexes spell out the transition table's statuses (models cannot import it): a
    status made public without its index would list through a full scan."""
    assert sorted(PUBLIC_STATUSES) == LISTED_STATUSES
    assert sorted(SIGNING_STATUSES) == COLLECTING_STATUSES


@postgres_only
def test_postgresql_searches_words_through_the_trigram_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'petition_search_key_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition
