"""A project's path: submitted by a resident, through the shared moderation queue, feasibility
recorded by staff, then (if it wins) implementation updates, follower e-mails and the
completion sign-off by the initiator and the mahalla chair."""

from datetime import timedelta

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from participation.exceptions import ServiceError
from participation.follows.selectors import follows_of
from participation.models import ModerationItem, ModerationOutcome, ReasonCode, StaffRoleKind, VerificationLevel
from participation.moderation.services import moderation_appeal, moderation_decide
from proposals.budgeting.models import (
    Cycle,
    ImplementationStatus,
    PBCategory,
    Project,
    ProjectSignOff,
    ProjectStatus,
    ProjectUpdate,
)
from proposals.budgeting.services import projects as svc
from tests.fixtures.clock import T0

P = ProjectStatus


def _submit(cycle, author, **overrides):
    values = {
        "cycle": cycle,
        "author": author,
        "title": "Navbahor koʻchasiga yoritish chiroqlari",
        "description": "Kechasi qorongʻi, bolalar maktabdan qaytishda qiynaladi: 40 ta chiroq kerak.",
        "category": PBCategory.objects.get(slug="electricity"),
        "mahalla": author.home_territory,
        "estimated_cost": 120_000_000,
        "now": T0,
    }
    values.update(overrides)
    return svc.project_submit(**values)


def test_a_submitted_project_waits_in_the_territory_queue_and_is_published_on_approval(make_cycle, resident, people):
    cycle = make_cycle("submission")
    project = _submit(cycle, resident())
    assert project.status == P.MODERATION and project.estimated_cost == 120_000_000
    item = ModerationItem.objects.get()
    assert item.territory == cycle.territory and item.author == project.author
    moderation_decide(item=item, moderator=people.moderator, outcome=ModerationOutcome.APPROVE, now=T0)
    assert Project.objects.get(pk=project.pk).status == P.REVIEW


def test_a_rejected_project_keeps_its_reason_and_the_appeal_returns_it_to_moderation(make_cycle, resident, people):
    cycle = make_cycle("submission")
    author = resident()
    project = _submit(cycle, author)
    reason = ReasonCode.objects.get_or_create(code="spam", defaults={"label_uz": "Spam"})[0]
    item = ModerationItem.objects.get()
    moderation_decide(
        item=item,
        moderator=people.moderator,
        outcome=ModerationOutcome.REJECT,
        reason=reason,
        explanation="Reklama matni.",
        now=T0,
    )
    project.refresh_from_db()
    assert (project.status, project.rejection_reason, project.rejection_explanation) == (
        P.REJECTED,
        reason,
        "Reklama matni.",
    )
    moderation_appeal(item=ModerationItem.objects.get(pk=item.pk), author=author, text="Bu reklama emas.", now=T0)
    assert Project.objects.get(pk=project.pk).status == P.MODERATION


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"title": "  "}, svc.TITLE_REQUIRED),
        ({"description": ""}, svc.DESCRIPTION_REQUIRED),
        ({"estimated_cost": 0}, svc.COST_POSITIVE),
        ({"estimated_cost": -5}, svc.COST_POSITIVE),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(make_cycle, resident, overrides, message):
    cycle = make_cycle("submission")
    with pytest.raises(ServiceError) as refused:
        _submit(cycle, resident(), **overrides)
    assert refused.value.message == message
    assert not Project.objects.exists() and not ModerationItem.objects.exists()


def test_limits_name_the_limit(make_cycle, resident, tree):
    cycle = make_cycle("submission")
    author = resident()
    with pytest.raises(ServiceError) as too_long:
        _submit(cycle, author, title="x" * (Project.TITLE_MAX + 1))
    assert str(Project.TITLE_MAX) in str(too_long.value.message)
    with pytest.raises(ServiceError) as too_dear:
        _submit(cycle, author, estimated_cost=cycle.max_project_cost + 1)
    assert "400 000 000" in str(too_dear.value.message)
    with pytest.raises(ServiceError) as elsewhere:
        _submit(cycle, author, mahalla=tree.duoba)
    assert elsewhere.value.message == svc.MAHALLA_NOT_IN_TERRITORY
    with pytest.raises(ServiceError) as district:
        _submit(cycle, author, mahalla=tree.yangiqorgon)
    assert district.value.message == svc.MAHALLA_NOT_IN_TERRITORY
    cycle.categories.remove(PBCategory.objects.get(slug="electricity"))
    with pytest.raises(ServiceError) as category:
        _submit(cycle, author)
    assert category.value.message == svc.CATEGORY_NOT_IN_CYCLE
    assert not Project.objects.exists()


def test_who_may_submit_and_when(make_cycle, resident, tree):
    cycle = make_cycle("submission")
    for person, message in (
        (resident(mahalla=tree.duoba), svc.SUBMIT_NOT_RESIDENT),
        (resident(verification_level=VerificationLevel.NONE), svc.SUBMIT_NOT_VERIFIED),
    ):
        with pytest.raises(ServiceError) as refused:
            _submit(cycle, person, mahalla=tree.navbahor)
        assert refused.value.message == message
    voting = make_cycle("voting")
    with pytest.raises(ServiceError) as closed:
        _submit(voting, resident())
    assert closed.value.message == svc.SUBMIT_CLOSED
    assert not Project.objects.exists()


