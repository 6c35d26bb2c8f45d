"""Publishing a cycle in the background, and the downloads written once at publication.

* the manager's POST records the request and queues the count; it does not count;
* the staff screen shows the request queued, the count's stage and progress (reloading itself
  without JavaScript), and a failed count's reason with the button to publish again;
* two requests queue one count; a count delivered twice, or by two workers, publishes once; a
  count redelivered after its worker died publishes; a failed count leaves nothing half-written;
* the stored ``.pb`` and CSV are byte for byte what the old code built on each download, are
  served with validators, and a cycle published before they were stored still downloads;
* a browser that accepts gzip gets the copy compressed at publication, once compressed (also
  behind production's ``GZipMiddleware``); a file stored before those copies gets one;
* the results page and the downloads cost the same queries at 60 ballots as at 600, and at 4
  projects as at 12.
"""

from __future__ import annotations

import gzip
import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from participation.models import OutboxEntry, StaffRoleKind
from proposals.budgeting.models import (
    Cycle,
    CyclePublication,
    CycleResult,
    CycleResultFile,
    ProjectStatus,
    PublicationStatus,
    SealedBallot,
)
from proposals.budgeting.selectors.publication import cycle_publication
from proposals.budgeting.services import publication as publishing
from proposals.budgeting.services import results as svc
from proposals.budgeting.services.voting import ballot_cast
from proposals.budgeting.tally import methods as tally
from proposals.budgeting.tally.pabulib import parse_pabulib_string
from proposals.budgeting.transitions import PUBLICATION_TRANSITIONS, Mover
from tests.fixtures.budgeting import cast
from tests.fixtures.concurrency import postgres_only, run_together

M = 1_000_000


@pytest.fixture
def manager(tree, make_staff):
    """A manager who chose English for the admin, so the assertions read the source text (the
    Uzbek and Russian strings are checked by the catalogue tests)."""
    user = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save(update_fields=["preferred_language"])
    return user


@pytest.fixture
def ready(make_cycle, make_project, resident, tree):
    """A cycle in its results phase whose ballots are still sealed (as cast), MES + Add1."""

    def make(ballots=6, **options):
        options.setdefault("winner_rule", "mes-add1")
        cycle = make_cycle("results", at=timezone.now(), budget=1000 * M, max_project_cost=600 * M, **options)
        a = make_project(cycle, title="A: yoʻl", cost=600 * M)
        b = make_project(cycle, title="B: suv", cost=400 * M)
        c = make_project(cycle, title="C: maktab", cost=400 * M, mahalla=tree.istiqlol)
        voting = cycle.phases.get(kind="voting")
        for number in range(ballots):
            choices = {a.pk: 1, b.pk: 1} if number % 3 else {c.pk: 1}
            ballot_cast(cycle, resident(), choices, now=voting.starts_at + timedelta(hours=1))
        return cycle, (a, b, c)

    return make


def cycle_url(cycle) -> str:
    return f"/admin/budget/{cycle.pk}/"


def queued_tasks() -> list[dict]:
    return list(OutboxEntry.objects.filter(task=publishing.PUBLISH_TASK).values_list("kwargs", flat=True))


# ---------------------------------------------------------------- the request returns at once


def test_the_request_returns_before_counting_and_the_queued_task_publishes(
    client, ready, manager, django_capture_on_commit_callbacks
):
    cycle, (a, _b, c) = ready()
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(cycle_url(cycle), {"action": "publish"})
    assert response.status_code == 302
    # Nothing was counted in the request: no result, ballots still sealed, projects unchanged.
    cycle.refresh_from_db()
    assert cycle.results_published_at is None and not CycleResult.objects.exists()
    assert SealedBallot.objects.filter(cycle=cycle).count() == 6
    publication = CyclePublication.objects.get(cycle=cycle)
    assert (publication.status, publication.requested_by) == (PublicationStatus.QUEUED, manager)
    assert queued_tasks() == [{"publication_id": publication.pk}]
    page = client.get(cycle_url(cycle)).content.decode()
    assert "waiting for the count to start" in page
    assert '<meta http-equiv="refresh" content="5">' in page and "Reload now" in page
    assert 'value="publish"' not in page  # nothing to click twice while it is queued

    for callback in callbacks:  # the worker (eager here) runs the queued task
        callback()
    cycle.refresh_from_db()
    assert cycle.results_published_at is not None
    assert CyclePublication.objects.get(cycle=cycle).status == PublicationStatus.PUBLISHED
    a.refresh_from_db()
    c.refresh_from_db()
    assert {a.status, c.status} == {ProjectStatus.SELECTED}
    page = client.get(cycle_url(cycle)).content.decode()
    assert "http-equiv" not in page and 'value="publish"' not in page  # published: no reload, no button


