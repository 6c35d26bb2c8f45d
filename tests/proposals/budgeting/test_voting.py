"""Casting a budget ballot: who may vote when, what a valid ballot is, and that every refusal
has a message the voter can act on and leaves the database exactly as it was."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import translation

from participation.exceptions import ServiceError
from participation.models import TerritoryKind, VerificationLevel
from participation.ratelimit import TOO_MANY
from proposals.budgeting.models import (
    PHASE_ORDER,
    Ballot,
    BallotChoice,
    BallotCohort,
    Cycle,
    Participation,
    ProjectStatus,
    SealedBallot,
)
from proposals.budgeting.services import voting as svc
from tests.factories import UserFactory
from tests.factories.budgeting import PHASE_DAYS
from tests.fixtures.budgeting import open_box
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db

NOW = T0 + timedelta(hours=1)


def stored_choices(cycle) -> int:
    """The choices as the count reads them, once it has opened the sealed ballots."""
    open_box(cycle)
    return BallotChoice.objects.count()


def rows() -> tuple[int, int, int, int]:
    return (
        Participation.objects.count(),
        SealedBallot.objects.count() + Ballot.objects.count(),
        BallotChoice.objects.count(),
        BallotCohort.objects.count(),
    )


@pytest.fixture
def approval(make_cycle, make_project):
    """An approval cycle (K = 3) with four projects on the ballot."""
    cycle = make_cycle("voting")
    projects = [make_project(cycle, cost=100_000_000) for _ in range(4)]
    return cycle, projects


def ticks(*projects) -> dict[int, int]:
    return {project.pk: 1 for project in projects}


# --- eligibility ------------------------------------------------------------------------------


def person(tree, *, verified=True, home="navbahor", birth_year=None):
    fields = {"verification_level": VerificationLevel.EMAIL if verified else VerificationLevel.NONE}
    if birth_year is not None:
        fields.update(birth_year=birth_year, demographics_consent_at=T0 - timedelta(days=400))
    return UserFactory(home_territory=getattr(tree, home) if home else None, **fields)


ELIGIBILITY = [
    # verified, home, birth year, minimum age -> the message (None: may vote)
    (True, "navbahor", None, 0, None),
    (True, "istiqlol", 1990, 18, None),
    (True, "yangiqorgon", 2008, 18, None),  # 18 in 2026: old enough by the year, the only data kept
    (False, "navbahor", None, 0, svc.NOT_VERIFIED),
    (False, "duoba", None, 0, svc.NOT_VERIFIED),  # the first unmet rule is the one explained
    (True, "duoba", None, 0, svc.NOT_RESIDENT),
    (True, "zomin", 1990, 18, svc.NOT_RESIDENT),
    (True, None, None, 0, svc.NO_HOME),
    (False, None, None, 0, svc.NOT_VERIFIED),
    (True, "navbahor", None, 18, svc.AGE_UNKNOWN),
    (True, "navbahor", 2009, 18, svc.TOO_YOUNG),
    (True, "duoba", 2010, 18, svc.NOT_RESIDENT),
]


@pytest.mark.parametrize(("verified", "home", "birth_year", "minimum_age", "expected"), ELIGIBILITY)
def test_eligibility_matrix(tree, make_cycle, make_project, verified, home, birth_year, minimum_age, expected):
    cycle = make_cycle("voting", minimum_age=minimum_age)
    project = make_project(cycle)
    user = person(tree, verified=verified, home=home, birth_year=birth_year)

    refusal = svc.vote_refusal(cycle, user, NOW)

    if expected is None:
        assert refusal is None
        assert user.has_perm("proposals.eligible_to_vote", cycle)
        svc.ballot_cast(cycle, user, ticks(project), now=NOW)
        assert rows()[:3] == (1, 1, 0)  # a participation and a sealed ballot
        assert stored_choices(cycle) == 1
    else:
        assert str(refusal) == str(
            expected
            % {
                "level": VerificationLevel.EMAIL.label,
                "territory": cycle.territory.name,
                "age": minimum_age,
            }
        )
        with pytest.raises(ServiceError) as refused:
            svc.ballot_cast(cycle, user, ticks(project), now=NOW)
        assert str(refused.value.message) == str(refusal)
        assert rows() == (0, 0, 0, 0)


PHASE_REFUSAL = {
    "submission": svc.VOTING_NOT_STARTED,
    "review": svc.VOTING_NOT_STARTED,
    "voting": None,
    "results": svc.VOTING_ENDED,
    "implementation": svc.VOTING_ENDED,
}


@pytest.mark.parametrize("phase", PHASE_ORDER)
def test_eligibility_in_every_phase(tree, make_cycle, make_project, phase):
    """Every combination of verification x home x age, in each phase at a frozen moment:
    outside voting everyone hears the phase; during voting, the first unmet rule, in the order
    verification, residence, age. Nobody refused leaves a trace in the database."""
    cycle = make_cycle(phase, minimum_age=18)
    project = make_project(cycle)
    for verified in (True, False):
        for home in ("istiqlol", "oʻrikli", None):
            for birth_year in (1990, None, 2012):
                voter = person(tree, verified=verified, home=home, birth_year=birth_year)
                expected = PHASE_REFUSAL[phase]
                if expected is None:
                    expected = (
                        svc.NOT_VERIFIED
                        if not verified
                        else svc.NO_HOME
                        if home is None
                        else svc.NOT_RESIDENT
                        if home == "oʻrikli"
                        else svc.AGE_UNKNOWN
                        if birth_year is None
                        else svc.TOO_YOUNG
                        if birth_year == 2012
                        else None
                    )
                refusal = svc.vote_refusal(cycle, voter, T0)
                case = (phase, verified, home, birth_year)
                if expected is None:
                    assert refusal is None, case
                    continue
                assert str(refusal) == str(
                    expected
                    % {
                        "level": VerificationLevel.EMAIL.label,
                        "territory": cycle.territory.name,
                        "age": 18,
                    }
                ), case
                with pytest.raises(ServiceError):
                    svc.ballot_cast(cycle, voter, ticks(project), now=T0)
                assert rows() == (0, 0, 0, 0), case


def test_the_verification_level_is_the_cycles(tree, make_cycle, make_project):
    cycle = make_cycle("voting", verification_level=VerificationLevel.IN_PERSON)
    project = make_project(cycle)
    by_email, in_person = person(tree), person(tree)
    in_person.verification_level = VerificationLevel.IN_PERSON
    in_person.save()

    assert str(svc.vote_refusal(cycle, by_email, NOW)) == (
        "To vote in this cycle your account must be verified: Verified in person."
    )
    svc.ballot_cast(cycle, in_person, ticks(project), now=NOW)
    assert Participation.objects.filter(user=in_person).exists()


@pytest.mark.parametrize("phase", PHASE_ORDER)
def test_only_the_voting_phase_takes_ballots(tree, make_cycle, make_project, phase):
    cycle = make_cycle(phase)
    project = make_project(cycle)
    voter = person(tree)
    expected = {
        "submission": svc.VOTING_NOT_STARTED,
        "review": svc.VOTING_NOT_STARTED,
        "voting": None,
        "results": svc.VOTING_ENDED,
        "implementation": svc.VOTING_ENDED,
    }[phase]

    assert svc.vote_refusal(cycle, voter, T0) == expected
    if expected is None:
        svc.ballot_cast(cycle, voter, ticks(project), now=T0)
        assert rows()[:2] == (1, 1)
    else:
        with pytest.raises(ServiceError) as refused:
            svc.ballot_cast(cycle, voter, ticks(project), now=T0)
        assert refused.value.message == expected
        assert rows() == (0, 0, 0, 0)


def test_voting_opens_and_closes_on_the_phase_dates(tree, make_cycle, make_project):
    cycle = make_cycle("voting")
    project = make_project(cycle)
    voting = cycle.phases.get(kind="voting")
    assert voting.ends_at - voting.starts_at == timedelta(days=PHASE_DAYS)
    voter = person(tree)

    assert svc.vote_refusal(cycle, voter, voting.starts_at - timedelta(seconds=1)) == svc.VOTING_NOT_STARTED
    assert svc.vote_refusal(cycle, voter, voting.starts_at) is None
    assert svc.vote_refusal(cycle, voter, voting.ends_at - timedelta(seconds=1)) is None
    assert svc.vote_refusal(cycle, voter, voting.ends_at) == svc.VOTING_ENDED
    with pytest.raises(ServiceError):
        svc.ballot_cast(cycle, voter, ticks(project), now=voting.ends_at)
    assert rows() == (0, 0, 0, 0)


def test_a_phase_extension_keeps_voting_open(tree, make_cycle, make_project, make_staff):
    from participation.models import StaffRoleKind
    from proposals.budgeting.services.cycles import phase_extend

    cycle = make_cycle("voting")
    project = make_project(cycle)
    voting = cycle.phases.get(kind="voting")
    late = voting.ends_at + timedelta(hours=3)
    assert svc.vote_refusal(cycle, person(tree), late) == svc.VOTING_ENDED

    phase_extend(
        voting,
        new_ends_at=voting.ends_at + timedelta(days=2),
        note="Elektr uzildi, ovoz berish uzaytirildi.",
        staff=make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon),
        now=T0,
    )
    svc.ballot_cast(cycle, person(tree), ticks(project), now=late)
    assert rows()[:2] == (1, 1)


def test_a_visitor_must_sign_in(approval):
    from django.contrib.auth.models import AnonymousUser

    cycle, projects = approval
    assert svc.vote_refusal(cycle, AnonymousUser(), NOW) == svc.SIGN_IN
    with pytest.raises(ServiceError) as refused:
        svc.ballot_cast(cycle, AnonymousUser(), ticks(projects[0]), now=NOW)
    assert refused.value.message == svc.SIGN_IN
    assert rows() == (0, 0, 0, 0)


def test_the_age_rule_follows_the_frozen_clock(tree, make_cycle, make_project):
    """Born in 2008: too young for a cycle voting in 2025, old enough for one voting in 2026.
    The service and the named permission agree, both reading the (frozen) clock."""
    voter = person(tree, birth_year=2008)
    a_year_earlier = NOW - timedelta(days=366)
    last_year = make_cycle("voting", at=a_year_earlier, minimum_age=18, title="Yangiqoʻrgʻon 2025")
    this_year = make_cycle("voting", minimum_age=18)
    old, new = make_project(last_year), make_project(this_year)

    with mock.patch("django.utils.timezone.now", return_value=a_year_earlier):
        assert str(svc.vote_refusal(last_year, voter)) == "This cycle is open to voters aged 18 or older."
        assert not voter.has_perm("proposals.eligible_to_vote", last_year)
        with pytest.raises(ServiceError):
            svc.ballot_cast(last_year, voter, ticks(old))
    assert rows() == (0, 0, 0, 0)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        assert voter.has_perm("proposals.eligible_to_vote", this_year)
        svc.ballot_cast(this_year, voter, ticks(new))
    assert rows()[:2] == (1, 1)


# --- casting ----------------------------------------------------------------------------------


def test_a_ballot_is_stored_apart_from_the_voter(tree, approval, resident):
    cycle, projects = approval
    voter = resident(mahalla=tree.istiqlol)

    participation = svc.ballot_cast(
        cycle,
        voter,
        ticks(projects[2], projects[0]),
        ip="203.0.113.7",
        device="cookie-value-123",
        now=NOW + timedelta(minutes=17, seconds=5),
    )

    participation.refresh_from_db()
    assert (participation.cycle, participation.user, participation.mahalla) == (cycle, voter, tree.istiqlol)
    # Only the hour is kept: the voters of one hour cannot be put in the order they voted.
    assert participation.voted_hour == NOW
    assert participation.ip == "203.0.113.7"
    assert participation.device == svc.device_fingerprint("cookie-value-123")
    assert "cookie-value-123" not in participation.device and len(participation.device) == 64
    assert len(participation.receipt_code) == 10
    assert SealedBallot.objects.get().cycle == cycle and not Ballot.objects.exists()  # sealed until the count
    open_box(cycle)
    ballot = Ballot.objects.get()
    assert (ballot.cycle, ballot.cast_on, ballot.annulment) == (cycle, NOW.date(), None)
    chosen = sorted(ballot.choices.values_list("project_id", "points"))
    assert chosen == sorted([(projects[0].pk, 1), (projects[2].pk, 1)])


def test_the_day_of_a_ballot_is_tashkents(approval, resident):
    """At 00:30 in Tashkent it is still the previous day in UTC; the ballot carries Tashkent's."""
    cycle, projects = approval
    just_after_midnight = T0.replace(hour=0, minute=30) + timedelta(days=1)
    svc.ballot_cast(cycle, resident(), ticks(projects[0]), now=just_after_midnight)
    open_box(cycle)
    assert Ballot.objects.get().cast_on.isoformat() == "2026-11-03"


