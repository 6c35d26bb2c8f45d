"""The voting page without JavaScript: tick, review (total against the limit, every problem,
choices kept), confirm, cast, receipt. And what it says to those who may not vote."""

import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from participation.models import VerificationLevel
from proposals.budgeting.models import Ballot, BallotChoice, Participation, ProjectStatus, SealedBallot
from proposals.budgeting.services import voting
from tests.fixtures.budgeting import open_box

XSS = "<script>alert(1)</script>"
NNBSP = "\u202f"


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def said(message) -> str:
    return escape(str(message))


def checked_ids(page: str) -> set[int]:
    """The projects whose box is ticked in the ballot form."""
    return {int(pk) for pk in re.findall(r'name="project" value="(\d+)" data-cost="\d+" checked', page)}


@pytest.fixture
def ballot(make_cycle, make_project, tree):
    """An approval ballot (at most 3) open now with four projects of 300 million each."""

    def make(**options):
        cycle = make_cycle("voting", at=timezone.now(), **options)
        projects = [
            make_project(
                cycle, title=f"Loyiha {letter}", cost=300_000_000, mahalla=tree.istiqlol if letter == "D" else None
            )
            for letter in "ABCD"
        ]
        return cycle, projects

    return make


@pytest.fixture
def voter(client, resident):
    person = resident()
    client.force_login(person)
    return person


def test_ballot_shows_projects_with_cost_mahalla_and_the_limit(client, ballot, voter):
    cycle, projects = ballot()
    page = page_of(client.get(f"/en/budget/{cycle.pk}/vote/"))
    for project in projects:
        assert f'name="project" value="{project.pk}"' in page
        assert f'<label for="project-{project.pk}">{project.title}</label>' in page
    assert f"300{NNBSP}000{NNBSP}000 soum" in page and "Istiqlol" in page and "Navbahor" in page
    assert "You may choose up to 3 projects." in page
    assert 'name="action" value="review"' in page
    assert 'name="action" value="cast"' not in page  # confirming comes after reviewing


