"""A budget season in Yangiqoʻrgʻon as the people in it live it, on a small phone, every page
checked with axe: a resident submits a project; the moderator publishes it and a responder
marks it feasible in the admin; the manager opens voting early with a public note; residents
vote (one without JavaScript, one is refused for going over K first, one tries to vote twice);
the manager opens the results phase and publishes the count; the results page shows the
Method of Equal Shares beside greedy; the exported .pb, recomputed with pabutools, gives the
same winners; the responder reports the winner done and the initiator and the mahalla chair
confirm it.
"""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from participation.models import ModerationItem, ModerationOutcome, StaffRoleKind
from participation.moderation.services import moderation_decide
from proposals.budgeting.models import (
    Ballot,
    Cycle,
    Participation,
    Project,
    ProjectSignOff,
    ProjectStatus,
    SealedBallot,
)
from proposals.budgeting.services import voting as pb_voting
from tests.fixtures.browser import SETTLE, SMALL_PHONE, assert_accessible, assert_fits_small_phone, submit
from tests.fixtures.pabutools import pabutools_winners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "sinov-parol-2026"
TITLE = "Istiqlol: bolalar bogʻchasiga issiq suv"
DESCRIPTION = "Bogʻchada qishda issiq suv yoʻq: 2 ta suv isitgich va quvurlarni almashtirish kerak."


def said(message, **values) -> str:
    with translation.override("uz"):
        text = str(message)
        return text % values if values else text


def check(page):
    page.wait_for_load_state()
    page.evaluate(SETTLE)
    assert_fits_small_phone(page)
    assert_accessible(page)


def signed_in(browser, base, user, path, *, javascript=True):
    page = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript).new_page()
    page.goto(f"{base}/uz/accounts/login/?next={quote(path)}")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page.locator("main form button[type=submit]"))
    assert page.url == f"{base}{path}", page.url
    return page


def admin_page(browser, base, user, path):
    page = browser.new_context(viewport=SMALL_PHONE).new_page()
    page.goto(f"{base}/admin/login/?next={quote(path)}")  # leads to allauth's login
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page.locator("main form button[type=submit]"))
    assert page.url == f"{base}{path}", page.url
    return page


@pytest.fixture
def season(tree, make_cycle, make_project, resident, make_staff):
    """A cycle of Yangiqoʻrgʻon now in its submission phase (K = 2), with three projects already
    feasible; the people of the walk."""
    now = timezone.now()
    cycle = make_cycle(
        "submission",
        at=now,
        budget=500_000_000,
        max_project_cost=300_000_000,
        max_choices=2,
        winner_rule="mes-add1",
        title="Ochiq budjet: sinov mavsumi",
    )

    def person(mahalla, name):
        return resident(mahalla=mahalla, password=PASSWORD, full_name=name)

    class Season:
        pass

    season = Season()
    season.cycle = cycle
    season.big = make_project(cycle, cost=300_000_000, mahalla=tree.navbahor, title="Navbahor: katta yoʻl")
    season.mid = make_project(cycle, cost=200_000_000, mahalla=tree.navbahor, title="Navbahor: maktab tomi")
    season.small = make_project(cycle, cost=150_000_000, mahalla=tree.istiqlol, title="Istiqlol: yoritish")
    season.author = person(tree.istiqlol, "Malika Istiqlolova")
    season.voters = [person(tree.navbahor, f"Navbahorlik {n}") for n in range(3)]
    season.moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon, password=PASSWORD)
    season.responder = make_staff(StaffRoleKind.RESPONDER, tree.yangiqorgon, password=PASSWORD)
    season.manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon, password=PASSWORD)
    season.chair = make_staff(StaffRoleKind.MANAGER, tree.istiqlol, password=PASSWORD)
    return season


def start_next_phase(browser, base, season, note):
    page = admin_page(browser, base, season.manager, reverse("budgeting_admin:cycle", args=[season.cycle.pk]))
    check(page)
    page.locator("textarea[name=advance-note]").fill(note)
    submit(page.locator("form.pb-advance button[type=submit]"))
    page.context.close()


def vote(browser, base, voter, cycle, picks, *, javascript=True):
    path = reverse("budgeting:vote", args=[cycle.pk]).replace("/en/", "/uz/")
    page = signed_in(browser, base, voter, path, javascript=javascript)
    if javascript:
        check(page)
    for project in picks:
        page.locator(f"#project-{project.pk}").check()
    submit(page.locator("form.pb-ballot button[name=action][value=review]"))
    return page