def test_a_voter_living_in_the_district_itself_has_no_mahalla(tree, approval, resident):
    cycle, projects = approval
    participation = svc.ballot_cast(cycle, resident(mahalla=tree.yangiqorgon), ticks(projects[0]), now=NOW)
    assert tree.yangiqorgon.kind == TerritoryKind.DISTRICT
    assert participation.mahalla is None


def test_a_second_ballot_is_refused_and_changes_nothing(approval, resident):
    cycle, projects = approval
    voter = resident()
    first = svc.ballot_cast(cycle, voter, ticks(projects[0]), now=NOW)
    before = rows()

    assert svc.vote_refusal(cycle, voter, NOW) == svc.ALREADY_VOTED
    with pytest.raises(ServiceError) as refused:
        svc.ballot_cast(cycle, voter, ticks(projects[1], projects[2]), now=NOW + timedelta(minutes=5))
    assert refused.value.message == svc.ALREADY_VOTED
    assert rows() == before
    open_box(cycle)
    assert list(Ballot.objects.get().choices.values_list("project_id", flat=True)) == [projects[0].pk]
    assert Participation.objects.get().receipt_code == first.receipt_code


def test_the_database_refuses_a_second_ballot_even_past_the_early_check(approval, resident):
    """The constraint is the rule: with the early check blinded, the insert still fails and the
    voter gets the same message, with no second ballot written."""
    cycle, projects = approval
    voter = resident()
    svc.ballot_cast(cycle, voter, ticks(projects[0]), now=NOW)
    before = rows()

    with mock.patch.object(svc, "vote_refusal", return_value=None), pytest.raises(ServiceError) as refused:
        svc.ballot_cast(cycle, voter, ticks(projects[1]), now=NOW)
    assert refused.value.message == svc.ALREADY_VOTED
    assert rows() == before