def test_cooldown_excludes_mahallas_that_won_recently_and_is_off_by_default(make_cycle, make_project, resident, tree):
    earlier = make_cycle("implementation", at=T0 + timedelta(days=30))
    Cycle.objects.filter(pk=earlier.pk).update(
        results_published_at=T0 - timedelta(days=300), created_at=T0 - timedelta(days=400)
    )
    make_project(earlier, status=P.SELECTED, mahalla=tree.navbahor)
    open_cycle = make_cycle("submission")
    assert _submit(open_cycle, resident()).mahalla == tree.navbahor  # off by default

    resting = make_cycle("submission", cooldown_cycles=1)
    with pytest.raises(ServiceError) as refused:
        _submit(resting, resident())
    assert "1" in str(refused.value.message)
    assert _submit(resting, resident(mahalla=tree.istiqlol)).mahalla == tree.istiqlol


def test_the_author_edits_during_the_phases_that_allow_it(make_cycle, make_project, resident, tree):
    author = resident()
    cycle = make_cycle("review")
    project = make_project(cycle, status=P.REVIEW, author=author)
    edited = svc.project_edit(
        project,
        author=author,
        title="Yangi nom",
        description="Yangi tavsif",
        category=project.category,
        mahalla=tree.istiqlol,
        estimated_cost=90_000_000,
        now=T0,
    )
    assert (edited.title, edited.mahalla, edited.estimated_cost) == ("Yangi nom", tree.istiqlol, 90_000_000)
    with pytest.raises(ServiceError):
        svc.project_edit(
            project,
            author=resident(),
            title="x",
            description="y",
            category=project.category,
            mahalla=tree.navbahor,
            estimated_cost=1,
            now=T0,
        )
    voting_project = make_project(make_cycle("voting"), status=P.REVIEW, author=author)
    with pytest.raises(ServiceError) as refused:
        svc.project_edit(
            voting_project,
            author=author,
            title="x",
            description="y",
            category=project.category,
            mahalla=tree.navbahor,
            estimated_cost=1,
            now=T0,
        )
    assert refused.value.message == svc.EDIT_NOT_ALLOWED


def test_feasibility_puts_projects_on_the_ballot_or_says_why_not(make_cycle, make_project, people):
    cycle = make_cycle("review")
    feasible = make_project(cycle, status=P.REVIEW, cost=150_000_000)
    recorded = svc.project_record_feasibility(
        feasible, staff=people.responder, feasible=True, staff_cost=180_000_000, now=T0
    )
    assert (recorded.status, recorded.staff_cost, recorded.cost) == (P.FEASIBLE, 180_000_000, 180_000_000)
    log = ModelLogEntry.objects.get(action="proposals.project_feasibility")
    assert log.user == people.responder and log.data["after"]["staff_cost"] == 180_000_000

    infeasible = make_project(cycle, status=P.REVIEW)
    with pytest.raises(ServiceError) as no_reason:
        svc.project_record_feasibility(infeasible, staff=people.responder, feasible=False, now=T0)
    assert no_reason.value.message == svc.FEASIBILITY_REASON_REQUIRED
    svc.project_record_feasibility(
        infeasible, staff=people.responder, feasible=False, note="Yer davlat zaxirasida.", now=T0
    )
    assert Project.objects.get(pk=infeasible.pk).feasibility_note == "Yer davlat zaxirasida."

    for cost, message in (
        (None, svc.STAFF_COST_REQUIRED),
        (0, svc.STAFF_COST_REQUIRED),
        (cycle.max_project_cost + 1, svc.STAFF_COST_OVER_MAX),
    ):
        with pytest.raises(ServiceError) as refused:
            svc.project_record_feasibility(
                make_project(cycle, status=P.REVIEW), staff=people.responder, feasible=True, staff_cost=cost, now=T0
            )
        assert refused.value.message == message
    with pytest.raises(ServiceError):
        svc.project_record_feasibility(
            make_project(cycle, status=P.REVIEW), staff=people.zomin_responder, feasible=True, staff_cost=1, now=T0
        )


def test_feasibility_cannot_change_the_ballot_once_voting_opened(make_cycle, make_project, people):
    project = make_project(make_cycle("voting"), status=P.REVIEW)
    with pytest.raises(ServiceError) as refused:
        svc.project_record_feasibility(project, staff=people.responder, feasible=True, staff_cost=1, now=T0)
    assert refused.value.message == svc.REVIEW_NOT_ALLOWED
    assert Project.objects.get(pk=project.pk).status == P.REVIEW


