"""Participatory budgeting in the Wagtail admin: who reaches which screen and button, creating a
cycle (and refusing bad input with nothing saved), feasibility with its audit entry, extending
a phase, annulling ballots exactly as previewed, publishing, implementation updates, project
categories, escaping, and query budgets that hold as rows grow."""

import itertools
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from participation.models import StaffRoleKind
from proposals.budgeting.admin_views import COUNT_CHANGED
from proposals.budgeting.models import (
    Ballot,
    BallotAnnulment,
    BallotChoice,
    Cycle,
    CyclePublication,
    ImplementationStatus,
    Participation,
    PBCategory,
    PhaseKind,
    ProjectStatus,
    ProjectUpdate,
    PublicationStatus,
)
from proposals.budgeting.selectors.integrity import cycle_anomalies, hour_start
from proposals.budgeting.services import cycles as pb_cycles
from proposals.budgeting.services import projects as pb_projects
from proposals.budgeting.services.ballot_box import ballots_unseal
from proposals.budgeting.services.voting import annulment_preview, ballot_cast, ballots_annul
from tests.factories import UserFactory
from tests.fixtures.moderation import RAW_MARKUP, XSS_TEXT, XSS_TITLE, in_uz

BUDGET = "/admin/budget/"
NEW = "/admin/budget/new/"
CATEGORIES = "/admin/budget/categories/"
LOGIN = "/admin/login/"


def cycle_url(cycle, tail="") -> str:
    return f"{BUDGET}{cycle.pk}/{tail}"


def project_url(project) -> str:
    return f"{BUDGET}projects/{project.pk}/"