def test_each_cycle_takes_its_own_ballot(make_cycle, make_project, resident):
    first, second = make_cycle("voting"), make_cycle("voting", title="Yangiqoʻrgʻon 2027")
    voter = resident()
    svc.ballot_cast(first, voter, ticks(make_project(first)), now=NOW)
    svc.ballot_cast(second, voter, ticks(make_project(second)), now=NOW)
    assert Participation.objects.filter(user=voter).count() == 2


def test_there_is_no_way_to_change_or_withdraw_a_ballot():
    public = {name for name in dir(svc) if not name.startswith("_") and callable(getattr(svc, name))}
    words = ("withdraw", "change", "edit", "update", "delete")
    assert not {name for name in public if any(word in name for word in words)}


def test_the_rate_limit_refuses_and_writes_nothing(approval, resident):
    cycle, projects = approval
    with override_settings(RATE_LIMITS={"pb_vote": {"user": (10_000, 3600), "ip": (2, 3600)}}):
        svc.ballot_cast(cycle, resident(), ticks(projects[0]), ip="198.51.100.250", now=NOW)
        svc.ballot_cast(cycle, resident(), ticks(projects[0]), ip="198.51.100.250", now=NOW)
        before = rows()
        with pytest.raises(ServiceError) as refused:
            svc.ballot_cast(cycle, resident(), ticks(projects[0]), ip="198.51.100.250", now=NOW)
    assert refused.value.message == TOO_MANY
    assert rows() == before