def test_two_requests_queue_one_count(client, ready, manager, django_capture_on_commit_callbacks):
    cycle, _projects = ready()
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(cycle_url(cycle), {"action": "publish"}).status_code == 302
        assert client.post(cycle_url(cycle), {"action": "publish"}).status_code == 302
        again = publishing.publication_request(cycle, staff=manager)
    assert CyclePublication.objects.get(cycle=cycle) == again
    assert len(queued_tasks()) == 1
    assert ModelLogEntry.objects.filter(action="proposals.results_publication_requested").count() == 1


def test_the_request_keeps_every_check(ready, make_staff, tree, manager, make_cycle):
    cycle, _projects = ready()
    moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)
    with pytest.raises(publishing.ServiceError) as info:
        publishing.publication_request(cycle, staff=moderator)
    assert info.value.message == publishing.PUBLISH_NOT_ALLOWED
    voting = make_cycle("voting", at=timezone.now())
    with pytest.raises(publishing.ServiceError) as info:
        publishing.publication_request(voting, staff=manager)
    assert info.value.message == publishing.PUBLISH_TOO_EARLY
    svc.cycle_publish_results(cycle, staff=manager)
    with pytest.raises(publishing.ServiceError) as info:
        publishing.publication_request(cycle, staff=manager)
    assert info.value.message == publishing.PUBLISH_ALREADY
    assert not queued_tasks()


# ---------------------------------------------------------------- progress


def test_the_count_reports_its_stages_and_runs(ready, manager, monkeypatch):
    cycle, _projects = ready()
    publication = publishing.publication_request(cycle, staff=manager)
    reports = []
    real = svc.publication_report

    def spy(publication_id, stage, **progress):
        reports.append((stage, progress.get("runs")))
        real(publication_id, stage, **progress)

    monkeypatch.setattr(svc, "publication_report", spy)
    assert svc.publication_run(publication_id=publication.pk) is True
    stages = [stage for stage, _runs in reports]
    assert stages[:3] == ["unsealing", "reading", "counting"] and stages[-1] == "saving"
    runs = [runs for stage, runs in reports if stage == "counting"]
    assert runs == sorted(runs) and runs[-1] >= 1  # one report per MES run, in order


def test_the_screen_shows_the_stage_and_how_far_the_count_is(client, ready, manager):
    cycle, _projects = ready()
    publication = publishing.publication_request(cycle, staff=manager)
    CyclePublication.objects.filter(pk=publication.pk).update(status=PublicationStatus.COUNTING)
    publishing.publication_report(publication.pk, "counting", runs=12, step=250, last_step=1000)
    client.force_login(manager)
    page = client.get(cycle_url(cycle)).content.decode()
    assert "Counting with the cycle&#x27;s rule" in page or "Counting with the cycle's rule" in page
    assert "12 runs of the Method of Equal Shares done" in page and "step 250 of at most 1000" in page
    assert '<progress max="100" value="25">' in page
    assert '<meta http-equiv="refresh"' in page
    state = cycle_publication(cycle)
    assert state.in_progress and state.percent == 25


# ---------------------------------------------------------------- once, whatever happens


def test_a_task_delivered_twice_publishes_once(ready, manager):
    cycle, _projects = ready()
    publication = publishing.publication_request(cycle, staff=manager)
    assert svc.publication_run(publication_id=publication.pk) is True
    assert svc.publication_run(publication_id=publication.pk) is False
    assert CycleResult.objects.filter(cycle=cycle).count() == 1
    assert ModelLogEntry.objects.filter(action="proposals.results_published").count() == 1
    publication.refresh_from_db()
    assert (publication.status, publication.attempts) == (PublicationStatus.PUBLISHED, 1)