def test_a_budget_season_end_to_end(live_server, browser, season, tree):
    base = live_server.url
    cycle = season.cycle

    # 1. A resident of Istiqlol submits a project.
    page = signed_in(browser, base, season.author, f"/uz/budget/{cycle.pk}/")
    check(page)
    submit(page.locator(f"main a[href$='/budget/{cycle.pk}/submit/']").first)
    check(page)
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=description]").fill(DESCRIPTION)
    page.locator("select[name=category]").select_option(label=said("Bolalar bogʻchalari"))
    page.locator("select[name=mahalla]").select_option(label="Istiqlol")
    page.locator("input[name=estimated_cost]").fill("120 000 000")
    submit(page.locator("main form button[type=submit]"))
    project = Project.objects.get(title=TITLE)
    assert (project.status, project.estimated_cost, project.mahalla) == (
        ProjectStatus.MODERATION,
        120_000_000,
        tree.istiqlol,
    )
    assert page.url == f"{base}/uz/budget/projects/{project.pk}/"
    check(page)
    page.context.close()

    # 2. The moderator publishes it (the queue has its own walk); a responder marks it feasible.
    item = ModerationItem.objects.get(object_id=project.pk, content_type__model="project")
    moderation_decide(item=item, moderator=season.moderator, outcome=ModerationOutcome.APPROVE)
    page = admin_page(browser, base, season.responder, reverse("budgeting_admin:project", args=[project.pk]))
    check(page)
    page.locator("input[name=feasibility-verdict][value=yes]").check()
    page.locator("input[name=feasibility-staff_cost]").fill("110 000 000")
    submit(page.locator("form:has(input[name=feasibility-verdict]) button[type=submit]"))
    project.refresh_from_db()
    assert (project.status, project.staff_cost) == (ProjectStatus.FEASIBLE, 110_000_000)
    page.context.close()

    # 3. The manager starts the review, then voting, early, each with a public note.
    start_next_phase(browser, base, season, "Takliflar qabul qilindi.")
    start_next_phase(browser, base, season, "Barcha loyihalar koʻrib chiqildi, ovoz berish boshlandi.")
    page = browser.new_context(viewport=SMALL_PHONE).new_page()
    page.goto(f"{base}/uz/budget/{cycle.pk}/")
    assert "ovoz berish boshlandi" in page.locator("main").inner_text()
    check(page)
    page.context.close()

    # 4. Voting. The first voter ticks three (K is 2), is told, fixes it and casts.
    first, second, third = season.voters
    page = vote(browser, base, first, cycle, [season.big, season.mid, season.small])
    assert "3" in page.locator(".pb-check .errorlist").inner_text()
    assert page.locator(f"#project-{season.big.pk}").is_checked()  # choices kept
    check(page)
    page.locator(f"#project-{season.small.pk}").uncheck()
    submit(page.locator("form.pb-ballot button[name=action][value=review]"))
    check(page)
    submit(page.locator("form button[name=action][value=cast]"))
    receipt = Participation.objects.get(user=first).receipt_code
    assert receipt in page.locator("main").inner_text()
    check(page)
    # A second try, from the same browser: refused, nothing recorded.
    page.goto(f"{base}/uz/budget/{cycle.pk}/vote/")
    assert said(pb_voting.ALREADY_VOTED) in page.locator("main").inner_text()
    page.context.close()
    # The second votes without JavaScript; the third picks the two Istiqlol projects.
    page = vote(browser, base, second, cycle, [season.big, season.mid], javascript=False)
    assert_fits_small_phone(page)
    submit(page.locator("form button[name=action][value=cast]"))
    page.context.close()
    page = vote(browser, base, third, cycle, [season.small, project])
    submit(page.locator("form button[name=action][value=cast]"))
    page.context.close()
    # Three people took part; their ballots stay sealed until the count opens them together.
    assert Participation.objects.filter(cycle=cycle).count() == SealedBallot.objects.filter(cycle=cycle).count() == 3
    assert not Ballot.objects.filter(cycle=cycle).exists()

    # 5. Results: the manager opens the results phase and publishes the count.
    start_next_phase(browser, base, season, "Ovoz berish yakunlandi.")
    page = admin_page(browser, base, season.manager, reverse("budgeting_admin:cycle", args=[cycle.pk]))
    submit(page.locator("form:has(input[name=action][value=publish]) button[type=submit]"))
    cycle = Cycle.objects.get(pk=cycle.pk)
    assert cycle.results_published_at is not None
    assert Ballot.objects.filter(cycle=cycle).count() == 3 and not SealedBallot.objects.filter(cycle=cycle).exists()
    page.context.close()

    page = browser.new_context(viewport=SMALL_PHONE).new_page()
    page.goto(f"{base}/uz/budget/{cycle.pk}/results/")
    check(page)
    text = page.locator("main").inner_text()
    winners = list(Project.objects.filter(pk__in=cycle.result.selected))
    greedy = list(Project.objects.filter(pk__in=cycle.result.greedy_selected))
    for funded in winners + greedy:
        assert funded.title in text
    assert set(cycle.result.selected) != set(cycle.result.greedy_selected)  # the walk's votes make them differ
    assert page.locator("svg[role=img]").count() >= 1

    # 6. Anyone recomputes the exported file with pabutools and gets the same winners.
    exported = page.request.get(f"{base}/uz/budget/{cycle.pk}/results.pb")
    assert exported.ok
    assert pabutools_winners(exported.text(), "mes-add1") == {str(p.pk) for p in winners}
    page.context.close()

    # 7. A winner is built: the responder reports it done; initiator and chair confirm.
    winner = next(p for p in winners if p.author_id is not None and p.mahalla == tree.istiqlol)
    page = admin_page(browser, base, season.responder, reverse("budgeting_admin:project", args=[winner.pk]))
    check(page)
    page.locator("select[name=progress-status]").select_option("done")
    page.locator("input[name=progress-progress]").fill("100")
    page.locator("textarea[name=progress-text]").fill("Ishlar yakunlandi.")
    submit(page.locator("form:has(textarea[name=progress-text]) button[type=submit]"))
    winner.refresh_from_db()
    assert (winner.implementation_status, winner.progress) == ("done", 100)
    page.context.close()
    for person in (winner.author, season.chair):
        person.set_password(PASSWORD)
        person.save()
        page = signed_in(browser, base, person, f"/uz/budget/projects/{winner.pk}/")
        check(page)
        submit(page.locator("form[action$='/sign-off/'] button[type=submit]"))
        check(page)
        page.context.close()
    assert set(ProjectSignOff.objects.filter(project=winner).values_list("role", flat=True)) == {"initiator", "chair"}
    assert re.search(r"100\s*%", browser_text(browser, f"{base}/uz/budget/projects/{winner.pk}/"))


def browser_text(browser, url) -> str:
    page = browser.new_context(viewport=SMALL_PHONE).new_page()
    page.goto(url)
    text = page.locator("main").inner_text()
    page.context.close()
    return text