def test_a_malformed_address_is_not_stored(approval, resident):
    cycle, projects = approval
    participation = svc.ballot_cast(cycle, resident(), ticks(projects[0]), ip="not-an-address", now=NOW)
    participation.refresh_from_db()
    assert participation.ip is None


# --- what a valid ballot is ------------------------------------------------------------------


def refused_with(cycle, choices, voter) -> str:
    before = rows()
    with pytest.raises(ServiceError) as refused:
        svc.ballot_cast(cycle, voter, choices, now=NOW)
    assert rows() == before, "a refused ballot changed the database"
    assert svc.vote_refusal(cycle, voter, NOW) is None, "a refused ballot used up the vote"
    return str(refused.value.message)


def test_more_than_k_projects(approval, resident):
    cycle, projects = approval
    check = svc.ballot_check(cycle, ticks(*projects))
    assert (check.ok, check.count, check.limit_count, check.limit_cost) == (False, 4, 3, None)
    assert [str(error) for error in check.errors] == ["You chose 4 projects; this ballot allows at most 3."]
    assert check.projects == projects  # kept, in ballot order, so the page can show them ticked
    assert refused_with(cycle, ticks(*projects), resident()) == "You chose 4 projects; this ballot allows at most 3."


def test_exactly_k_projects_is_a_valid_ballot(approval, resident):
    cycle, projects = approval
    check = svc.ballot_check(cycle, ticks(*projects[:3]))
    assert check.ok and check.count == 3 and check.total_cost == 300_000_000
    svc.ballot_cast(cycle, resident(), ticks(*projects[:3]), now=NOW)
    assert stored_choices(cycle) == 3