def test_a_count_whose_worker_died_is_taken_again_and_publishes(ready, manager):
    """The worker took the request ("counting") and was killed: its transaction never
    committed, so only the status says so. The redelivered task counts again."""
    cycle, _projects = ready()
    publication = publishing.publication_request(cycle, staff=manager)
    CyclePublication.objects.filter(pk=publication.pk).update(status=PublicationStatus.COUNTING, attempts=1)
    assert svc.publication_run(publication_id=publication.pk) is True
    publication.refresh_from_db()
    assert (publication.status, publication.attempts) == (PublicationStatus.PUBLISHED, 2)
    assert CycleResult.objects.filter(cycle=cycle).count() == 1


def test_a_failed_count_leaves_nothing_half_written_and_can_be_published_again(client, ready, manager, monkeypatch):
    cycle, (a, _b, _c) = ready()
    publication = publishing.publication_request(cycle, staff=manager)

    def broken(*args, **kwargs):
        raise RuntimeError("the tally engine broke")

    monkeypatch.setattr(svc, "_tally", broken)
    assert svc.publication_run(publication_id=publication.pk) is False
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.FAILED
    cycle.refresh_from_db()
    a.refresh_from_db()
    # Rolled back as a whole: not published, no result, no files, ballots still sealed.
    assert cycle.results_published_at is None and not CycleResult.objects.exists()
    assert not CycleResultFile.objects.exists() and a.status == ProjectStatus.FEASIBLE
    assert SealedBallot.objects.filter(cycle=cycle).count() == 6
    client.force_login(manager)
    page = client.get(cycle_url(cycle)).content.decode()
    assert "The last count failed and nothing was published" in page
    assert "error on the server" in page and 'value="publish"' in page

    monkeypatch.undo()
    again = publishing.publication_request(cycle, staff=manager)
    assert again.pk == publication.pk and again.status == PublicationStatus.QUEUED and again.error == ""
    assert svc.publication_run(publication_id=again.pk) is True
    cycle.refresh_from_db()
    assert cycle.results_published_at is not None


def test_a_refusal_at_count_time_is_the_reason_shown(client, ready, manager, make_staff, tree):
    """The requester lost the manager role before the worker got to it: nothing is published
    and the screen says why, in the reader's words."""
    cycle, _projects = ready()
    publication = publishing.publication_request(cycle, staff=manager)
    manager.staff_roles.all().delete()
    assert svc.publication_run(publication_id=publication.pk) is False
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.FAILED
    assert publication.error == "Only managers of this territory may publish the results."
    other = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    client.force_login(other)
    page = client.get(cycle_url(cycle)).content.decode()
    assert "Only managers of this territory may publish the results." in page


def test_every_move_of_a_publication_is_in_its_table(ready, manager):
    cycle, _projects = ready()
    publication = publishing.publication_request(cycle, staff=manager)
    with pytest.raises(publishing.ServiceError):
        publishing.publication_transition(publication, PublicationStatus.PUBLISHED, mover=Mover.SYSTEM, actor=None)
    with pytest.raises(publishing.ServiceError):  # staff never mark a count as done
        publishing.publication_transition(publication, PublicationStatus.COUNTING, mover=Mover.STAFF, actor=manager)
    assert {(t.source, t.target) for t in PUBLICATION_TRANSITIONS.values() if t.target == "published"} == {
        ("counting", "published")
    }


@pytest.mark.django_db(transaction=True)
@postgres_only
def test_two_workers_at_once_publish_once(ready, manager):
    cycle, _projects = ready(ballots=9)
    # Queued as the request queues it, but with its message not yet taken by any worker (a
    # request here would run the eager task at once, on commit).
    publication = CyclePublication(cycle=cycle, requested_by=manager, requested_at=timezone.now())
    publishing.publication_transition(
        publication, PublicationStatus.QUEUED, mover=Mover.STAFF, actor=manager, source=""
    )
    outcomes = run_together([lambda: svc.publication_run(publication_id=publication.pk)] * 2)
    state = CyclePublication.objects.get(pk=publication.pk)
    assert sorted(outcomes) == [False, True], (outcomes, state.status, state.error)
    assert CycleResult.objects.filter(cycle=cycle).count() == 1
    assert ModelLogEntry.objects.filter(action="proposals.results_published").count() == 1
    assert state.status == PublicationStatus.PUBLISHED