def local(value) -> str:
    """A datetime as a browser's datetime-local input sends it (Tashkent time)."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def now_minute():
    return timezone.now().replace(second=0, microsecond=0)


# People of the matrix: the three roles on Yangiqoʻrgʻon, a manager of Zomin (another region),
# a manager of the whole country (above everything), a resident, and nobody signed in.
PEOPLE = {
    "manager": (StaffRoleKind.MANAGER, "yangiqorgon"),
    "moderator": (StaffRoleKind.MODERATOR, "yangiqorgon"),
    "responder": (StaffRoleKind.RESPONDER, "yangiqorgon"),
    "zomin_manager": (StaffRoleKind.MANAGER, "zomin"),
    "country_manager": (StaffRoleKind.MANAGER, "country"),
    "resident": None,
    "anonymous": None,
}


@pytest.fixture
def person(tree, make_staff):
    def make(who: str):
        if who == "anonymous":
            return None
        if who == "resident":
            return UserFactory(home_territory=tree.navbahor)
        role, place = PEOPLE[who]
        return make_staff(role, getattr(tree, place))

    return make


@pytest.fixture
def live_cycle(make_cycle):
    """A cycle of Yangiqoʻrgʻon standing in ``phase`` now (the screens read the real clock)."""

    def make(phase="voting", **options):
        return make_cycle(phase, at=timezone.now(), **options)

    return make


def cast(cycle, projects, count, day):
    """``count`` ballots written directly, as ``ballot_cast`` stores them (no person, a day)."""
    for _ in range(count):
        ballot = Ballot.objects.create(cycle=cycle, cast_on=day)
        BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, project=project) for project in projects)


def cycle_data(tree, *, territory=None, start=None, **overrides) -> dict:
    start = start or now_minute() + timedelta(days=1)
    ends = {kind: start + timedelta(days=10 * (index + 1)) for index, kind in enumerate(pb_cycles.PHASE_ORDER)}
    data = {
        "title": "Yangiqoʻrgʻon 2027: ochiq budjet",
        "description": "Mahallalar loyihalari.",
        "territory": str((territory or tree.yangiqorgon).pk),
        "budget": "1 000 000 000",
        "max_project_cost": "300 000 000",
        "categories": [
            str(pk) for pk in PBCategory.objects.filter(slug__in=["roads", "schools"]).values_list("pk", flat=True)
        ],
        "ballot_type": "approval",
        "max_choices": "3",
        "points_total": "",
        "min_choices": "1",
        "winner_rule": "mes-add1",
        "verification_level": "10",
        "minimum_age": "0",
        "cooldown_cycles": "0",
        "submission_starts": local(start),
        **{f"{kind}_ends": local(end) for kind, end in ends.items()},
    }
    data.update(overrides)
    return data


def shown(message, **values) -> str:
    """A message as it stands in the admin's HTML: in Uzbek (staff's default), escaped."""
    return escape(in_uz(message, **values))


def login(client, user) -> None:
    if user is not None:
        client.force_login(user)


# --- The permission matrix ----------------------------------------------------------------------

YANGIQORGON_STAFF = {"manager", "moderator", "responder", "country_manager"}
ALL_STAFF = {*YANGIQORGON_STAFF, "zomin_manager"}
SIGN_IN = {"resident": 302, "anonymous": 302}  # Wagtail sends both to its sign-in page


def expect(ok: set[str], *, status_ok=302, zomin=404) -> dict[str, int]:
    """Expected status per person: ``status_ok`` for ``ok``; for Zomin's manager ``zomin`` (404:
    a Yangiqoʻrgʻon cycle lies outside their territories); 403 for other staff; the sign-in
    redirect for residents and visitors."""
    return {**SIGN_IN, **dict.fromkeys(ALL_STAFF, 403), "zomin_manager": zomin, **dict.fromkeys(ok, status_ok)}


MATRIX = {
    "list": {**SIGN_IN, **dict.fromkeys(ALL_STAFF, 200)},
    # Zomin's manager may create cycles, but not in Yangiqoʻrgʻon: the form refuses the territory.
    "create": expect({"manager", "country_manager"}, zomin=200),
    "overview": expect(YANGIQORGON_STAFF, status_ok=200),
    "feasibility": expect({"manager", "responder", "country_manager"}),
    "extend": expect({"manager", "country_manager"}),
    "annul": expect({"manager", "moderator", "country_manager"}),
    "publish": expect({"manager", "country_manager"}),
    "category": expect({"country_manager"}, zomin=403),  # national, not territorial
}


def _scene(action, tree, live_cycle, make_project):
    """What each action needs, and how to tell that it took effect."""
    if action == "list":
        live_cycle("voting", title="Yangiqoʻrgʻon sikli")
        return ("get", BUDGET, None), lambda: None
    if action == "create":
        data = cycle_data(tree, title="Matritsa sikli")
        return ("post", NEW, data), lambda: Cycle.objects.filter(title="Matritsa sikli").exists()
    if action == "overview":
        cycle = live_cycle("voting")
        return ("get", cycle_url(cycle), None), lambda: None
    if action == "feasibility":
        project = make_project(live_cycle("review"), status=ProjectStatus.REVIEW)
        data = {"action": "feasibility", "feasibility-verdict": "yes", "feasibility-staff_cost": "90000000"}

        def feasible():
            project.refresh_from_db()
            return project.status == ProjectStatus.FEASIBLE

        return ("post", project_url(project), data), feasible
    if action == "extend":
        cycle = live_cycle("voting")
        voting = cycle.phases.get(kind=PhaseKind.VOTING)
        data = {
            "action": "extend",
            "phase": "voting",
            "extend-voting-note": "Internet uzilishi.",
            "extend-voting-new_ends_at": local(voting.ends_at + timedelta(days=2)),
        }
        return ("post", cycle_url(cycle), data), lambda: cycle.phases.get(kind="voting").ends_at != voting.ends_at
    if action == "annul":
        cycle = live_cycle("voting")
        day = timezone.localdate()
        cast(cycle, [make_project(cycle)], 2, day)
        data = {"cast_on": day.isoformat(), "reason": "Saytda nosozlik.", "expected": "2"}
        return ("post", cycle_url(cycle, "annul/"), data), lambda: BallotAnnulment.objects.exists()
    if action == "publish":
        cycle = live_cycle("results")
        cast(cycle, [make_project(cycle)], 1, timezone.localdate() - timedelta(days=10))
        data = {"action": "publish"}

        def requested():
            # The POST only records the request; the count runs in the background (below).
            return CyclePublication.objects.filter(cycle=cycle, status=PublicationStatus.QUEUED).exists()

        return ("post", cycle_url(cycle), data), requested
    category = PBCategory.objects.get(slug="roads")
    data = {
        "name_uz": "Yoʻllar",
        "name_uz_cyrl": "",
        "name_ru": "",
        "name_en": "Roads",
        "position": "0",
        "is_active": "on",
    }

    def renamed():
        return PBCategory.objects.get(pk=category.pk).name_uz == "Yoʻllar"

    return ("post", f"{CATEGORIES}edit/{category.pk}/", data), renamed


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("who", list(PEOPLE))
def test_permission_matrix(client, person, tree, live_cycle, make_project, who, action):
    (method, url, data), took_effect = _scene(action, tree, live_cycle, make_project)
    expected = MATRIX[action][who]
    login(client, person(who))
    not_found = expected == 404  # LocaleMiddleware retries a 404 under a language prefix; still 404
    response = client.get(url, follow=not_found) if method == "get" else client.post(url, data, follow=not_found)
    assert response.status_code == expected, (who, action)
    if who in SIGN_IN:
        assert response["Location"].startswith(LOGIN)
    if method == "post":
        assert bool(took_effect()) is (expected == 302 and who not in SIGN_IN), (who, action)


@pytest.mark.parametrize("who", ["manager", "moderator", "responder", "zomin_manager"])
def test_the_list_shows_the_cycles_of_ones_territories_only(client, person, live_cycle, tree, who):
    mine = live_cycle("voting", title="Yangiqoʻrgʻon sikli")
    theirs = live_cycle("submission", territory=tree.zomin, title="Zomin sikli")
    client.force_login(person(who))
    page = client.get(BUDGET).content.decode()
    in_zomin = who == "zomin_manager"
    assert (mine.title in page) is not in_zomin and (theirs.title in page) is in_zomin
    assert (f'href="{NEW}"' in page) is (who in ("manager", "zomin_manager"))
    if not in_zomin:
        with translation.override("uz"):
            assert str(PhaseKind.VOTING.label) in page  # the phase on now


def test_buttons_are_shown_only_to_those_who_may_press_them(client, people, live_cycle, make_project):
    results = live_cycle("results")
    voting = live_cycle("voting", title="Ovoz berish sikli")
    review = make_project(live_cycle("review"), status=ProjectStatus.REVIEW)
    for user, publish, extend, feasibility, integrity in [
        (people.manager, True, True, True, True),
        (people.moderator, False, False, False, True),
        (people.responder, False, False, True, False),
    ]:
        client.force_login(user)
        page = client.get(cycle_url(results)).content.decode()
        assert ('name="action" value="publish"' in page) is publish
        assert ('name="action" value="extend"' in page) is extend
        assert (cycle_url(results, "integrity/") in page) is integrity
        assert 'value="publish"' not in client.get(cycle_url(voting)).content.decode()  # too early for anyone
        assert ('value="feasibility"' in client.get(project_url(review)).content.decode()) is feasibility
    client.force_login(people.responder)
    assert client.get(cycle_url(results, "integrity/")).status_code == 403


@pytest.mark.parametrize(
    ("who", "budget_shown", "categories_shown"),
    [
        ("manager", True, False),
        ("moderator", True, False),
        ("responder", True, False),
        ("editor", False, False),
        ("country_manager", True, True),
    ],
)
def test_menu_items(client, people, who, budget_shown, categories_shown):
    client.force_login(getattr(people, who))
    home = client.get("/admin/").content.decode()
    assert (BUDGET in home) is budget_shown
    assert (CATEGORIES in home) is categories_shown
    assert client.get(BUDGET).status_code == (200 if budget_shown else 403)


# --- Creating and changing a cycle ------------------------------------------------------------


def test_a_manager_creates_a_cycle_with_back_to_back_phases(client, people, tree, make_cycle):
    make_cycle("voting")  # the shipped categories
    client.force_login(people.manager)
    page = client.get(NEW).content.decode()
    assert tree.yangiqorgon.name in page and tree.zomin.name not in page  # only where they manage
    start = now_minute() + timedelta(days=2)
    response = client.post(NEW, cycle_data(tree, start=start))
    cycle = Cycle.objects.get(title="Yangiqoʻrgʻon 2027: ochiq budjet")
    assert response.status_code == 302 and response["Location"] == cycle_url(cycle)
    assert (cycle.budget, cycle.max_project_cost, cycle.max_choices, cycle.created_by) == (
        1_000_000_000,
        300_000_000,
        3,
        people.manager,
    )
    assert sorted(cycle.categories.values_list("slug", flat=True)) == ["roads", "schools"]
    phases = list(cycle.phases.order_by("starts_at"))
    assert [phase.kind for phase in phases] == pb_cycles.PHASE_ORDER
    assert phases[0].starts_at == start
    assert all(later.starts_at == earlier.ends_at for earlier, later in itertools.pairwise(phases))
    assert ModelLogEntry.objects.filter(action="proposals.cycle_created", object_id=str(cycle.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"max_project_cost": "2 000 000 000"}, pb_cycles.MAX_COST_RANGE),
        ({"review_ends": "2020-01-01T10:00"}, pb_cycles.PHASES_ORDER),
        ({"max_choices": ""}, pb_cycles.K_REQUIRED),
        ({"ballot_type": "cumulative", "points_total": "", "winner_rule": "greedy"}, pb_cycles.POINTS_REQUIRED),
        ({"budget": "0"}, pb_cycles.BUDGET_POSITIVE),
    ],
    ids=["max-cost-over-budget", "phases-out-of-order", "approval-without-k", "points-without-total", "no-budget"],
)
def test_bad_cycle_input_shows_the_message_and_creates_nothing(client, people, tree, make_cycle, overrides, message):
    make_cycle("voting")
    before = (Cycle.objects.count(), ModelLogEntry.objects.filter(action="proposals.cycle_created").count())
    client.force_login(people.manager)
    response = client.post(NEW, cycle_data(tree, title="Xato sikl", **overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert shown(message) in page
    assert 'value="Xato sikl"' in page  # the input is kept
    assert (Cycle.objects.count(), ModelLogEntry.objects.filter(action="proposals.cycle_created").count()) == before


def test_editing_a_cycle_freezes_the_ballot_once_voting_opens(client, people, live_cycle):
    cycle = live_cycle("submission")
    client.force_login(people.manager)
    url = cycle_url(cycle, "edit/")
    data = {
        "title": "Yangi nom",
        "description": "",
        "budget": "900 000 000",
        "max_project_cost": "300 000 000",
        "categories": [str(pk) for pk in cycle.categories.values_list("pk", flat=True)],
        "ballot_type": "approval",
        "max_choices": "4",
        "min_choices": "1",
        "winner_rule": "greedy",
        "verification_level": "10",
        "minimum_age": "18",
        "cooldown_cycles": "1",
    }
    assert client.post(url, {**data, "max_project_cost": "950 000 000"}).status_code == 200  # above the budget
    cycle.refresh_from_db()
    assert cycle.title != "Yangi nom"
    assert client.post(url, data).status_code == 302
    cycle.refresh_from_db()
    assert (cycle.title, cycle.budget, cycle.max_choices, cycle.winner_rule, cycle.minimum_age) == (
        "Yangi nom",
        900_000_000,
        4,
        "greedy",
        18,
    )
    assert "Yangi nom" in client.get(url).content.decode()
    voting = live_cycle("voting")
    form = client.get(cycle_url(voting, "edit/")).content.decode()
    assert 'name="winner_rule"' in form and "disabled" in form
    client.post(cycle_url(voting, "edit/"), {**data, "title": "Ovoz paytida"})
    voting.refresh_from_db()
    assert voting.title == "Ovoz paytida" and voting.winner_rule == "mes-add1" and voting.budget == 1_000_000_000
    client.force_login(people.moderator)
    assert client.get(url).status_code == 403


# --- Phases -----------------------------------------------------------------------------------


def test_extending_a_phase_moves_the_later_ones_and_shows_the_note(client, people, live_cycle):
    cycle = live_cycle("voting")
    before = {phase.kind: (phase.starts_at, phase.ends_at) for phase in cycle.phases.all()}
    client.force_login(people.manager)
    new_end = before["voting"][1].replace(second=0, microsecond=0) + timedelta(days=3)
    shift = new_end - before["voting"][1]
    data = {
        "action": "extend",
        "phase": "voting",
        "extend-voting-new_ends_at": local(new_end),
        "extend-voting-note": "Internet uzilishi sabab ovoz berish uzaytirildi.",
    }
    no_note = client.post(cycle_url(cycle), {**data, "extend-voting-note": ""})
    assert no_note.status_code == 200 and shown(pb_cycles.EXTEND_NOTE) in no_note.content.decode()
    assert client.post(cycle_url(cycle), data).status_code == 302
    after = {phase.kind: (phase.starts_at, phase.ends_at) for phase in cycle.phases.all()}
    assert after["voting"] == (before["voting"][0], new_end)
    for kind in ("submission", "review"):
        assert after[kind] == before[kind]
    for kind in ("results", "implementation"):
        assert after[kind] == (before[kind][0] + shift, before[kind][1] + shift)
    page = client.get(cycle_url(cycle)).content.decode()
    assert "Internet uzilishi sabab ovoz berish uzaytirildi." in page
    assert timezone.localtime(new_end).strftime("%d.%m.%Y %H:%M") in page
    earlier = client.post(cycle_url(cycle), {**data, "extend-voting-new_ends_at": local(new_end - timedelta(days=1))})
    assert shown(pb_cycles.EXTEND_LATER) in earlier.content.decode()


# --- Feasibility and implementation ------------------------------------------------------------


def test_feasibility_records_the_status_the_cost_and_an_audit_entry(client, people, live_cycle, make_project):
    cycle = live_cycle("review")
    project = make_project(cycle, status=ProjectStatus.REVIEW, cost=120_000_000)
    other = make_project(cycle, status=ProjectStatus.REVIEW)
    client.force_login(people.responder)
    url = project_url(project)
    no_cost = client.post(url, {"action": "feasibility", "feasibility-verdict": "yes", "feasibility-staff_cost": ""})
    assert no_cost.status_code == 200 and shown(pb_projects.STAFF_COST_REQUIRED) in no_cost.content.decode()
    response = client.post(
        url, {"action": "feasibility", "feasibility-verdict": "yes", "feasibility-staff_cost": "135 000 000"}
    )
    assert response.status_code == 302 and response["Location"] == url
    project.refresh_from_db()
    assert (project.status, project.staff_cost, project.feasibility_by) == (
        ProjectStatus.FEASIBLE,
        135_000_000,
        people.responder,
    )
    entry = ModelLogEntry.objects.get(action="proposals.project_feasibility", object_id=str(project.pk))
    assert entry.user == people.responder
    assert entry.data["after"] == {"status": "feasible", "staff_cost": 135_000_000}
    page = client.get(url).content.decode()
    assert shown("Recorded the project's feasibility") in page and "135\u202f000\u202f000" in page
    # Not feasible needs a public reason; with one, the reason is on the screen.
    no_reason = client.post(project_url(other), {"action": "feasibility", "feasibility-verdict": "no"})
    assert shown(pb_projects.FEASIBILITY_REASON_REQUIRED) in no_reason.content.decode()
    other.refresh_from_db()
    assert other.status == ProjectStatus.REVIEW
    client.post(
        project_url(other),
        {"action": "feasibility", "feasibility-verdict": "no", "feasibility-note": "Yer maydoni xususiy mulk."},
    )
    other.refresh_from_db()
    assert other.status == ProjectStatus.NOT_FEASIBLE
    assert "Yer maydoni xususiy mulk." in client.get(project_url(other)).content.decode()
    # The overview groups them by status.
    overview = client.get(cycle_url(cycle)).content.decode()
    with translation.override("uz"):
        feasible_at = overview.index(str(ProjectStatus.FEASIBLE.label))
        not_feasible_at = overview.index(str(ProjectStatus.NOT_FEASIBLE.label))
    assert feasible_at < overview.index(project.title) < not_feasible_at < overview.index(other.title)


def _png() -> SimpleUploadedFile:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("qurilish.png", buffer.getvalue(), content_type="image/png")


def test_implementation_updates_on_a_winner(client, people, live_cycle, make_project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cycle = live_cycle("implementation")
    winner = make_project(cycle, status=ProjectStatus.SELECTED)
    loser = make_project(cycle, status=ProjectStatus.NOT_SELECTED)
    client.force_login(people.responder)
    url = project_url(winner)
    assert 'value="progress"' in client.get(url).content.decode()
    assert 'value="progress"' not in client.get(project_url(loser)).content.decode()
    assert client.post(project_url(loser), {"action": "progress"}).status_code == 403
    half_done = {
        "action": "progress",
        "progress-status": "done",
        "progress-progress": "50",
        "progress-text": "Asfalt yotqizildi.",
    }
    refused = client.post(url, half_done)
    assert refused.status_code == 200 and shown(pb_projects.DONE_IS_100) in refused.content.decode()
    assert not ProjectUpdate.objects.exists()
    response = client.post(url, {**half_done, "progress-status": "in_progress", "progress-photos": _png()})
    assert response.status_code == 302
    winner.refresh_from_db()
    assert (winner.implementation_status, winner.progress) == (ImplementationStatus.IN_PROGRESS, 50)
    update = ProjectUpdate.objects.get(project=winner)
    assert update.staff == people.responder and update.photos.count() == 1
    page = client.get(url).content.decode()
    assert "Asfalt yotqizildi." in page and update.photos.get().image.url in page
    assert shown("Reported on the implementation") in page
    client.force_login(people.moderator)
    assert client.post(url, {**half_done, "progress-status": "in_progress"}).status_code == 403


# --- Integrity and annulment --------------------------------------------------------------------

IP = "10.1.2.3"


@pytest.fixture
def flagged(live_cycle, make_project, resident, settings):
    """A cycle whose voting has just ended, where 5 ballots came from one address within an
    hour (flagged from the 3rd; at the count the cohort holds all 5) and 2 from another address
    the same hour. Secrecy classes of one (k = 1): this is about the screens, not the classes."""
    settings.PB_FLAG_ADDRESS_PER_HOUR = 3
    settings.PB_SECRECY_K = 1
    cycle = live_cycle("results")
    project = make_project(cycle)
    voting = cycle.phases.get(kind="voting")
    moment = hour_start(voting.ends_at - timedelta(days=1)) + timedelta(minutes=10)
    for ip in [IP] * 5 + ["10.9.9.9"] * 2:
        ballot_cast(cycle, resident(), {project.pk: 1}, ip=ip, now=moment)
    assert not cycle.cohorts.exists()  # sealed: the count has not opened the ballots yet
    ballots_unseal(cycle)
    return cycle, moment


def test_the_integrity_screen_flags_and_never_annuls_by_itself(client, people, flagged):
    cycle, _moment = flagged
    client.force_login(people.moderator)
    page = client.get(cycle_url(cycle, "integrity/")).content.decode()
    with translation.override("uz"):
        flags = cycle_anomalies(cycle)
        assert [flag.count for flag in flags] == [5]
        assert flags[0].description in page
    assert IP not in page  # an address is shown only as a keyed hash
    assert f'href="/admin/budget/{cycle.pk}/annul/?cohort=' in page
    assert not Ballot.objects.filter(annulment__isnull=False).exists()


def test_annulling_a_cohort_annuls_exactly_the_previewed_count(client, people, flagged):
    cycle, _moment = flagged
    cohort = cycle.cohorts.get()
    client.force_login(people.moderator)
    integrity = client.get(cycle_url(cycle, "integrity/")).content.decode()
    link = f"{cycle_url(cycle, 'annul/')}?cohort={cohort.pk}"
    assert link in integrity
    preview = client.get(link)
    expected = annulment_preview(cycle, cohort=cohort)
    assert expected == 5
    page = preview.content.decode()
    assert f'name="expected" value="{expected}"' in page and 'name="reason"' in page
    assert not BallotAnnulment.objects.exists()  # a preview changes nothing
    without_reason = client.post(link.split("?")[0], {"cohort": cohort.pk, "expected": expected, "reason": ""})
    assert without_reason.status_code == 200 and not BallotAnnulment.objects.exists()
    done = client.post(
        link.split("?")[0],
        {"cohort": cohort.pk, "expected": expected, "reason": "Bir manzildan bir soatda besh ovoz."},
        follow=True,
    )
    assert done.status_code == 200
    annulment = BallotAnnulment.objects.get()
    assert annulment.count == expected == Ballot.objects.filter(annulment=annulment).count()
    assert annulment.staff == people.moderator and annulment.cohort == cohort
    assert Ballot.objects.filter(cycle=cycle, annulment__isnull=True).count() == 7 - expected
    screen = done.content.decode()
    assert "Bir manzildan bir soatda besh ovoz." in screen
    with translation.override("uz"):
        message = translation.ngettext(
            "%(count)d ballot was annulled.", "%(count)d ballots were annulled.", expected
        ) % {"count": expected}
    assert message in screen
    entry = ModelLogEntry.objects.get(action="proposals.ballots_annulled", object_id=str(cycle.pk))
    assert entry.user == people.moderator and entry.data["count"] == expected


def test_annulling_a_day_and_a_count_that_moved_since_the_preview(client, people, flagged, resident):
    cycle, moment = flagged
    day = timezone.localtime(moment).date()
    url = cycle_url(cycle, "annul/")
    client.force_login(people.manager)
    preview = client.get(url, {"cast_on": day.isoformat()}).content.decode()
    assert 'name="expected" value="7"' in preview
    # Another member of staff annuls the address's five ballots after the preview said 7.
    annulment_of_cohort = ballots_annul(cycle, staff=people.moderator, reason="Bir manzil.", cohort=cycle.cohorts.get())
    assert annulment_of_cohort.count == 5
    moved = client.post(url, {"cast_on": day.isoformat(), "expected": "7", "reason": "Saytda nosozlik."})
    assert moved.status_code == 200
    page = moved.content.decode()
    assert shown(COUNT_CHANGED) in page and 'name="expected" value="2"' in page
    assert BallotAnnulment.objects.count() == 1
    confirmed = client.post(url, {"cast_on": day.isoformat(), "expected": "2", "reason": "Saytda nosozlik."})
    assert confirmed.status_code == 302
    assert BallotAnnulment.objects.latest("pk").count == 2
    assert Ballot.objects.filter(annulment__isnull=False).count() == 7
    # Nothing left that day: the preview says so and offers no button.
    empty = client.get(url, {"cast_on": day.isoformat()}).content.decode()
    assert 'name="confirm"' not in empty
    assert client.get(url, {"cast_on": "not-a-day"}, follow=True).status_code == 404


def test_the_screens_never_join_a_person_to_a_ballot(client, people, flagged):
    """Who voted (names, e-mails, receipt codes) never appears on the integrity or annul screens,
    which show ballots only as counts."""
    cycle, moment = flagged
    client.force_login(people.manager)
    voters = Participation.objects.filter(cycle=cycle).values_list("user__full_name", "user__email", "receipt_code")
    names = [escape(value) for voter in voters for value in voter]
    day = timezone.localtime(moment).date().isoformat()
    pages = [
        client.get(cycle_url(cycle, "integrity/")).content.decode(),
        client.get(cycle_url(cycle, "annul/"), {"cohort": cycle.cohorts.get().pk}).content.decode(),
        client.get(cycle_url(cycle, "annul/"), {"cast_on": day}).content.decode(),
    ]
    for page in pages:
        assert not any(name in page for name in names)


# --- Publishing ---------------------------------------------------------------------------------


def test_publishing_the_results(client, people, live_cycle, make_project, django_capture_on_commit_callbacks):
    cycle = live_cycle("results")
    winner = make_project(cycle, cost=100_000_000)
    cast(cycle, [winner], 3, timezone.localdate() - timedelta(days=10))
    client.force_login(people.manager)
    with django_capture_on_commit_callbacks(execute=True):  # the queued count runs (eagerly)
        assert client.post(cycle_url(cycle), {"action": "publish"}).status_code == 302
    cycle.refresh_from_db()
    winner.refresh_from_db()
    assert cycle.results_published_at is not None and winner.status == ProjectStatus.SELECTED
    page = client.get(cycle_url(cycle)).content.decode()
    assert 'value="publish"' not in page and 'value="extend"' not in page
    # Published: the button is gone for everyone and a forged POST is refused.
    assert client.post(cycle_url(cycle), {"action": "publish"}).status_code == 403


# --- Categories -------------------------------------------------------------------------------


def test_country_managers_keep_the_categories(client, people, make_cycle):
    make_cycle("voting")
    client.force_login(people.country_manager)
    assert "roads" in client.get(CATEGORIES).content.decode()
    data = {
        "slug": "sport",
        "name_uz": "Sport maydonchalari",
        "name_uz_cyrl": "",
        "name_ru": "Спортплощадки",
        "name_en": "Sports grounds",
        "position": "20",
        "is_active": "on",
    }
    assert client.post(f"{CATEGORIES}new/", data).status_code == 302
    sport = PBCategory.objects.get(slug="sport")
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(sport.pk)).exists()
    duplicate = client.post(f"{CATEGORIES}new/", data)
    assert duplicate.status_code == 200 and PBCategory.objects.filter(slug="sport").count() == 1
    # Retire it; the code stays what it was even if a forged POST sends another.
    retired = {**data, "slug": "boshqa", "is_active": ""}
    assert client.post(f"{CATEGORIES}edit/{sport.pk}/", retired).status_code == 302
    sport.refresh_from_db()
    assert (sport.slug, sport.is_active) == ("sport", False)
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(sport.pk)).exists()
    assert shown("Retired") in client.get(CATEGORIES).content.decode()
    # A retired category is no longer offered to a new cycle.
    assert "Sport maydonchalari" not in client.get(NEW).content.decode()
    assert client.get(f"{CATEGORIES}edit/999999/", follow=True).status_code == 404


# --- Escaping and query budgets -----------------------------------------------------------------


def test_user_text_is_escaped_on_the_budget_screens(client, people, live_cycle, make_project, settings):
    settings.PB_FLAG_ADDRESS_PER_HOUR = 3
    cycle = live_cycle("review", title=XSS_TITLE, description=XSS_TEXT)
    project = make_project(cycle, status=ProjectStatus.REVIEW, title=XSS_TITLE)
    project.description = XSS_TEXT
    project.save(update_fields=["description"])
    pb_projects.project_record_feasibility(project, staff=people.manager, feasible=False, note=XSS_TEXT)
    day = timezone.localdate()
    cast(cycle, [project], 1, day)
    client.force_login(people.manager)
    client.post(cycle_url(cycle, "annul/"), {"cast_on": day.isoformat(), "expected": "1", "reason": XSS_TEXT})
    assert BallotAnnulment.objects.exists()
    for url in (
        BUDGET,
        cycle_url(cycle),
        cycle_url(cycle, "edit/"),
        cycle_url(cycle, "integrity/"),
        project_url(project),
    ):
        page = client.get(url).content.decode()
        for raw in RAW_MARKUP:
            assert raw not in page, (url, raw)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def _count_queries(client, url, grow, marker, at_most) -> list[int]:
    client.get(url)  # warm caches
    counts = []
    for total in (3, 30):
        grow(total)
        with at_most(25), CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and response.content.decode().count(marker) >= total
        counts.append(len(queries))
    return counts


def test_cycle_list_query_count_stays_the_same(client, people, live_cycle, django_assert_max_num_queries):
    def grow(total):
        while Cycle.objects.count() < total:
            live_cycle("voting")

    client.force_login(people.moderator)
    counts = _count_queries(client, BUDGET, grow, f'href="{BUDGET}', django_assert_max_num_queries)
    assert counts[0] == counts[1], counts


def test_integrity_query_count_stays_the_same(
    client, people, live_cycle, make_project, resident, settings, django_assert_max_num_queries
):
    """Rows of both lists grow: flagged hours (two ballots from one address each) and annulments."""
    settings.PB_FLAG_ADDRESS_PER_HOUR = 2
    settings.PB_SECRECY_K = 1
    cycle = live_cycle("results")
    project = make_project(cycle)
    first_hour = hour_start(cycle.phases.get(kind="voting").ends_at - timedelta(days=3))

    def grow(total):
        while BallotAnnulment.objects.count() < total:
            hour = first_hour + timedelta(hours=BallotAnnulment.objects.count())
            for _ in range(2):
                ballot_cast(cycle, resident(), {project.pk: 1}, ip=IP, now=hour + timedelta(minutes=5))
            ballots_unseal(cycle)
            BallotAnnulment.objects.create(
                cycle=cycle,
                criterion="—",
                reason="Sinov",
                staff=people.manager,
                created_at=hour,
                count=0,
                cohort=cycle.cohorts.get(hour=hour),
            )

    client.force_login(people.moderator)
    counts = _count_queries(client, cycle_url(cycle, "integrity/"), grow, "Sinov", django_assert_max_num_queries)
    assert counts[0] == counts[1], counts
    page = client.get(cycle_url(cycle, "integrity/")).content.decode()
    assert page.count("<tr>") >= 60  # thirty flags and thirty annulments listed


def test_a_manager_starts_the_next_phase_early_with_a_public_note(client, tree, make_staff, make_cycle):
    from unittest import mock

    from django.urls import reverse

    from proposals.budgeting.models import PhaseExtension
    from proposals.budgeting.selectors.cycles import cycle_phase
    from tests.fixtures.clock import T0

    cycle = make_cycle("review")
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    responder = make_staff(StaffRoleKind.RESPONDER, tree.yangiqorgon)
    url = reverse("budgeting_admin:cycle", args=[cycle.pk])
    with mock.patch("django.utils.timezone.now", return_value=T0):
        client.force_login(responder)
        assert 'name="advance-note"' not in client.get(url).content.decode()
        assert client.post(url, {"action": "advance", "advance-note": "x"}).status_code == 403
        client.force_login(manager)
        assert 'name="advance-note"' in client.get(url).content.decode()
        refused = client.post(url, {"action": "advance", "advance-note": " "})
        assert refused.status_code == 200 and not PhaseExtension.objects.exists()
        response = client.post(url, {"action": "advance", "advance-note": "Koʻrib chiqish tugadi."})
        assert response.status_code == 302
        assert cycle_phase(Cycle.objects.get(pk=cycle.pk), T0).kind == "voting"
    assert PhaseExtension.objects.get().note == "Koʻrib chiqish tugadi."


def test_extend_forms_are_offered_only_where_an_extension_is_allowed(client, tree, make_staff, make_cycle):
    from unittest import mock

    from django.urls import reverse

    from tests.fixtures.clock import T0

    cycle = make_cycle("voting")
    client.force_login(make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon))
    with mock.patch("django.utils.timezone.now", return_value=T0):
        page = client.get(reverse("budgeting_admin:cycle", args=[cycle.pk])).content.decode()
    offered = {
        kind
        for kind in ("submission", "review", "voting", "results", "implementation")
        if f'name="extend-{kind}-note"' in page
    }
    assert offered == {"voting", "results", "implementation"}