def test_fewer_than_the_minimum(make_cycle, make_project, resident):
    cycle = make_cycle("voting", min_choices=2)
    projects = [make_project(cycle) for _ in range(3)]
    assert refused_with(cycle, ticks(projects[0]), resident()) == "Choose at least 2 projects; you chose 1."
    assert refused_with(cycle, {}, resident()) == "Choose at least one project."


def test_over_the_budget_on_a_knapsack_ballot(make_cycle, make_project, resident):
    cycle = make_cycle("voting", ballot_type="knapsack", budget=1_000_000_000)
    projects = [make_project(cycle, cost=400_000_000) for _ in range(3)]
    check = svc.ballot_check(cycle, ticks(*projects))
    assert (check.total_cost, check.limit_cost, check.limit_count) == (1_200_000_000, 1_000_000_000, None)
    message = "Your choices cost 1,200,000,000 soum, above the budget of 1,000,000,000 soum."
    assert [str(error) for error in check.errors] == [message]
    assert refused_with(cycle, ticks(*projects), resident()) == message

    svc.ballot_cast(cycle, resident(), ticks(*projects[:2]), now=NOW)  # 800 million fits
    assert stored_choices(cycle) == 2


def test_a_knapsack_ballot_costing_exactly_the_budget_is_accepted_and_one_soum_more_is_not(
    make_cycle, make_project, resident
):
    """The budget is a limit the ballot may reach: "at most", not "below"."""
    cycle = make_cycle("voting", ballot_type="knapsack", budget=1_000_000_000, max_project_cost=600_000_000)
    exact = [make_project(cycle, cost=400_000_000), make_project(cycle, cost=600_000_000)]
    check = svc.ballot_check(cycle, ticks(*exact))
    assert (check.total_cost, check.ok, check.errors) == (1_000_000_000, True, [])
    svc.ballot_cast(cycle, resident(), ticks(*exact), now=NOW)
    assert stored_choices(cycle) == 2

    over = [make_project(cycle, cost=400_000_001), make_project(cycle, cost=600_000_000)]
    check = svc.ballot_check(cycle, ticks(*over))
    assert (check.total_cost, check.ok) == (1_000_000_001, False)
    message = "Your choices cost 1,000,000,001 soum, above the budget of 1,000,000,000 soum."
    assert [str(error) for error in check.errors] == [message]
    assert refused_with(cycle, ticks(*over), resident()) == message
    assert stored_choices(cycle) == 2


