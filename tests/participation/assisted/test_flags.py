"""Anomaly flags on assisted acts: crafted data for each, the territory scope, the query budget,
and that a flag never refuses an act."""

import datetime as dt
import itertools
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings

from participation.assisted.models import AssistedAct, AssistedActKind, ConsentMethod
from participation.assisted.selectors import assisted_flags
from participation.assisted.services import Assistance, assisted_act_record
from participation.models import StaffRoleKind
from proposals.budgeting.models import Participation, PhaseKind
from proposals.petitions.models import Signature
from tests.fixtures.clock import T0, TASHKENT

pytestmark = pytest.mark.django_db

_ids = itertools.count(50_000)


@pytest.fixture
def operator(make_staff, tree):
    return make_staff(StaffRoleKind.OPERATOR, tree.yangiqorgon, full_name="Operator Olimjon")


@pytest.fixture
def centre(service_centre_page):
    service_centre_page.hours = [
        (
            "hours",
            {
                "periods": [
                    {"days": ["0", "1", "2", "3", "4"], "opens": dt.time(9), "closes": dt.time(18), "note": ""}
                ],
                "exceptions": [],
            },
        )
    ]
    service_centre_page.save_revision().publish()
    return service_centre_page


def acts(
    operator,
    resident,
    count,
    *,
    kind=AssistedActKind.PETITION_SIGNATURE,
    at=T0,
    step=timedelta(minutes=1),
    centre=None,
    mahalla=None,
):
    """``count`` acts by ``operator`` for new residents, ``step`` apart from ``at``."""
    model = Participation if kind == AssistedActKind.BUDGET_VOTE else Signature
    made = []
    for number in range(count):
        person = resident(mahalla=mahalla) if mahalla else resident()
        made.append(
            AssistedAct.objects.create(
                resident=person,
                operator=operator,
                centre=centre,
                kind=kind,
                target_type=ContentType.objects.get_for_model(model),
                target_id=next(_ids),
                territory=person.home_territory,
                consent_method=ConsentMethod.PAPER_FORM,
                consent_reference=f"PSC-{number}",
                created_at=at + number * step,
            )
        )
    return made


def kinds(flags):
    return sorted(flag.kind for flag in flags)


def period():
    return {"since": T0 - timedelta(days=30), "until": T0 + timedelta(days=30)}


@override_settings(ASSISTED_FLAG_ACTS_PER_HOUR=6, ASSISTED_FLAG_BALLOTS_PER_HOUR=4)
def test_many_acts_or_ballots_in_one_hour_by_one_operator_are_flagged(operator, resident, people, make_staff, tree):
    acts(operator, resident, 5)  # 10:00-10:04: five signatures, under six
    assert assisted_flags(people.manager, **period()) == []
    acts(operator, resident, 1, at=T0 + timedelta(minutes=30))
    (flag,) = assisted_flags(people.manager, **period())
    assert flag.kind == "many_acts" and flag.count == 6 and "Operator Olimjon did 6 assisted acts" in flag.description
    assert "2026-11-02 10:00" in flag.description and "2026-11-02 11:00" in flag.description
    # Ballots count sooner: four in another hour.
    acts(operator, resident, 4, kind=AssistedActKind.BUDGET_VOTE, at=T0 + timedelta(hours=2))
    assert kinds(assisted_flags(people.manager, **period())) == ["many_acts", "many_ballots"]
    # The same acts spread over hours, or by two operators, are not a cluster.
    other = make_staff(StaffRoleKind.OPERATOR, tree.yangiqorgon)
    acts(other, resident, 5, at=T0 + timedelta(days=1), step=timedelta(hours=1))
    assert kinds(assisted_flags(people.manager, **period())) == ["many_acts", "many_ballots"]


@override_settings(ASSISTED_FLAG_VOTE_SHARE=50, ASSISTED_FLAG_VOTE_MIN=3)
def test_one_operator_behind_most_of_a_mahallas_votes_in_a_cycle_is_flagged(
    operator, resident, people, tree, make_cycle
):
    cycle = make_cycle(PhaseKind.VOTING)
    voting = cycle.phases.get(kind=PhaseKind.VOTING)
    for _ in range(6):  # six people of Navbahor voted, on their own or helped
        Participation.objects.create(cycle=cycle, user=resident(), mahalla=tree.navbahor, voted_hour=T0)
    helped = acts(
        operator,
        resident,
        3,
        kind=AssistedActKind.BUDGET_VOTE,
        at=voting.starts_at + timedelta(hours=1),
        step=timedelta(hours=2),
    )
    (flag,) = assisted_flags(people.manager, **period())
    assert flag.kind == "vote_share" and flag.count == 3
    assert flag.description == (
        f"Operator Olimjon helped 3 of the 6 people of Navbahor who voted in {cycle.title} (50%)."
    )
    # Below the share (a seventh voter), or helped outside the cycle's voting, it is not flagged.
    Participation.objects.create(cycle=cycle, user=resident(), mahalla=tree.navbahor, voted_hour=T0)
    assert assisted_flags(people.manager, **period()) == []
    AssistedAct.objects.filter(pk__in=[act.pk for act in helped]).delete()
    acts(operator, resident, 4, kind=AssistedActKind.BUDGET_VOTE, at=voting.starts_at - timedelta(days=1))
    assert assisted_flags(people.manager, since=None, until=None) == []


