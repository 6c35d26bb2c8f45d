"""Public pages of participatory budgeting: the cycles, one cycle, submitting and editing a
project, one project (follow, withdraw, sign-off, report), and the receipt pages.

Cycles are made with their phases around the real clock (``at=timezone.now()``): the pages
read the current phase at request time, as residents see it."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from participation.follows.selectors import is_following
from participation.models import Flag, ReasonCode, StaffRoleKind
from proposals.budgeting.forms import parse_soum
from proposals.budgeting.models import ImplementationStatus, Project, ProjectPhoto, ProjectSignOff, ProjectStatus
from proposals.budgeting.services import projects as project_services
from proposals.budgeting.services.voting import ballot_cast

XSS = "<script>alert(1)</script>"
NNBSP = "\u202f"


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def said(message) -> str:
    """A service's message as it appears in HTML (apostrophes and quotes escaped)."""
    return escape(str(message))


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def now_cycle(make_cycle):
    """A cycle of Yangiqoʻrgʻon in ``phase`` now, on the real clock."""

    def make(phase="voting", **options):
        return make_cycle(phase, at=timezone.now(), **options)

    return make


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(name="photo.png", size=(8, 6), image_format="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 75)).save(buffer, format=image_format)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


# --- the list of cycles -----------------------------------------------------------------------


def test_cycles_list_shows_territory_phase_budget_and_published_projects(client, now_cycle, make_project, tree):
    cycle = now_cycle("voting", budget=1_200_000_000, title="Yangiqoʻrgʻon 2026")
    make_project(cycle)
    make_project(cycle, status=ProjectStatus.NOT_FEASIBLE)
    make_project(cycle, status=ProjectStatus.MODERATION)  # not published: not counted
    now_cycle("submission", territory=tree.zomin, title="Zomin 2026")
    page = page_of(client.get("/en/budget/"))
    assert "Yangiqoʻrgʻon 2026" in page and "Zomin 2026" in page
    assert "Yangiqoʻrgʻon tumani" in page and "Zomin tumani" in page
    assert f"1{NNBSP}200{NNBSP}000{NNBSP}000 soum" in page
    assert "Voting" in page and "Project submission" in page
    # Two published projects here (the one in moderation is not counted), none in Zomin.
    assert "<dt>Projects</dt><dd>2</dd>" in page and "<dt>Projects</dt><dd>0</dd>" in page
    assert f'href="/en/budget/{cycle.pk}/"' in page


def test_site_navigation_links_to_the_budget(client, db, home_page):
    page = page_of(client.get("/en/budget/"))
    assert '<a href="/en/budget/">Budget</a>' in page


def test_cycles_list_query_count_stays_the_same(client, now_cycle, tree, django_assert_max_num_queries):
    for grow in (2, 12):
        while len(client.get("/en/budget/").context["rows"]) < grow:
            now_cycle("voting")
        with django_assert_max_num_queries(6):
            page_of(client.get("/en/budget/"))


# --- one cycle ----------------------------------------------------------------------------------


def test_cycle_page_explains_ballot_and_rule_before_voting_and_marks_the_phase(client, now_cycle, make_project):
    cycle = now_cycle("submission", winner_rule="mes-add1", max_choices=4, max_project_cost=300_000_000)
    page = page_of(client.get(f"/en/budget/{cycle.pk}/"))
    assert f"1{NNBSP}000{NNBSP}000{NNBSP}000 soum" in page
    assert f"300{NNBSP}000{NNBSP}000 soum" in page
    assert "You may choose up to 4 projects." in page
    assert "Method of Equal Shares." in page and "share is raised a little" in page
    assert "comes first in alphabetical order" in page  # tie-breaking, documented to voters
    # The current phase is named in words, not only by colour.
    current = re.search(
        r'<li class="pb-phase-current" aria-current="step">\s*<strong>([^<]+)</strong> — <strong>now</strong>', page
    )
    assert current and current.group(1) == "Project submission"
    assert page.count("<time datetime=") >= 10  # five phases, start and end
    assert f'href="/en/budget/{cycle.pk}/vote/"' not in page


def test_cycle_page_explains_knapsack_and_greedy(client, now_cycle):
    cycle = now_cycle("voting", ballot_type="knapsack", winner_rule="greedy")
    page = page_of(client.get(f"/en/budget/{cycle.pk}/"))
    assert "whose costs add up to no more than the budget" in page
    assert "Most votes first, within the budget." in page
    assert f'href="/en/budget/{cycle.pk}/vote/"' in page


def test_cycle_page_explains_points(client, now_cycle):
    cycle = now_cycle("voting", ballot_type="cumulative", points_total=10, min_choices=3)
    page = page_of(client.get(f"/en/budget/{cycle.pk}/"))
    assert "You share 10 points among the projects you support" in page
    assert "Choose at least 3 projects." in page


def test_cycle_page_shows_public_notes_of_extensions(client, now_cycle, make_staff, tree):
    cycle = now_cycle("voting")
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    from proposals.budgeting.services.cycles import phase_extend

    voting = cycle.phases.get(kind="voting")
    phase_extend(voting, new_ends_at=voting.ends_at + timedelta(days=2), note="Elektr uzilishi sababli.", staff=manager)
    page = page_of(client.get(f"/en/budget/{cycle.pk}/"))
    assert "Elektr uzilishi sababli." in page and "Extended on" in page


def test_cycle_page_lists_published_projects_with_cost_and_filters(client, now_cycle, make_project, tree):
    from proposals.budgeting.models import PBCategory

    cycle = now_cycle("voting")
    road = make_project(cycle, title="Navbahor yoʻli", cost=150_000_000)
    school = make_project(
        cycle,
        title="Istiqlol maktabi",
        mahalla=tree.istiqlol,
        category=PBCategory.objects.get(slug="schools"),
        status=ProjectStatus.NOT_FEASIBLE,
    )
    make_project(cycle, title="Moderatsiyadagi loyiha", status=ProjectStatus.MODERATION)
    make_project(cycle, title="Qaytarib olingan loyiha", status=ProjectStatus.WITHDRAWN)
    page = page_of(client.get(f"/en/budget/{cycle.pk}/"))
    assert road.title in page and school.title in page
    assert "Moderatsiyadagi loyiha" not in page and "Qaytarib olingan loyiha" not in page
    assert f"150{NNBSP}000{NNBSP}000 soum" in page
    assert "Feasible, on the ballot" in page and "Not feasible" in page
    assert "2 projects" in page

    by_mahalla = page_of(client.get(f"/en/budget/{cycle.pk}/?mahalla={tree.istiqlol.pk}"))
    assert school.title in by_mahalla and road.title not in by_mahalla
    assert f'<option value="{tree.istiqlol.pk}" selected>' in by_mahalla
    by_category = page_of(client.get(f"/en/budget/{cycle.pk}/?category={road.category_id}"))
    assert road.title in by_category and school.title not in by_category
    by_status = page_of(client.get(f"/en/budget/{cycle.pk}/?status=not_feasible"))
    assert school.title in by_status and road.title not in by_status
    # A hand-typed URL with bad values loses those filters, never the page.
    broken = page_of(client.get(f"/en/budget/{cycle.pk}/?mahalla=abc&category=999999&status=%3Cscript%3E"))
    assert road.title in broken and school.title in broken and "<script>" not in broken


def test_cycle_page_offers_submitting_only_when_the_phase_allows(client, now_cycle, resident, tree):
    open_cycle = now_cycle("submission")
    page = page_of(client.get(f"/en/budget/{open_cycle.pk}/"))
    assert "Sign in to submit a project" in page
    client.force_login(resident())
    page = page_of(client.get(f"/en/budget/{open_cycle.pk}/"))
    assert f'href="/en/budget/{open_cycle.pk}/submit/">Submit a project' in page
    # A resident of another district sees why not, instead of the link.
    client.force_login(resident(tree.duoba))
    page = page_of(client.get(f"/en/budget/{open_cycle.pk}/"))
    assert said(project_services.SUBMIT_NOT_RESIDENT) in page
    assert f"/en/budget/{open_cycle.pk}/submit/" not in page
    voting = now_cycle("voting")
    page = page_of(client.get(f"/en/budget/{voting.pk}/"))
    assert f"/en/budget/{voting.pk}/submit/" not in page


def test_unknown_cycle_is_not_found(client, db, home_page):
    assert client.get("/en/budget/999999/").status_code == 404


def test_cycle_page_query_count_does_not_grow_with_projects(
    client, now_cycle, make_project, resident, django_assert_max_num_queries
):
    cycle = now_cycle("submission")
    client.force_login(resident())

    def add_projects(total):
        while Project.objects.filter(cycle=cycle).count() < total:
            project = make_project(cycle)
            ProjectPhoto.objects.create(project=project, image="pb/projects/x.jpg", created_at=timezone.now())

    for total in (3, 30):
        add_projects(total)
        with django_assert_max_num_queries(17):
            response = client.get(f"/en/budget/{cycle.pk}/")
        assert page_of(response).count('class="pb-thumb"') == min(total, 20)


# --- submitting -----------------------------------------------------------------------------------


def form_data(tree, **changes):
    from proposals.budgeting.models import PBCategory

    data = {
        "title": "Navbahor bolalar maydonchasi",
        "description": "Mahalla markazida bolalar maydonchasi qurish, 300 bola uchun.",
        "category": PBCategory.objects.get(slug="roads").pk,
        "mahalla": tree.navbahor.pk,
        "estimated_cost": "120 000 000",
    }
    data.update(changes)
    return data


def test_submit_needs_sign_in(client, now_cycle):
    cycle = now_cycle("submission")
    response = client.get(f"/en/budget/{cycle.pk}/submit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_submit_a_project_with_spaces_in_the_cost_and_photos(client, now_cycle, resident, tree, media):
    cycle = now_cycle("submission")
    author = resident()
    client.force_login(author)
    page = page_of(client.get(f"/en/budget/{cycle.pk}/submit/"))
    assert 'enctype="multipart/form-data"' in page and 'name="photos"' in page and "multiple" in page
    data = form_data(tree, estimated_cost=f"120 000{NNBSP}000", photos=[png(), png("joy.jpg", image_format="JPEG")])
    response = client.post(f"/en/budget/{cycle.pk}/submit/", data)
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/budget/projects/{project.pk}/"
    assert project.author == author and project.estimated_cost == 120_000_000
    assert project.status == ProjectStatus.MODERATION
    assert project.photos.count() == 2
    # The author sees it in moderation; nobody else does.
    page = page_of(client.get(response["Location"]))
    assert "A moderator is checking this project." in page
    client.logout()
    assert client.get(f"/en/budget/projects/{project.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, project_services.TITLE_REQUIRED),
        ({"estimated_cost": "abc"}, project_services.COST_POSITIVE),
        ({"estimated_cost": "12.5"}, project_services.COST_POSITIVE),
        ({"estimated_cost": "0"}, project_services.COST_POSITIVE),
        # Formatted in the test, in the page's language: at import it would be the default's.
        ({"estimated_cost": "500 000 000"}, lambda: project_services.COST_OVER_MAX % {"max": "400 000 000"}),
    ],
)
def test_submit_bad_input_keeps_what_was_typed_and_saves_nothing(client, now_cycle, resident, tree, changes, message):
    cycle = now_cycle("submission")
    client.force_login(resident())
    data = form_data(tree, description="Bizning matnimiz saqlanib qolsin.", **changes)
    response = client.post(f"/en/budget/{cycle.pk}/submit/", data)
    page = page_of(response)
    assert said(message() if callable(message) else message) in page
    assert "Bizning matnimiz saqlanib qolsin." in page
    if changes.get("estimated_cost"):
        assert f'value="{changes["estimated_cost"]}"' in page
    assert f'<option value="{tree.navbahor.pk}" selected>' in page
    assert not Project.objects.exists()


def test_cost_over_the_maximum_names_the_maximum(client, now_cycle, resident, tree):
    cycle = now_cycle("submission", max_project_cost=300_000_000)
    client.force_login(resident())
    page = page_of(client.post(f"/en/budget/{cycle.pk}/submit/", form_data(tree, estimated_cost="300 000 001")))
    assert said(project_services.COST_OVER_MAX % {"max": "300 000 000"}) in page
    assert not Project.objects.exists()


def test_photos_must_really_be_small_jpeg_png_or_webp(client, now_cycle, resident, tree, media):
    cycle = now_cycle("submission")
    client.force_login(resident())
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    page = page_of(client.post(f"/en/budget/{cycle.pk}/submit/", form_data(tree, photos=[fake])))
    assert "is not a JPEG, PNG or WebP photo" in page
    gif = png("anim.gif", image_format="GIF")
    page = page_of(client.post(f"/en/budget/{cycle.pk}/submit/", form_data(tree, photos=[gif])))
    assert "“anim.gif” is not a JPEG, PNG or WebP photo" in page
    page = page_of(
        client.post(f"/en/budget/{cycle.pk}/submit/", form_data(tree, photos=[png(f"{n}.png") for n in range(6)]))
    )
    assert "At most 5 photos." in page
    assert not Project.objects.exists()


def test_photo_over_5_mb_is_refused(client, now_cycle, resident, tree, media, monkeypatch):
    from proposals.budgeting import forms as pb_forms

    monkeypatch.setattr(pb_forms, "PHOTO_MAX_BYTES", 100)
    cycle = now_cycle("submission")
    client.force_login(resident())
    big = png("big.png", size=(64, 64))
    page = page_of(client.post(f"/en/budget/{cycle.pk}/submit/", form_data(tree, photos=[big])))
    assert "“big.png” is larger than 5 MB" in page
    assert not Project.objects.exists()


def test_outside_the_submission_phase_the_form_is_replaced_by_the_reason(client, now_cycle, resident, tree):
    cycle = now_cycle("voting")
    client.force_login(resident())
    page = page_of(client.get(f"/en/budget/{cycle.pk}/submit/"))
    assert said(project_services.SUBMIT_CLOSED) in page
    assert 'name="title"' not in page
    # A form posted anyway (the phase closed while typing) keeps the text and saves nothing.
    page = page_of(client.post(f"/en/budget/{cycle.pk}/submit/", form_data(tree)))
    assert said(project_services.SUBMIT_CLOSED) in page
    assert 'value="Navbahor bolalar maydonchasi"' in page
    assert not Project.objects.exists()


def test_non_resident_is_told_why_on_the_form(client, now_cycle, resident, tree):
    cycle = now_cycle("submission")
    client.force_login(resident(tree.duoba))
    page = page_of(client.get(f"/en/budget/{cycle.pk}/submit/"))
    assert said(project_services.SUBMIT_NOT_RESIDENT) in page and 'name="title"' not in page


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1200000", 1_200_000),
        ("1 200 000", 1_200_000),
        (f"1{NNBSP}200{NNBSP}000", 1_200_000),
        ("1\u00a0200\u00a0000", 1_200_000),
        ("1,200,000", 1_200_000),
        ("1.200.000", 1_200_000),
        ("abc", None),
        ("12,5", None),
        ("-5", None),
        ("١٢", None),
        ("", None),
    ],
)
def test_costs_are_read_as_people_type_them(typed, amount):
    assert parse_soum(typed) == amount