def test_the_knapsack_counts_the_staff_estimate(make_cycle, make_project, resident):
    cycle = make_cycle("voting", ballot_type="knapsack", budget=500_000_000, max_project_cost=400_000_000)
    cheap, dear = make_project(cycle, cost=200_000_000), make_project(cycle, cost=200_000_000)
    dear.estimated_cost, dear.staff_cost = 100_000_000, 350_000_000
    dear.save()
    check = svc.ballot_check(cycle, ticks(cheap, dear))
    assert check.total_cost == 550_000_000 and not check.ok


def test_amounts_are_written_the_voters_way(make_cycle, make_project):
    """The message is put together when it is shown, so its numbers follow the voter's
    language: 1,200,000,000 in English, 1 200 000 000 (non-breaking spaces) in Russian."""
    cycle = make_cycle("voting", ballot_type="knapsack", budget=1_000_000_000)
    projects = [make_project(cycle, cost=400_000_000) for _ in range(3)]
    with translation.override("en"):
        english = str(svc.ballot_check(cycle, ticks(*projects)).errors[0])
    with translation.override("ru"):
        russian = str(svc.ballot_check(cycle, ticks(*projects)).errors[0])
    assert "1,200,000,000" in english and "1,000,000,000" in english
    assert "1\xa0200\xa0000\xa0000" in russian and "1\xa0000\xa0000\xa0000" in russian


@pytest.mark.parametrize("status", [ProjectStatus.NOT_FEASIBLE, ProjectStatus.REVIEW, ProjectStatus.WITHDRAWN])
def test_a_project_off_the_ballot(make_cycle, make_project, resident, status):
    cycle = make_cycle("voting")
    good, bad = make_project(cycle), make_project(cycle, status=status, title="Koʻprik qurish")
    public = status in (ProjectStatus.NOT_FEASIBLE, ProjectStatus.REVIEW)
    expected = "“Koʻprik qurish” is not on the ballot." if public else str(svc.NOT_ON_BALLOT)
    assert refused_with(cycle, ticks(good, bad), resident()) == expected


def test_a_project_in_moderation_is_never_named(make_cycle, make_project, resident):
    cycle = make_cycle("voting")
    hidden = make_project(cycle, status=ProjectStatus.MODERATION, title="Hali tekshirilmagan")
    assert refused_with(cycle, ticks(hidden), resident()) == str(svc.NOT_ON_BALLOT)


def test_a_project_of_another_cycle_or_none_at_all(make_cycle, make_project, resident):
    cycle, other = make_cycle("voting"), make_cycle("voting", territory=None, title="Boshqa sikl")
    mine, theirs = make_project(cycle), make_project(other)
    voter = resident()
    assert refused_with(cycle, ticks(mine, theirs), voter) == str(svc.NOT_ON_BALLOT)
    assert refused_with(cycle, {mine.pk: 1, 987_654: 1}, voter) == str(svc.NOT_ON_BALLOT)
    assert refused_with(cycle, {"abc": 1}, voter) == str(svc.NOT_ON_BALLOT)


def test_cumulative_points(make_cycle, make_project, resident):
    cycle = make_cycle("voting", ballot_type="cumulative", points_total=10, min_choices=3)
    projects = [make_project(cycle) for _ in range(4)]
    voter = resident()

    assert (
        refused_with(cycle, {projects[0].pk: 6, projects[1].pk: 5, projects[2].pk: 1}, voter)
        == "You gave 12 points; you have 10 to share."
    )
    assert (
        refused_with(cycle, {projects[0].pk: 9, projects[1].pk: 1}, voter)
        == "Share your points among at least 3 projects; you chose 2."
    )
    assert refused_with(cycle, {projects[0].pk: 5, projects[1].pk: -1, projects[2].pk: 3}, voter) == str(
        svc.POINTS_WHOLE
    )
    assert refused_with(cycle, {projects[0].pk: "2.5", projects[1].pk: 1, projects[2].pk: 3}, voter) == str(
        svc.POINTS_WHOLE
    )

    form = {projects[0].pk: "5", projects[1].pk: "3", projects[2].pk: "2", projects[3].pk: "0"}
    check = svc.ballot_check(cycle, form)
    assert (check.ok, check.points_total, check.points_used, check.count) == (True, 10, 10, 3)
    svc.ballot_cast(cycle, voter, form, now=NOW)
    open_box(cycle)
    assert sorted(BallotChoice.objects.values_list("project_id", "points")) == sorted(
        [(projects[0].pk, 5), (projects[1].pk, 3), (projects[2].pk, 2)]
    )