def test_acts_when_the_centre_was_closed_are_flagged_once_per_operator_and_centre(operator, resident, people, centre):
    acts(operator, resident, 2, centre=centre, at=T0)  # Monday 10:00: open
    assert assisted_flags(people.manager, **period()) == []
    sunday = dt.datetime(2026, 11, 8, 11, 0, tzinfo=TASHKENT)
    evening = dt.datetime(2026, 11, 3, 19, 30, tzinfo=TASHKENT)
    acts(operator, resident, 1, centre=centre, at=sunday)
    acts(operator, resident, 1, centre=centre, at=evening)
    (flag,) = assisted_flags(people.manager, **period())
    assert flag.kind == "outside_hours" and flag.count == 2
    assert "outside its published hours (first 2026-11-03 19:30, last 2026-11-08 11:00)" in flag.description
    # A centre without published hours is never "closed".
    centre.hours = []
    centre.save_revision().publish()
    assert assisted_flags(people.manager, **period()) == []


@override_settings(ASSISTED_FLAG_ACTS_PER_HOUR=3)
def test_staff_see_the_flags_of_their_own_territories_only(operator, resident, people, make_staff, tree):
    acts(operator, resident, 3)
    assert kinds(assisted_flags(people.manager, **period())) == ["many_acts"]
    assert kinds(assisted_flags(people.moderator, **period())) == ["many_acts"]
    assert kinds(assisted_flags(people.region_manager, **period())) == ["many_acts"]
    assert assisted_flags(people.zomin_manager, **period()) == []
    assert assisted_flags(make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon), **period()) == []
    assert assisted_flags(operator, **period()) == []
    assert assisted_flags(resident(), **period()) == []


@override_settings(ASSISTED_FLAG_ACTS_PER_HOUR=3, ASSISTED_FLAG_VOTE_MIN=1, ASSISTED_FLAG_VOTE_SHARE=10)
def test_a_flag_never_refuses_the_next_act(operator, resident, tree):
    acts(operator, resident, 3)
    person = resident()
    with transaction.atomic():
        act = assisted_act_record(
            assistance=Assistance(
                operator=operator,
                resident=person,
                centre_id=None,
                consent_method=ConsentMethod.PAPER_FORM,
                consent_reference="PSC-9",
            ),
            kind=AssistedActKind.QUESTION,
            target=tree.navbahor,
            now=T0 + timedelta(minutes=10),
        )
    assert AssistedAct.objects.filter(pk=act.pk).exists()


@override_settings(ASSISTED_FLAG_ACTS_PER_HOUR=3, ASSISTED_FLAG_VOTE_MIN=2, ASSISTED_FLAG_VOTE_SHARE=10)
def test_the_flags_cost_the_same_queries_with_many_acts(
    operator, resident, people, centre, tree, make_cycle, django_assert_max_num_queries
):
    cycle = make_cycle(PhaseKind.VOTING)
    voting = cycle.phases.get(kind=PhaseKind.VOTING)
    Participation.objects.create(cycle=cycle, user=resident(), mahalla=tree.navbahor, voted_hour=T0)
    Participation.objects.create(cycle=cycle, user=resident(), mahalla=tree.navbahor, voted_hour=T0)
    acts(operator, resident, 3, centre=centre, at=dt.datetime(2026, 11, 3, 19, 0, tzinfo=TASHKENT))
    acts(operator, resident, 2, kind=AssistedActKind.BUDGET_VOTE, at=voting.starts_at + timedelta(hours=1))
    manager = people.manager
    assisted_flags(manager, **period())
    with django_assert_max_num_queries(10) as few:
        assert kinds(assisted_flags(manager, **period())) == ["many_acts", "outside_hours", "vote_share"]
    acts(operator, resident, 20, centre=centre, at=dt.datetime(2026, 11, 4, 20, 0, tzinfo=TASHKENT))
    acts(operator, resident, 10, kind=AssistedActKind.BUDGET_VOTE, at=voting.starts_at + timedelta(hours=3))
    for _ in range(10):
        Participation.objects.create(cycle=cycle, user=resident(), mahalla=tree.istiqlol, voted_hour=T0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assisted_flags(manager, **period())
