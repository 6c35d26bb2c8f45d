"""The results page and its downloads: the rule explained, winners, what "most votes first"
would have funded beside it, funded projects per mahalla (table and SVG), turnout, annulled
ballots, the .pb and CSV files. Nothing of it before the count is published."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.models import StaffRoleKind
from proposals.budgeting.models import ProjectStatus
from proposals.budgeting.services.results import cycle_publish_results
from proposals.budgeting.services.voting import ballot_cast, ballots_annul

XSS = "<script>alert(1)</script>"
NNBSP = "\u202f"
M = 1_000_000


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def svg_of(page: str) -> ET.Element:
    """The inline chart, parsed as XML: it must be well-formed whatever the names hold."""
    markup = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    return ET.fromstring(markup)


@pytest.fixture
def manager(make_staff, tree):
    return make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)


@pytest.fixture
def counted(make_cycle, make_project, resident, tree, manager, make_staff, settings):
    """A cycle in its results phase where the Method of Equal Shares and "most votes first"
    disagree: six Navbahor voters approve A (600 M) and B (400 M), four Istiqlol voters approve
    C (400 M), budget 1000 M. Greedy funds A and B (the six voters take everything); equal
    shares fund A for the six (they spend their shares on it) and C for the four. One more
    ballot, cast on a later day, is annulled by that day. (Secrecy classes of one, so that
    day stays a day of its own: with the default k its ballot would share the first day's.)"""
    settings.PB_SECRECY_K = 1

    def make(publish=True, **options):
        options.setdefault("winner_rule", "mes")
        title_a = options.pop("title_a", "A: Navbahor yoʻli")
        title_b = options.pop("title_b", "B: Navbahor suvi")
        cycle = make_cycle("results", at=timezone.now(), budget=1000 * M, max_project_cost=600 * M, **options)
        a = make_project(cycle, title=title_a, cost=600 * M)
        b = make_project(cycle, title=title_b, cost=400 * M)
        c = make_project(cycle, title="C: Istiqlol maktabi", cost=400 * M, mahalla=tree.istiqlol)
        voting = cycle.phases.get(kind="voting")
        first_day = voting.starts_at + timedelta(hours=1)
        for _ in range(6):
            ballot_cast(cycle, resident(), {a.pk: 1, b.pk: 1}, now=first_day)
        for _ in range(4):
            ballot_cast(cycle, resident(tree.istiqlol), {c.pk: 1}, now=first_day)
        later = voting.starts_at + timedelta(days=2, hours=1)
        ballot_cast(cycle, resident(tree.istiqlol), {c.pk: 1}, now=later)
        moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)
        ballots_annul(cycle, staff=moderator, reason="Sinov", cast_on=timezone.localtime(later).date())
        if publish:
            cycle_publish_results(cycle, staff=manager)
        return cycle, (a, b, c)

    return make


def test_before_publication_a_notice_and_no_downloads(client, counted):
    cycle, (a, _b, _c) = counted(publish=False)
    page = page_of(client.get(f"/en/budget/{cycle.pk}/results/"))
    assert "The results will be published here after the count." in page
    assert "Method of Equal Shares." in page  # the rule is known before the count
    assert a.title not in page
    assert client.get(f"/en/budget/{cycle.pk}/results.pb").status_code == 404
    assert client.get(f"/en/budget/{cycle.pk}/results.csv").status_code == 404
    assert f"/en/budget/{cycle.pk}/results/" not in page_of(client.get(f"/en/budget/{cycle.pk}/"))


def test_results_show_winners_rule_and_money(client, counted, resident):
    cycle, (a, b, c) = counted()
    client.force_login(resident())  # signed in or not, the same public page
    page = page_of(client.get(f"/en/budget/{cycle.pk}/results/"))
    assert "The rule used: Method of Equal Shares" in page
    assert "at each step the project that costs its supporters least per person goes first" in page
    winners = page[page.index('id="winners-title"') : page.index('id="compare-title"')]
    assert a.title in winners and c.title in winners and b.title not in winners
    assert f"2 projects, 1{NNBSP}000{NNBSP}000{NNBSP}000 soum" in page
    assert "<dt>Left over</dt><dd>0 soum</dd>" in page
    assert f'href="/en/budget/{cycle.pk}/results/"' in page_of(client.get(f"/en/budget/{cycle.pk}/"))