def test_approval_values_are_ticks(approval, resident):
    cycle, projects = approval
    check = svc.ballot_check(cycle, {projects[0].pk: 7, projects[1].pk: "on"})
    assert check.ok and check.points == {projects[0].pk: 1, projects[1].pk: 1}


# --- receipts and retention -------------------------------------------------------------------


def test_a_receipt_proves_participation_and_nothing_more(approval, resident):
    cycle, projects = approval
    code = svc.ballot_cast(cycle, resident(), ticks(projects[1]), now=NOW).receipt_code
    spoken = f" {code[:5].lower()}-{code[5:]} "

    assert svc.receipt_lookup(code) == {"cycle": cycle, "day": NOW.date()}
    assert svc.receipt_lookup(spoken) == {"cycle": cycle, "day": NOW.date()}
    assert svc.receipt_lookup("ABCDEFGHJK" if code != "ABCDEFGHJK" else "ZZZZZZZZZZ") is None
    assert svc.receipt_lookup("") is None
    assert svc.receipt_lookup("x" * 500) is None


def test_addresses_are_forgotten_thirty_days_after_publication(approval, make_cycle, make_project, resident):
    cycle, projects = approval
    still_open = make_cycle("voting", title="Boshqa sikl")
    svc.ballot_cast(cycle, resident(), ticks(projects[0]), ip="203.0.113.9", device="d1", now=NOW)
    kept = svc.ballot_cast(
        still_open, resident(), ticks(make_project(still_open)), ip="203.0.113.9", device="d2", now=NOW
    )
    published = T0 + timedelta(days=20)
    type(cycle).objects.filter(pk=cycle.pk).update(results_published_at=published)

    assert svc.participations_forget_addresses(now=published + timedelta(days=29)) == 0
    assert svc.participations_forget_addresses(now=published + timedelta(days=31)) == 1
    assert svc.participations_forget_addresses(now=published + timedelta(days=32)) == 0

    forgotten = Participation.objects.get(cycle=cycle)
    assert (forgotten.ip, forgotten.device) == (None, "")
    assert svc.receipt_lookup(forgotten.receipt_code)["cycle"] == cycle  # the receipt still proves it
    kept.refresh_from_db()
    assert kept.ip == "203.0.113.9" and kept.device


def test_a_receipt_code_drawn_twice_is_drawn_again(approval, resident):
    """Two voters drawing the same receipt code (one chance in 800 trillion) must not be told
    they already voted: the second gets a fresh code."""
    cycle, projects = approval
    field = Participation._meta.get_field("receipt_code")
    codes = iter(["AAAAAAAAAA", "AAAAAAAAAA", "BBBBBBBBBB"])
    # Field defaults are read through the cached ``_get_default``; patch that, not ``default``.
    with mock.patch.object(field, "_get_default", lambda: next(codes)):
        first = svc.ballot_cast(cycle, resident(), ticks(projects[0]), now=NOW)
        second = svc.ballot_cast(cycle, resident(), ticks(projects[1]), now=NOW)
    assert (first.receipt_code, second.receipt_code) == ("AAAAAAAAAA", "BBBBBBBBBB")
    assert rows()[:2] == (2, 2)


def test_no_ballot_is_accepted_once_the_results_are_published(approval, resident):
    cycle, projects = approval
    Cycle.objects.filter(pk=cycle.pk).update(results_published_at=NOW)
    with pytest.raises(ServiceError) as refused:
        svc.ballot_cast(cycle, resident(), ticks(projects[0]), now=NOW)
    assert refused.value.message == svc.VOTING_ENDED
    assert not Participation.objects.exists() and not SealedBallot.objects.exists()
