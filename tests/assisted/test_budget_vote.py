"""Helping a resident vote: consent, the resident chooses alone, the receipt is hers, the
participation records the assistance and the ballot records nothing of it."""

import pytest
from django.db import connection
from django.utils import timezone

from participation.assisted import services
from participation.assisted.models import AssistedAct, AssistedActKind
from participation.exceptions import ServiceError
from participation.models import Channel
from proposals.budgeting.assisted import ballot_cast_assisted, cycles_voting_for, vote_consent_reference
from proposals.budgeting.models import Ballot, BallotChoice, BallotCohort, Participation, SealedBallot
from proposals.budgeting.services.voting import ballot_cast
from tests.assisted.conftest import PHONE, last_code
from tests.fixtures.budgeting import open_box

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(make_cycle, make_project, tree):
    cycle = make_cycle("voting", at=timezone.now())
    projects = [make_project(cycle, title=f"Loyiha {number}") for number in range(3)]
    return cycle, projects


def paper(operator, resident, form):
    resident.phone = None
    resident.save()
    return services.consent_take(operator=operator, resident=resident, centre_id=None, reference="v", paper_form=form)


def test_the_assisted_participation_records_the_channel_and_the_act_points_at_it(operator, elderly, voting):
    cycle, projects = voting
    assistance = paper(operator, elderly, "PSC-1")
    act, receipt = ballot_cast_assisted(assistance=assistance, cycle=cycle, choices={projects[0].pk: 1})
    participation = Participation.objects.get(cycle=cycle, user=elderly)
    assert participation.channel == Channel.ASSISTED and participation.receipt_code == receipt
    assert act.kind == AssistedActKind.BUDGET_VOTE and act.target_id == str(participation.pk)
    assert participation.ip is None and participation.device == ""  # the centre's address is nobody's


def test_a_second_assisted_ballot_is_refused_and_writes_nothing(operator, elderly, voting):
    cycle, projects = voting
    assistance = paper(operator, elderly, "PSC-2")
    ballot_cast_assisted(assistance=assistance, cycle=cycle, choices={projects[0].pk: 1})
    with pytest.raises(ServiceError):
        ballot_cast_assisted(assistance=assistance, cycle=cycle, choices={projects[1].pk: 1})
    assert AssistedAct.objects.count() == 1 and SealedBallot.objects.count() == 1


def test_a_cycle_not_voting_refuses_the_assisted_ballot_as_the_residents_own(
    operator, elderly, make_cycle, make_project
):
    cycle = make_cycle("review", at=timezone.now())
    project = make_project(cycle)
    with pytest.raises(ServiceError):
        ballot_cast_assisted(assistance=paper(operator, elderly, "PSC-3"), cycle=cycle, choices={project.pk: 1})
    assert not Participation.objects.exists() and not AssistedAct.objects.exists()
    assert cycles_voting_for(elderly) == []


def test_schema_no_ballot_column_can_link_to_an_operator_or_an_assistance():
    ballot_tables = {model._meta.db_table for model in (Ballot, BallotChoice, BallotCohort, SealedBallot)}
    ballot_tables.add(Ballot.cohorts.through._meta.db_table)
    with connection.cursor() as cursor:
        for table in ballot_tables:
            relations = connection.introspection.get_relations(cursor, table)
            targets = {target for _column, (_target_column, target) in relations.items()}
            assert AssistedAct._meta.db_table not in targets and "participation_user" not in targets, table
            columns = {column.name for column in connection.introspection.get_table_description(cursor, table)}
            assert not {name for name in columns if "assist" in name or "operator" in name or "channel" in name}
    # And the record of an assisted act can point at nothing on the ballot side.
    fields = {field.name for field in AssistedAct._meta.concrete_fields}
    assert not {name for name in fields if "ballot" in name}


def test_data_nothing_in_the_ballot_rows_tells_which_was_assisted(operator, elderly, resident, voting, tree):
    cycle, projects = voting
    for number in range(3):
        ballot_cast(
            cycle, resident(), {projects[number].pk: 1}, ip=f"203.0.113.{number}", device=f"device-{number}" * 3
        )
    ballot_cast_assisted(assistance=paper(operator, elderly, "PSC-4"), cycle=cycle, choices={projects[1].pk: 1})
    sealed = list(SealedBallot.objects.values_list("sealed", flat=True))
    assert len({len(bytes(row)) for row in sealed}) == 1  # same length, sealed alike
    open_box(cycle)
    rows = list(Ballot.objects.filter(cycle=cycle).values("cast_on", "annulment"))
    assert len(rows) == 4 and all(row == rows[0] for row in rows)
    assert not BallotCohort.objects.filter(cycle=cycle).exists()
    # The assisted participation is known; which ballot is its is not: the ballot rows differ
    # only by their choices and random keys.
    assert Participation.objects.filter(channel=Channel.ASSISTED).count() == 1


def test_the_desk_walk_consent_hand_over_alone_and_the_receipt_is_shown_once(desk, elderly, voting):
    cycle, projects = voting
    base = f"/en/operator/budget/{elderly.pk}/{cycle.pk}/"
    assert desk.get(base + "ballot/").url == base  # no consent, no ballot
    desk.post(base, {"action": "send"})
    response = desk.post(base, {"action": "consent", "code": last_code(PHONE)})
    assert response.url == base + "hand-over/"
    assert "step away" in desk.get(base + "hand-over/").content.decode()
    page = desk.get(base + "ballot/").content.decode()
    assert projects[0].title in page and "chooses alone" in page
    response = desk.post(base + "ballot/", {"action": "cast", "project": [projects[2].pk]})
    assert response.url == base + "receipt/"
    receipt = Participation.objects.get(user=elderly).receipt_code
    assert receipt in desk.get(base + "receipt/").content.decode()
    response = desk.post(base + "receipt/")
    assert response.url == f"/en/operator/resident/{elderly.pk}/"
    # Handed back: the receipt is not shown again, and the consent was used up.
    assert desk.get(base + "receipt/").status_code == 302
    assert desk.get(base + "ballot/").url == base
    assert AssistedAct.objects.get().kind == AssistedActKind.BUDGET_VOTE


def test_a_consent_code_for_a_vote_is_for_that_cycle_only(operator, elderly, voting, make_cycle, tree):
    cycle, _projects = voting
    services.consent_code_send(operator=operator, resident=elderly, reference=vote_consent_reference(cycle), what="v")
    with pytest.raises(ServiceError):
        services.consent_take(
            operator=operator, resident=elderly, centre_id=None, reference="pb-vote:0", code=last_code(PHONE)
        )