def test_results_compare_with_most_votes_first_in_words(client, counted):
    cycle, (a, b, c) = counted()
    page = page_of(client.get(f"/en/budget/{cycle.pk}/results/"))
    compare = page[page.index('id="compare-title"') : page.index('id="mahallas-title"')]
    assert "The projects marked below are funded by only one of the two rules." in compare
    assert f"most votes first would fund 1{NNBSP}000{NNBSP}000{NNBSP}000 soum" in compare

    def row(project):
        # The title sits in a span that says its language where it can tell (Uzbek, here).
        title = rf"<span(?: lang=\"uz-Latn\")?>{re.escape(project.title)}</span>"
        return re.search(rf"<tr[^>]*>\s*<th scope=\"row\">{title}.*?</tr>", compare, re.S).group(0)

    # The difference is said in words, not only by a colour.
    assert "only by most votes first" in row(b) and 'class="pb-differs"' in row(b)
    assert "only by the rule used" in row(c) and 'class="pb-differs"' in row(c)
    assert "only by" not in row(a) and "pb-differs" not in row(a)
    # Both "funded by" cells say yes (each cell carries its column's name for phone screens).
    assert re.findall(r"<td data-label=\"Funded by [^\"]*\">(\w+)</td>", row(a)) == ["Yes", "Yes"]


def test_greedy_cycle_has_no_comparison_with_itself(client, counted):
    cycle, (a, b, c) = counted(winner_rule="greedy")
    page = page_of(client.get(f"/en/budget/{cycle.pk}/results/"))
    assert "The rule used: Most votes first, within the budget" in page
    assert 'id="compare-title"' not in page
    winners = page[page.index('id="winners-title"') : page.index('id="mahallas-title"')]
    assert a.title in winners and b.title in winners and c.title not in winners


def test_results_by_mahalla_table_and_accessible_chart(client, counted):
    cycle, _projects = counted()
    page = page_of(client.get(f"/en/budget/{cycle.pk}/results/"))
    section = page[page.index('id="mahallas-title"') : page.index('id="turnout-title"')]
    assert (
        f'<th scope="row">Navbahor</th><td class="pb-num" data-label="Projects funded">1</td>'
        f'<td class="pb-num" data-label="Money">600{NNBSP}000{NNBSP}000 soum</td>' in section
    )
    assert (
        f'<th scope="row">Istiqlol</th><td class="pb-num" data-label="Projects funded">1</td>'
        f'<td class="pb-num" data-label="Money">400{NNBSP}000{NNBSP}000 soum</td>' in section
    )
    svg = svg_of(section)
    assert svg.get("role") == "img"
    assert svg.get("aria-label").startswith("Funded projects by mahalla: ")
    assert f"Navbahor, 1 project, 600{NNBSP}000{NNBSP}000 soum; Istiqlol, 1 project, 400" in svg.get("aria-label")
    title = svg.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text == svg.get("aria-label")
    assert len(svg.findall("{http://www.w3.org/2000/svg}rect")) == 2


def test_turnout_and_annulled_ballots_with_their_criterion(client, counted):
    cycle, _projects = counted()
    page = page_of(client.get(f"/en/budget/{cycle.pk}/results/"))
    turnout = page[page.index('id="turnout-title"') : page.index('id="data-title"')]
    assert "<dt>People who voted</dt><dd>11" in turnout
    assert re.search(r"11 of (\d+) who could vote \((\d+)%\)", turnout)
    assert "<dt>Ballots counted</dt><dd>10</dd>" in turnout
    assert "<dt>Ballots annulled</dt><dd>1</dd>" in turnout
    assert "ballots cast on " in turnout and "1 ballot</li>" in turnout