# ---------------------------------------------------------------- the downloads


def test_the_stored_files_are_what_the_old_code_built(ready, manager):
    cycle, _projects = ready()
    result = svc.cycle_publish_results(cycle, staff=manager)
    cycle = Cycle.objects.get(pk=cycle.pk)
    stored = {(f.kind, f.language): f.content for f in CycleResultFile.objects.filter(result=result)}
    assert stored[("pb", "")] == svc.cycle_export_pb(cycle)
    for language in ("uz", "uz-cyrl", "kaa", "ru", "en"):
        with translation.override(language):
            assert stored[("csv", language)] == svc.results_csv(cycle)
    # The stored file recomputes to the published winners.
    instance = parse_pabulib_string(stored[("pb", "")])
    winners = {svc.project_pb_id(p) for p in cycle.projects.filter(pk__in=result.selected)}
    assert set(tally.mes_add1(instance).selected) == winners


def _published_downloads(ready, manager) -> list[tuple[str, CycleResultFile]]:
    """A published cycle's ``.pb`` and its Russian CSV: (address, the stored file)."""
    cycle, _projects = ready()
    svc.cycle_publish_results(cycle, staff=manager)
    return [
        (url, CycleResultFile.objects.get(result__cycle=cycle, kind=kind, language=language))
        for url, kind, language in [
            (f"/en/budget/{cycle.pk}/results.pb", "pb", ""),
            (f"/ru/budget/{cycle.pk}/results.csv", "csv", "ru"),
        ]
    ]


def test_downloads_are_served_with_validators_and_revalidate(client, ready, manager):
    for url, stored in _published_downloads(ready, manager):
        response = client.get(url)
        assert response.status_code == 200
        assert response.content == stored.content.encode("utf-8")
        assert response["ETag"] == f'"{stored.etag}"'
        assert response["Cache-Control"] == "public, max-age=3600"
        assert "Last-Modified" in response and "attachment" in response["Content-Disposition"]
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304 and again.content == b""


def test_a_cycle_published_before_the_files_were_stored_still_downloads(client, ready, manager):
    cycle, _projects = ready()
    svc.cycle_publish_results(cycle, staff=manager)
    CycleResultFile.objects.all().delete()  # as published by the code before this change
    cycle = Cycle.objects.get(pk=cycle.pk)
    expected = svc.cycle_export_pb(cycle)
    response = client.get(f"/en/budget/{cycle.pk}/results.pb")
    assert response.status_code == 200 and response.content.decode() == expected
    assert CycleResultFile.objects.filter(kind="pb").count() == 1  # built once, then stored
    with translation.override("uz"):
        expected_csv = svc.results_csv(cycle)
    assert client.get(f"/uz/budget/{cycle.pk}/results.csv").content.decode() == expected_csv


GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_browser_that_accepts_gzip_gets_the_copy_compressed_at_publication(client, ready, manager):
    for url, stored in _published_downloads(ready, manager):
        response = client.get(url, **GZIP)
        assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == stored.content.encode("utf-8")
        assert "attachment" in response["Content-Disposition"]
        # Caches keep the two representations apart, and each has its own validator.
        assert "Accept-Encoding" in response["Vary"] and "Accept-Encoding" in client.get(url)["Vary"]
        assert response["ETag"] == f'W/"{stored.etag}"'
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"], **GZIP)
        assert again.status_code == 304 and again.content == b""
        plain = client.get(url, HTTP_ACCEPT_ENCODING="identity")
        assert not plain.has_header("Content-Encoding") and plain.content == stored.content.encode("utf-8")


def test_production_compression_leaves_the_stored_copy_as_it_is(client, ready, manager, settings):
    settings.MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *settings.MIDDLEWARE]
    cycle, _projects = ready()
    svc.cycle_publish_results(cycle, staff=manager)
    response = client.get(f"/en/budget/{cycle.pk}/results.pb", **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).decode() == CycleResultFile.objects.get(kind="pb").content