# --- editing ----------------------------------------------------------------------------------------


def test_author_edits_the_project_in_the_submission_phase(client, now_cycle, make_project, resident, tree):
    cycle = now_cycle("submission")
    author = resident()
    project = make_project(cycle, author=author, status=ProjectStatus.MODERATION, cost=90_000_000)
    client.force_login(author)
    page = page_of(client.get(f"/en/budget/projects/{project.pk}/"))
    assert f'href="/en/budget/projects/{project.pk}/edit/"' in page
    page = page_of(client.get(f"/en/budget/projects/{project.pk}/edit/"))
    assert f'value="90{NNBSP}000{NNBSP}000"' in page
    response = client.post(
        f"/en/budget/projects/{project.pk}/edit/", form_data(tree, title="Yangi nom", estimated_cost="95 000 000")
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Yangi nom" and project.estimated_cost == 95_000_000


def test_only_the_author_edits_and_only_while_allowed(client, now_cycle, make_project, resident, tree):
    cycle = now_cycle("voting")
    author = resident()
    project = make_project(cycle, author=author)
    client.force_login(resident())
    assert client.get(f"/en/budget/projects/{project.pk}/edit/").status_code == 403
    client.force_login(author)
    page = page_of(client.get(f"/en/budget/projects/{project.pk}/edit/"))
    assert said(project_services.EDIT_NOT_ALLOWED) in page and 'name="title"' not in page
    page = page_of(client.post(f"/en/budget/projects/{project.pk}/edit/", form_data(tree, title="Boshqa nom")))
    assert said(project_services.EDIT_NOT_ALLOWED) in page
    project.refresh_from_db()
    assert project.title != "Boshqa nom"


# --- one project -----------------------------------------------------------------------------------


def test_project_page_shows_costs_status_and_feasibility_reason(client, now_cycle, make_project, resident):
    cycle = now_cycle("voting")
    feasible = make_project(cycle, cost=80_000_000)
    feasible.estimated_cost = 70_000_000
    feasible.save()
    page = page_of(client.get(f"/en/budget/projects/{feasible.pk}/"))
    assert f"70{NNBSP}000{NNBSP}000 soum" in page and f"80{NNBSP}000{NNBSP}000 soum" in page
    assert "Feasible, on the ballot" in page and "Navbahor" in page
    refused = make_project(cycle, status=ProjectStatus.NOT_FEASIBLE)
    refused.feasibility_note = "Yer maydoni xususiy mulk."
    refused.save()
    client.force_login(resident())
    page = page_of(client.get(f"/en/budget/projects/{refused.pk}/"))
    assert "Why it cannot be done" in page and "Yer maydoni xususiy mulk." in page
    assert "Follow this project" in page and "Report this project to the moderators" in page


@pytest.mark.parametrize("status", [ProjectStatus.MODERATION, ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN])
def test_unpublished_projects_are_not_found_for_others(client, now_cycle, make_project, resident, status):
    cycle = now_cycle("submission")
    author = resident()
    project = make_project(cycle, status=status, author=author)
    assert client.get(f"/en/budget/projects/{project.pk}/").status_code == 404
    client.force_login(resident())
    assert client.get(f"/en/budget/projects/{project.pk}/").status_code == 404
    client.force_login(author)
    assert client.get(f"/en/budget/projects/{project.pk}/").status_code == 200


def test_follow_and_unfollow(client, now_cycle, make_project, resident):
    cycle = now_cycle("voting")
    project = make_project(cycle)
    person = resident()
    response = client.post(f"/en/budget/projects/{project.pk}/follow/", {"follow": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(person)
    response = client.post(f"/en/budget/projects/{project.pk}/follow/", {"follow": "1"}, follow=True)
    assert is_following(project, person)
    assert "Stop following this project" in page_of(response)
    client.post(f"/en/budget/projects/{project.pk}/follow/", {"follow": "0"})
    assert not is_following(project, person)
    assert client.get(f"/en/budget/projects/{project.pk}/follow/").status_code == 405


def test_author_withdraws_before_voting(client, now_cycle, make_project, resident):
    cycle = now_cycle("review")
    author = resident()
    project = make_project(cycle, author=author, status=ProjectStatus.REVIEW)
    client.force_login(author)
    assert "Withdraw the project" in page_of(client.get(f"/en/budget/projects/{project.pk}/"))
    response = client.post(f"/en/budget/projects/{project.pk}/withdraw/", follow=True)
    assert "The project is withdrawn." in messages_of(response)
    project.refresh_from_db()
    assert project.status == ProjectStatus.WITHDRAWN


def test_withdrawal_after_voting_started_is_refused(client, now_cycle, make_project, resident):
    cycle = now_cycle("voting")
    author = resident()
    project = make_project(cycle, author=author)
    client.force_login(author)
    assert "Withdraw the project" not in page_of(client.get(f"/en/budget/projects/{project.pk}/"))
    response = client.post(f"/en/budget/projects/{project.pk}/withdraw/", follow=True)
    assert str(project_services.WITHDRAW_NOT_ALLOWED) in messages_of(response)
    project.refresh_from_db()
    assert project.status == ProjectStatus.FEASIBLE


def test_winner_shows_implementation_and_initiator_and_chair_sign_off(
    client, now_cycle, make_project, resident, make_staff, tree, media
):
    cycle = now_cycle("implementation")
    author = resident()
    project = make_project(cycle, author=author, status=ProjectStatus.SELECTED)
    responder = make_staff(StaffRoleKind.RESPONDER, tree.yangiqorgon)
    project_services.project_report_progress(
        project,
        staff=responder,
        text="Asfalt yotqizildi.",
        status=ImplementationStatus.DONE,
        progress=100,
        photos=[png()],
    )
    page = page_of(client.get(f"/en/budget/projects/{project.pk}/"))
    assert "Asfalt yotqizildi." in page and "Done, 100%" in page
    assert '<progress max="100" value="100"' in page
    assert "Photo of the work" in page
    assert "Nobody yet." in page
    assert "Confirm completion as" not in page

    client.force_login(author)
    page = page_of(client.get(f"/en/budget/projects/{project.pk}/"))
    assert "Confirm completion as: Initiator of the project" in page
    assert "Confirm completion as: Mahalla chair" not in page
    response = client.post(
        f"/en/budget/projects/{project.pk}/sign-off/",
        {"signoff-role": "initiator", "signoff-note": "Hammasi yaxshi."},
        follow=True,
    )
    assert "Thank you: your confirmation of completion is recorded." in messages_of(response)
    # Only the initiator's own role: claiming the chair's is refused and records nothing.
    response = client.post(f"/en/budget/projects/{project.pk}/sign-off/", {"signoff-role": "chair"}, follow=True)
    assert str(project_services.SIGN_OFF_NOT_ALLOWED) in messages_of(response)

    chair = make_staff(StaffRoleKind.MANAGER, tree.navbahor)
    client.force_login(chair)
    page = page_of(client.get(f"/en/budget/projects/{project.pk}/"))
    assert "Confirm completion as: Mahalla chair" in page
    client.post(f"/en/budget/projects/{project.pk}/sign-off/", {"signoff-role": "chair"})
    assert set(ProjectSignOff.objects.filter(project=project).values_list("role", flat=True)) == {"initiator", "chair"}
    page = page_of(client.get(f"/en/budget/projects/{project.pk}/"))
    assert "Initiator of the project —" in page and "Mahalla chair —" in page and "Hammasi yaxshi." in page


def test_report_a_project_to_the_moderators(client, now_cycle, make_project, resident):
    cycle = now_cycle("voting")
    project = make_project(cycle)
    client.force_login(resident())
    reason = ReasonCode.objects.filter(for_flags=True, is_active=True).first()
    response = client.post(
        f"/en/budget/projects/{project.pk}/flag/",
        {"flag-reason": reason.pk, "flag-text": "Bu loyiha takrorlangan."},
        follow=True,
    )
    assert "Thank you. The moderators will look at it." in messages_of(response)
    assert Flag.objects.filter(object_id=project.pk, reason=reason).count() == 1
    # A missing reason brings the form back with what was typed.
    page = page_of(client.post(f"/en/budget/projects/{project.pk}/flag/", {"flag-text": "Matn qolsin."}))
    assert "Matn qolsin." in page and '<details class="petition-flag" open>' in page


def test_titles_are_escaped_on_the_cycle_and_project_pages(client, now_cycle, make_project, resident):
    cycle = now_cycle("voting", title=f"Sikl {XSS}")
    project = make_project(cycle, title=XSS)
    project.description = f"Tavsif {XSS}"
    project.save()
    for address in ("/en/budget/", f"/en/budget/{cycle.pk}/", f"/en/budget/projects/{project.pk}/"):
        page = page_of(client.get(address))
        assert XSS not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- receipts ------------------------------------------------------------------------------------


def test_receipt_shows_cycle_and_day_only_and_is_checkable(client, now_cycle, make_project, resident):
    cycle = now_cycle("voting")
    project = make_project(cycle, title="Suv quvuri")
    participation = ballot_cast(cycle, resident(), {project.pk: 1})
    code = participation.receipt_code
    # Anyone with the code sees it: the code is the secret, not the session.
    response = client.get(f"/en/budget/{cycle.pk}/receipt/{code}/")
    page = page_of(response)
    assert f"Your ballot in {cycle.title} was recorded on" in page
    assert code in page and "It proves you took part; it does not show your choices." in page
    assert "Suv quvuri" not in page
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in page
    assert client.get(f"/en/budget/{cycle.pk}/receipt/WRONGCODE2/").status_code == 404
    other = now_cycle("voting")
    assert client.get(f"/en/budget/{other.pk}/receipt/{code}/").status_code == 404

    spaced = f"{code[:5].lower()} {code[5:]}"
    page = page_of(client.get("/en/budget/receipt/", {"code": spaced}))
    assert f"This code belongs to a ballot recorded in {cycle.title} on" in page
    page = page_of(client.get("/en/budget/receipt/", {"code": "NOPE"}))
    assert "No ballot has this code." in page
    page = page_of(client.get("/en/budget/receipt/"))
    assert 'name="code"' in page and "No ballot has this code." not in page


@pytest.mark.parametrize("language", ["uz", "uz-cyrl", "kaa", "ru", "en"])
def test_every_page_renders_in_every_language(client, now_cycle, make_project, resident, language):
    cycle = now_cycle("voting")
    project = make_project(cycle, title="Navbahor yoʻli")
    client.force_login(resident())
    for address in (
        "",
        f"{cycle.pk}/",
        f"{cycle.pk}/vote/",
        f"projects/{project.pk}/",
        f"{cycle.pk}/results/",
        "receipt/",
    ):
        response = client.get(f"/{language}/budget/{address}")
        assert response.status_code == 200, (language, address)
        assert '<html lang="' in response.content.decode()
    page = page_of(client.get(f"/{language}/budget/{cycle.pk}/"))
    assert f'href="/{language}/budget/projects/{project.pk}/"' in page


def test_cycle_page_breadcrumbs_end_with_the_cycle(client, now_cycle):
    cycle = now_cycle("voting")
    page = page_of(client.get(f"/en/budget/{cycle.pk}/"))
    assert f'<li aria-current="page">{cycle.title}</li>' in page