def test_downloads_after_publication(client, counted):
    cycle, (a, b, c) = counted()
    page = page_of(client.get(f"/en/budget/{cycle.pk}/results/"))
    assert f'href="/en/budget/{cycle.pk}/results.pb"' in page and f'href="/en/budget/{cycle.pk}/results.csv"' in page
    pb = client.get(f"/en/budget/{cycle.pk}/results.pb")
    assert pb.status_code == 200 and pb["Content-Type"].startswith("text/plain")
    assert pb["Content-Disposition"] == f'attachment; filename="cycle-{cycle.pk}.pb"'
    body = pb.content.decode()
    assert body.startswith("META") and "PROJECTS" in body and "VOTES" in body
    assert body.count("\n") > 10
    response = client.get(f"/en/budget/{cycle.pk}/results.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    funded = {row["title"]: row["funded"] for row in rows}
    assert funded == {a.title: "1", b.title: "0", c.title: "1"}


def test_unknown_cycle_results_are_not_found(client, db, home_page):
    for suffix in ("results/", "results.pb", "results.csv"):
        assert client.get(f"/en/budget/999999/{suffix}").status_code == 404


def test_user_text_is_escaped_on_the_results_page_svg_and_csv(client, counted, tree):
    tree.navbahor.name_uz = f"Navbahor {XSS}"
    tree.navbahor.save()
    # The titles are set before publication: the CSV is written then, as announced.
    cycle, _projects = counted(winner_rule="greedy", title_a=XSS, title_b='=HYPERLINK("http://evil.example")')
    page = page_of(client.get(f"/en/budget/{cycle.pk}/results/"))
    assert XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    svg = svg_of(page)  # parses: nothing in it broke out of the markup
    assert f"Navbahor {XSS}" in svg.get("aria-label")
    assert any(text.text == f"Navbahor {XSS}" for text in svg.iter("{http://www.w3.org/2000/svg}text"))
    rows = list(
        csv.reader(io.StringIO(client.get(f"/en/budget/{cycle.pk}/results.csv").content.decode().lstrip("\ufeff")))
    )
    titles = [row[1] for row in rows[1:]]
    assert XSS in titles  # CSV is not HTML: the cell holds the text exactly, quoted by the writer
    assert '\'=HYPERLINK("http://evil.example")' in titles  # never run as a spreadsheet formula


def test_results_page_query_count_does_not_grow_with_projects(
    client, make_cycle, make_project, resident, manager, tree, django_assert_max_num_queries
):
    def published(total):
        cycle = make_cycle("results", at=timezone.now(), max_choices=total)
        projects = [
            make_project(cycle, cost=10 * M, mahalla=tree.istiqlol if n % 2 else tree.navbahor) for n in range(total)
        ]
        voting = cycle.phases.get(kind="voting")
        for voter_number in range(3):
            chosen = {project.pk: 1 for project in projects[voter_number::2]}
            ballot_cast(cycle, resident(), chosen, now=voting.starts_at + timedelta(hours=1))
        cycle_publish_results(cycle, staff=manager)
        return cycle

    for total in (3, 30):
        cycle = published(total)
        with django_assert_max_num_queries(12):
            page = page_of(client.get(f"/en/budget/{cycle.pk}/results/"))
        assert page.count('href="/en/budget/projects/') == cycle.projects.filter(status=ProjectStatus.SELECTED).count()


def test_the_turnout_is_counted_at_publication_and_read_not_recounted(
    client, counted, resident, django_assert_max_num_queries
):
    """The results page reads the number of people who could vote as stored when the count was
    published: residents who sign up later change neither the page nor what it costs."""
    cycle, _projects = counted()
    eligible = cycle.result.eligible
    assert eligible is not None and eligible >= 11
    url = f"/en/budget/{cycle.pk}/results/"
    client.get(url)  # warm what the first request of a process loads once
    with CaptureQueriesContext(connection) as before:
        page = page_of(client.get(url))
    assert f"11 of {eligible} who could vote" in page
    for _ in range(30):
        resident()
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = page_of(client.get(url))
    assert f"11 of {eligible} who could vote" in page
    assert not any("participation_user" in query["sql"] for query in before.captured_queries)