def test_a_file_stored_before_the_gzipped_copies_gets_one_at_its_first_compressed_download(client, ready, manager):
    cycle, _projects = ready()
    svc.cycle_publish_results(cycle, staff=manager)
    CycleResultFile.objects.update(content_gzip=None)  # as stored by the code before them
    text = CycleResultFile.objects.get(kind="pb").content
    response = client.get(f"/en/budget/{cycle.pk}/results.pb", **GZIP)
    assert gzip.decompress(response.content).decode() == text
    assert gzip.decompress(CycleResultFile.objects.get(kind="pb").content_gzip).decode() == text


def _published_with(ballots, make_cycle, make_project, tree, manager, *, projects=4):
    cycle = make_cycle("results", at=timezone.now(), budget=1000 * M, max_project_cost=600 * M, winner_rule="mes-add1")
    mahallas = [tree.istiqlol, tree.navbahor]
    made = [make_project(cycle, cost=(100 + 50 * (n % 4)) * M, mahalla=mahallas[n % 2]) for n in range(projects)]
    cast(cycle, *[[made[n % projects], made[(n + 1 + (n // 4) % 3) % projects]] for n in range(ballots)])
    svc.cycle_publish_results(cycle, staff=manager)
    return cycle


@pytest.mark.parametrize("sizes", [{"ballots": 60}, {"ballots": 600}, {"ballots": 60, "projects": 12}])
def test_results_page_and_downloads_cost_the_same_queries_whatever_the_ballots_and_projects(
    client, make_cycle, make_project, tree, manager, sizes
):
    """Against 60 ballots on 4 projects: as many queries at 600 ballots, or at 12 projects
    (the page reads only the fields its rows show: one left out would cost a query a row)."""
    counts = []
    for size in ({"ballots": 60}, sizes):
        cycle = _published_with(
            size["ballots"], make_cycle, make_project, tree, manager, projects=size.get("projects", 4)
        )
        requests = [(f"/uz/budget/{cycle.pk}/results/", {}), (f"/uz/budget/{cycle.pk}/results.pb", {})]
        requests += [(f"/uz/budget/{cycle.pk}/results.pb", GZIP), (f"/uz/budget/{cycle.pk}/results.csv", GZIP)]
        for url, headers in requests:
            client.get(url, **headers)  # warm the per-process caches (site root, locales)
        queries = []
        for url, headers in requests:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, **headers).status_code == 200
            queries.append(len(captured.captured_queries))
        counts.append(queries)
    assert counts[0] == counts[1]


@postgres_only
@pytest.mark.parametrize("ballot_type", ["approval", "cumulative"])
def test_the_database_gathered_read_equals_the_joined_read(ballot_type, make_cycle, make_project):
    """PostgreSQL gathers each ballot's choices in the query; the plain join (SQLite) reads
    them row by row: the same ballots, in the same order, with the same choices."""
    cycle = make_cycle("results", at=timezone.now(), ballot_type=ballot_type, budget=1000 * M)
    on_ballot = [make_project(cycle, cost=(100 + n) * M) for n in range(4)]
    withdrawn = make_project(cycle, status=ProjectStatus.WITHDRAWN, cost=50 * M)
    rng = random.Random(3)
    for _ in range(40):
        chosen = rng.sample([*on_ballot, withdrawn], rng.randint(0, 3))
        cast(cycle, {project: rng.randint(1, 4) for project in chosen})
    cast(cycle, on_ballot[:2], annulment=None)
    projects = svc._ballot_projects(cycle)
    pb_ids = {project.pk: svc.project_pb_id(project) for project in projects}
    cumulative = ballot_type == "cumulative"
    gathered = svc._ballots_aggregated(cycle, pb_ids, cumulative)
    joined = svc._ballots_joined(cycle, pb_ids, cumulative)
    assert len(gathered) == 41
    assert [(b.voter_id, b.projects, b.points) for b in gathered] == [
        (b.voter_id, b.projects, b.points) for b in joined
    ]