@pytest.fixture
def winner(make_cycle, make_project, resident):
    cycle = make_cycle("implementation")
    Cycle.objects.filter(pk=cycle.pk).update(results_published_at=T0 - timedelta(days=5))
    return make_project(Cycle.objects.get(pk=cycle.pk), status=P.SELECTED, author=resident(preferred_language="ru"))


def test_implementation_updates_are_dated_and_followers_hear_once_in_their_language(
    winner, people, resident, django_capture_on_commit_callbacks
):
    follower = resident(preferred_language="ru")
    svc.project_follow(winner, user=follower, now=T0)
    svc.project_follow(winner, user=follower, now=T0)  # idempotent
    assert follows_of(winner).count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update = svc.project_report_progress(
            winner,
            staff=people.responder,
            text="Tender eʼlon qilindi.",
            status=ImplementationStatus.PROCUREMENT,
            progress=10,
            now=T0,
        )
    assert update.created_at == T0
    winner.refresh_from_db()
    assert (winner.implementation_status, winner.progress) == (ImplementationStatus.PROCUREMENT, 10)
    assert [message.to for message in mail.outbox] == [[follower.email]]
    message = mail.outbox[0]
    assert winner.title in message.subject and "Tender eʼlon qilindi." in message.body
    assert f"/ru/budget/projects/{winner.pk}/" in message.body  # the link is in the reader's language
    from proposals.budgeting.services.notifications import notify_followers

    assert notify_followers(update.pk) == 0  # a retried task sends nothing twice
    svc.project_follow(winner, user=follower, follow=False)
    assert not follows_of(winner).exists()


@pytest.mark.parametrize(
    "status, progress, message",
    [("done", 90, svc.DONE_IS_100), ("in_progress", 101, svc.PROGRESS_RANGE), ("in_progress", -1, svc.PROGRESS_RANGE)],
)
def test_bad_progress_reports_are_refused(winner, people, status, progress, message):
    with pytest.raises(ServiceError) as refused:
        svc.project_report_progress(winner, staff=people.responder, text="x", status=status, progress=progress, now=T0)
    assert refused.value.message == message
    assert not ProjectUpdate.objects.exists()


def test_only_winners_get_implementation_updates(make_cycle, make_project, people):
    loser = make_project(make_cycle("implementation"), status=P.NOT_SELECTED)
    with pytest.raises(ServiceError) as refused:
        svc.project_report_progress(loser, staff=people.responder, text="x", status="planned", progress=0, now=T0)
    assert refused.value.message == svc.UPDATE_NOT_ALLOWED


def test_completion_is_signed_off_by_the_initiator_and_the_mahalla_chair(winner, people, resident, tree, make_staff):
    with pytest.raises(ServiceError) as early:
        svc.project_sign_off(winner, user=winner.author, role="initiator", now=T0)
    assert early.value.message == svc.SIGN_OFF_NOT_DONE
    svc.project_report_progress(winner, staff=people.responder, text="Ish tugadi.", status="done", progress=100, now=T0)
    district_manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    for person, role in ((resident(), "initiator"), (district_manager, "chair"), (winner.author, "chair")):
        with pytest.raises(ServiceError) as refused:
            svc.project_sign_off(winner, user=person, role=role, now=T0)
        assert refused.value.message == svc.SIGN_OFF_NOT_ALLOWED
    svc.project_sign_off(winner, user=winner.author, role="initiator", now=T0)
    svc.project_sign_off(winner, user=people.chair, role="chair", note="Tekshirildi.", now=T0)
    with pytest.raises(ServiceError) as twice:
        svc.project_sign_off(winner, user=people.chair, role="chair", now=T0)
    assert twice.value.message == svc.SIGN_OFF_ALREADY
    assert set(ProjectSignOff.objects.values_list("role", flat=True)) == {"initiator", "chair"}
    assert ModelLogEntry.objects.filter(action="proposals.project_signed_off").count() == 2


def test_withdrawal_leaves_the_queue_and_is_refused_once_voting_opened(make_cycle, make_project, resident):
    author = resident()
    cycle = make_cycle("submission")
    project = _submit(cycle, author)
    assert ModerationItem.objects.count() == 1
    svc.project_withdraw(project, author=author, now=T0)
    assert Project.objects.get(pk=project.pk).status == P.WITHDRAWN
    assert not ModerationItem.objects.exists()
    on_ballot = make_project(make_cycle("voting"), author=author)
    with pytest.raises(ServiceError):
        svc.project_withdraw(on_ballot, author=author, now=T0)


def test_editing_a_published_project_sends_it_back_to_the_moderators(make_cycle, make_project, resident, tree):
    author = resident()
    project = make_project(make_cycle("submission"), status=P.REVIEW, author=author)
    edited = svc.project_edit(
        project,
        author=author,
        title="Yangi matn",
        description="Boshqa tavsif",
        category=project.category,
        mahalla=tree.navbahor,
        estimated_cost=90_000_000,
        now=T0,
    )
    assert edited.status == P.MODERATION
    assert ModerationItem.objects.filter(object_id=project.pk, decided_at__isnull=True).count() == 1