def test_anonymous_visitor_sees_the_projects_and_is_asked_to_sign_in(client, ballot):
    cycle, projects = ballot()
    response = client.get(f"/en/budget/{cycle.pk}/vote/")
    page = page_of(response)
    assert "pbdev" not in response.cookies  # no device cookie for someone only reading
    assert said(voting.SIGN_IN) in page and "Sign in to vote" in page
    assert all(project.title in page for project in projects)
    assert 'name="project"' not in page
    response = client.post(f"/en/budget/{cycle.pk}/vote/", {"project": [projects[0].pk], "action": "cast"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Participation.objects.exists()


def test_device_cookie_is_set_once_http_only(client, ballot, voter):
    cycle, _projects = ballot()
    response = client.get(f"/en/budget/{cycle.pk}/vote/")
    cookie = response.cookies["pbdev"]
    assert len(cookie.value) >= 16 and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] >= 365 * 24 * 3600
    again = client.get(f"/en/budget/{cycle.pk}/vote/")
    assert "pbdev" not in again.cookies  # kept, not replaced


def test_review_over_k_says_so_and_keeps_the_boxes_ticked(client, ballot, voter):
    cycle, projects = ballot()
    chosen = [project.pk for project in projects]
    page = page_of(client.post(f"/en/budget/{cycle.pk}/vote/", {"project": chosen, "action": "review"}))
    assert said(voting.OVER_K % {"count": 4, "limit": 3}) in page
    assert checked_ids(page) == set(chosen)
    assert "Chosen: 4 of at most 3." in page
    assert 'name="action" value="cast"' not in page
    assert not Participation.objects.exists()


def test_review_over_budget_says_so_and_keeps_the_boxes_ticked(client, ballot, voter):
    cycle, projects = ballot(ballot_type="knapsack", budget=800_000_000, max_project_cost=300_000_000)
    chosen = [project.pk for project in projects[:3]]
    page = page_of(client.post(f"/en/budget/{cycle.pk}/vote/", {"project": chosen, "action": "review"}))
    assert "above the budget of" in page
    assert f"Total cost: 900{NNBSP}000{NNBSP}000 soum of the budget of 800{NNBSP}000{NNBSP}000 soum." in page
    assert checked_ids(page) == set(chosen)
    assert 'name="action" value="cast"' not in page


def test_review_of_nothing_asks_to_choose(client, ballot, voter):
    cycle, _projects = ballot()
    page = page_of(client.post(f"/en/budget/{cycle.pk}/vote/", {"action": "review"}))
    assert said(voting.NOTHING_CHOSEN) in page


def test_valid_review_asks_to_confirm_with_the_choices_carried(client, ballot, voter):
    cycle, projects = ballot()
    chosen = [projects[0].pk, projects[2].pk]
    page = page_of(client.post(f"/en/budget/{cycle.pk}/vote/", {"project": chosen, "action": "review"}))
    assert "Chosen: 2 of at most 3." in page and f"600{NNBSP}000{NNBSP}000 soum" in page
    assert "a cast ballot is final" in page
    confirm = page[page.index('class="pb-confirm"') : page.index('name="action" value="cast"')]
    assert {int(pk) for pk in re.findall(r'type="hidden" name="project" value="(\d+)"', confirm)} == set(chosen)
    assert checked_ids(page) == set(chosen)
    assert not Participation.objects.exists()  # nothing recorded before the confirmation


def test_cast_records_one_ballot_and_shows_the_receipt(client, ballot, voter):
    cycle, projects = ballot()
    chosen = [projects[0].pk, projects[2].pk]
    response = client.post(f"/en/budget/{cycle.pk}/vote/", {"project": chosen, "action": "cast"})
    participation = Participation.objects.get()
    assert participation.user == voter
    assert response.status_code == 302
    assert response["Location"] == f"/en/budget/{cycle.pk}/receipt/{participation.receipt_code}/"
    assert participation.device  # the device cookie was made for this cast and its hash kept
    assert response.cookies["pbdev"]["httponly"]
    assert not Ballot.objects.exists() and SealedBallot.objects.count() == 1  # sealed until the count
    open_box(cycle)
    ballot_row = Ballot.objects.get()
    assert set(BallotChoice.objects.filter(ballot=ballot_row).values_list("project_id", flat=True)) == set(chosen)
    page = page_of(client.get(response["Location"]))
    assert participation.receipt_code in page and f"Your ballot in {cycle.title} was recorded on" in page


def test_second_cast_says_already_voted_and_records_nothing(client, ballot, voter):
    cycle, projects = ballot()
    client.post(f"/en/budget/{cycle.pk}/vote/", {"project": [projects[0].pk], "action": "cast"})
    response = client.post(f"/en/budget/{cycle.pk}/vote/", {"project": [projects[1].pk], "action": "cast"}, follow=True)
    assert str(voting.ALREADY_VOTED) in [str(message) for message in response.context["messages"]]
    assert response.redirect_chain[-1][0] == f"/en/budget/{cycle.pk}/"
    assert Participation.objects.count() == 1 and SealedBallot.objects.count() == 1
    open_box(cycle)
    assert BallotChoice.objects.get().project_id == projects[0].pk
    # The ballot page itself now says so instead of offering the form.
    page = page_of(client.get(f"/en/budget/{cycle.pk}/vote/"))
    assert said(voting.ALREADY_VOTED) in page and 'name="project"' not in page


def test_invalid_cast_shows_the_message_and_keeps_the_choices(client, ballot, voter):
    cycle, projects = ballot()
    chosen = [project.pk for project in projects]
    page = page_of(client.post(f"/en/budget/{cycle.pk}/vote/", {"project": chosen, "action": "cast"}))
    assert said(voting.OVER_K % {"count": 4, "limit": 3}) in page
    assert checked_ids(page) == set(chosen)
    assert not Participation.objects.exists() and not Ballot.objects.exists()


def test_a_project_not_on_the_ballot_is_refused(client, ballot, voter, make_project):
    cycle, _projects = ballot()
    hidden = make_project(cycle, status=ProjectStatus.MODERATION)
    page = page_of(client.post(f"/en/budget/{cycle.pk}/vote/", {"project": [hidden.pk, "x"], "action": "cast"}))
    assert said(voting.NOT_ON_BALLOT) in page
    assert not Participation.objects.exists()


@pytest.mark.parametrize("phase", ["review", "results"])
def test_outside_the_voting_phase_the_reason_replaces_the_form(client, make_cycle, make_project, voter, phase):
    cycle = make_cycle(phase, at=timezone.now())
    project = make_project(cycle, title="Ovozga qoʻyilmagan")
    page = page_of(client.get(f"/en/budget/{cycle.pk}/vote/"))
    expected = voting.VOTING_NOT_STARTED if phase == "review" else voting.VOTING_ENDED
    assert said(expected) in page
    assert "Ovozga qoʻyilmagan" in page and 'name="project"' not in page
    page = page_of(client.post(f"/en/budget/{cycle.pk}/vote/", {"project": [project.pk], "action": "cast"}))
    assert said(expected) in page
    assert not Participation.objects.exists()


def test_non_residents_and_unverified_are_told_why(client, ballot, resident, tree):
    cycle, _projects = ballot(verification_level=VerificationLevel.IN_PERSON)
    client.force_login(resident())
    page = page_of(client.get(f"/en/budget/{cycle.pk}/vote/"))
    assert "your account must be verified" in page and 'name="project"' not in page
    other, _projects = ballot()
    client.force_login(resident(tree.duoba))
    page = page_of(client.get(f"/en/budget/{other.pk}/vote/"))
    assert said(voting.NOT_RESIDENT % {"territory": other.territory.name}) in page


def test_points_ballot_works_without_javascript(client, ballot, voter):
    cycle, projects = ballot(ballot_type="cumulative", points_total=10, winner_rule="greedy")
    page = page_of(client.get(f"/en/budget/{cycle.pk}/vote/"))
    assert f'name="points-{projects[0].pk}"' in page and 'type="number"' in page
    over = {f"points-{projects[0].pk}": "8", f"points-{projects[1].pk}": "5", "action": "review"}
    page = page_of(client.post(f"/en/budget/{cycle.pk}/vote/", over))
    assert said(voting.OVER_POINTS % {"used": 13, "total": 10}) in page
    assert f'name="points-{projects[0].pk}" min="0" max="10" step="1" inputmode="numeric" value="8"' in page
    bad = {f"points-{projects[0].pk}": "abc", "action": "review"}
    assert said(voting.POINTS_WHOLE) in page_of(client.post(f"/en/budget/{cycle.pk}/vote/", bad))
    good = {
        f"points-{projects[0].pk}": "6",
        f"points-{projects[1].pk}": "4",
        f"points-{projects[2].pk}": "",
        "action": "cast",
    }
    response = client.post(f"/en/budget/{cycle.pk}/vote/", good)
    assert response.status_code == 302
    open_box(cycle)
    assert dict(BallotChoice.objects.values_list("project_id", "points")) == {projects[0].pk: 6, projects[1].pk: 4}


def test_live_total_script_is_external_and_optional(client, ballot, voter):
    cycle, _projects = ballot()
    page = page_of(client.get(f"/en/budget/{cycle.pk}/vote/"))
    assert '<script src="/static/proposals/budgeting_ballot.js" defer></script>' in page
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None  # no inline script
    assert 'id="ballot-live" aria-live="polite" hidden' in page  # shown only by the script
    assert 'data-live-text="Chosen: {count} of at most 3. Total cost: {total}."' in page
    script = client.get("/static/proposals/budgeting_ballot.js")
    assert script.status_code == 200
    assert b"data-live-text" in b"".join(script.streaming_content)


def test_titles_are_escaped_on_the_ballot(client, make_cycle, make_project, voter):
    cycle = make_cycle("voting", at=timezone.now())
    project = make_project(cycle, title=XSS)
    page = page_of(client.get(f"/en/budget/{cycle.pk}/vote/"))
    assert XSS not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    page = page_of(client.post(f"/en/budget/{cycle.pk}/vote/", {"project": [project.pk], "action": "review"}))
    assert XSS not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_ballot_page_query_count_does_not_grow_with_projects(
    client, make_cycle, make_project, voter, django_assert_max_num_queries
):
    cycle = make_cycle("voting", at=timezone.now(), max_choices=30)
    for total in (3, 30):
        while cycle.projects.count() < total:
            make_project(cycle)
        with django_assert_max_num_queries(14):
            page = page_of(client.get(f"/en/budget/{cycle.pk}/vote/"))
        assert page.count('name="project"') == total
        chosen = list(cycle.projects.values_list("pk", flat=True))
        with django_assert_max_num_queries(15):
            page_of(client.post(f"/en/budget/{cycle.pk}/vote/", {"project": chosen, "action": "review"}))
