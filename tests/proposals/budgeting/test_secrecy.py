"""Ballot secrecy by construction: the record that a person voted and the ballot itself are
stored apart, and the schema, not the code, is what keeps them apart.

The schema tests read the models and then the live database (``connection.introspection``),
so a migration that adds a link, a timestamp or a sequential key fails here even if no code
uses it yet.
"""

import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings

from proposals.budgeting.models import Ballot, BallotAnnulment, BallotChoice, BallotCohort, Participation
from proposals.budgeting.selectors.integrity import cohort_key
from proposals.budgeting.services import voting as svc
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db

User = apps.get_model("participation", "User")
BALLOT_SIDE = [Ballot, BallotChoice, BallotCohort]
THROUGH = Ballot.cohorts.through
NOW = T0 + timedelta(minutes=5)  # 10:05 Tashkent


def tables(*models) -> set[str]:
    return {model._meta.db_table for model in models}


def foreign_keys() -> dict[str, set[str]]:
    """Every table of the database -> the tables its foreign keys point at."""
    with connection.cursor() as cursor:
        return {
            table: {
                target
                for _column, (_target_column, target) in connection.introspection.get_relations(cursor, table).items()
            }
            for table in connection.introspection.table_names(cursor)
        }


# --- the models --------------------------------------------------------------------------------


def related_models(model) -> set:
    return {f.related_model for f in model._meta.get_fields() if f.is_relation and f.related_model is not None}


def test_participation_knows_nothing_of_ballots():
    assert related_models(Participation).isdisjoint({Ballot, BallotChoice, BallotCohort, BallotAnnulment})
    concrete = {f.name for f in Participation._meta.concrete_fields}
    assert concrete == {"id", "cycle", "user", "mahalla", "voted_hour", "ip", "device", "receipt_code"}


def test_a_ballot_knows_nothing_of_people():
    for model in BALLOT_SIDE + [THROUGH]:
        related = related_models(model)
        assert User not in related, model
        assert Participation not in related, model


def test_the_only_person_near_a_ballot_is_the_staff_member_who_annulled_it():
    people = [f.name for f in BallotAnnulment._meta.concrete_fields if f.is_relation and f.related_model is User]
    assert people == ["staff"]


# --- the database itself ----------------------------------------------------------------------


def test_no_table_links_a_participation_to_a_ballot():
    keys = foreign_keys()
    participation = Participation._meta.db_table
    ballot_side = tables(*BALLOT_SIDE, THROUGH, BallotAnnulment)
    person = User._meta.db_table

    # A participation points at its cycle, its voter and their mahalla, and at nothing else;
    # nothing points at a participation.
    cycle = apps.get_model("proposals", "Cycle")._meta.db_table
    territory = apps.get_model("participation", "Territory")._meta.db_table
    assert keys[participation] == {cycle, person, territory}
    assert keys[Ballot._meta.db_table] == {cycle, BallotAnnulment._meta.db_table}
    assert not [table for table, targets in keys.items() if participation in targets]
    # No table points at both a participation and a ballot (there is none pointing at a
    # participation at all; this also holds if one is ever added for another purpose).
    assert not [t for t, targets in keys.items() if participation in targets and targets & ballot_side]
    # The tables of the ballot itself point at no person and no participation.
    for table in tables(*BALLOT_SIDE, THROUGH):
        assert keys[table].isdisjoint({participation, person}), table


def test_a_ballot_carries_no_time_finer_than_the_day():
    with connection.cursor() as cursor:
        for table in tables(Ballot, BallotChoice, THROUGH):
            description = connection.introspection.get_table_description(cursor, table)
            kinds = {
                column.name: connection.introspection.get_field_type(column.type_code, column) for column in description
            }
            assert not {name for name, kind in kinds.items() if kind in ("DateTimeField", "TimeField")}, table
    columns = {f.column for f in Ballot._meta.concrete_fields}
    assert columns == {"id", "cycle_id", "cast_on", "annulment_id"}


def test_ballot_keys_are_random(make_cycle, make_project, resident):
    """A ballot's key is a version-4 UUID: its value says nothing of when it was cast."""
    cycle = make_cycle("voting")
    project = make_project(cycle)
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"
    cast = []
    for minute in range(12):
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=NOW + timedelta(minutes=minute))
        cast.append(Ballot.objects.exclude(pk__in=cast).get().pk)
    assert all(isinstance(key, uuid.UUID) and key.version == 4 for key in cast)
    assert len(set(cast)) == 12
    assert sorted(cast) != cast and sorted(cast, reverse=True) != cast  # 2 in 12! by chance


def test_the_day_is_the_finest_time_a_ballot_shares_with_its_voter(make_cycle, make_project, resident):
    """Voters of one day cannot be told apart from their ballots: every ballot of the day has
    the same date, whatever the hour."""
    cycle = make_cycle("voting")
    project = make_project(cycle)
    for hours in (0, 3, 7):
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=NOW + timedelta(hours=hours))
    assert set(Ballot.objects.values_list("cast_on", flat=True)) == {NOW.date()}
    assert len(set(Participation.objects.values_list("voted_hour", flat=True))) == 3


# --- cohorts ---------------------------------------------------------------------------------


@override_settings(PB_FLAG_ADDRESS_PER_HOUR=3, PB_FLAG_DEVICE_PER_HOUR=100, PB_FLAG_NIGHT_PER_HOUR=100)
def test_an_address_cohort_starts_only_at_the_threshold(make_cycle, make_project, resident):
    cycle = make_cycle("voting")
    project = make_project(cycle)

    def vote(at, ip="192.0.2.44"):
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, ip=ip, now=at)

    vote(NOW)
    vote(NOW + timedelta(minutes=10))
    vote(NOW + timedelta(minutes=20), ip="192.0.2.45")  # another address does not count
    assert not BallotCohort.objects.exists()

    vote(NOW + timedelta(minutes=30))  # the third from this address in the hour
    cohort = BallotCohort.objects.get()
    assert cohort.kind == "address"
    assert cohort.key == cohort_key("address", "192.0.2.44") and "192.0.2.44" not in cohort.key
    assert cohort.hour == T0  # 10:00, the start of the clock hour
    assert cohort.ballots.count() == 1

    vote(NOW + timedelta(minutes=40))
    assert cohort.ballots.count() == 2
    vote(NOW + timedelta(minutes=60))  # 11:05: a new hour, a new count
    assert BallotCohort.objects.count() == 1 and cohort.ballots.count() == 2


@override_settings(PB_FLAG_ADDRESS_PER_HOUR=100, PB_FLAG_DEVICE_PER_HOUR=2, PB_FLAG_NIGHT_PER_HOUR=100)
def test_a_device_cohort_keeps_no_cookie(make_cycle, make_project, resident):
    cycle = make_cycle("voting")
    project = make_project(cycle)
    cookie = "raw-device-cookie-5f1c"
    svc.ballot_cast(cycle, resident(), {project.pk: 1}, device=cookie, now=NOW)
    assert not BallotCohort.objects.exists()
    svc.ballot_cast(cycle, resident(), {project.pk: 1}, device=cookie, now=NOW + timedelta(minutes=1))

    cohort = BallotCohort.objects.get()
    assert cohort.kind == "device" and cohort.ballots.count() == 1
    stored = [cohort.key, *Participation.objects.values_list("device", flat=True)]
    assert all(cookie not in value for value in stored)
    assert cohort.key == cohort_key("device", svc.device_fingerprint(cookie))


@override_settings(PB_FLAG_ADDRESS_PER_HOUR=100, PB_FLAG_DEVICE_PER_HOUR=100, PB_FLAG_NIGHT_PER_HOUR=3)
def test_a_night_cohort_needs_a_burst_at_night(make_cycle, make_project, resident):
    cycle = make_cycle("voting")
    project = make_project(cycle)
    for minute in range(4):  # daytime: no night cohort however many
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=NOW + timedelta(minutes=minute))
    assert not BallotCohort.objects.exists()

    night = T0.replace(hour=2) + timedelta(days=1)
    for minute in range(2):
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=night + timedelta(minutes=minute))
    assert not BallotCohort.objects.exists()
    svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=night + timedelta(minutes=50))
    cohort = BallotCohort.objects.get()
    assert (cohort.kind, cohort.key, cohort.hour, cohort.ballots.count()) == ("night", "", night, 1)


@override_settings(PB_FLAG_ADDRESS_PER_HOUR=4, PB_FLAG_DEVICE_PER_HOUR=4, PB_FLAG_NIGHT_PER_HOUR=4)
def test_a_cohort_never_stands_for_fewer_people_than_the_threshold(make_cycle, make_project, resident):
    """Whatever mix of contexts, every cohort's context holds at least the threshold of
    participations: a cohort points at a crowd, never at a person."""
    cycle = make_cycle("voting")
    project = make_project(cycle)
    night = T0.replace(hour=1) + timedelta(days=1)
    plan = [
        ("198.51.100.1", "a"),
        ("198.51.100.1", "b"),
        ("198.51.100.2", "a"),
        ("198.51.100.1", "a"),
        ("198.51.100.1", "c"),
        ("198.51.100.3", "a"),
        ("198.51.100.1", "a"),
        ("198.51.100.2", "b"),
    ]
    for minute, (ip, device) in enumerate(plan):
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, ip=ip, device=device, now=night + timedelta(minutes=minute))

    assert BallotCohort.objects.count() == 3  # 198.51.100.1, device "a", the night hour
    for cohort in BallotCohort.objects.all():
        in_hour = Participation.objects.filter(
            cycle=cycle, voted_hour__gte=cohort.hour, voted_hour__lt=cohort.hour + timedelta(hours=1)
        )
        if cohort.kind == "address":
            in_hour = [p for p in in_hour if cohort_key("address", p.ip) == cohort.key]
        elif cohort.kind == "device":
            in_hour = [p for p in in_hour if cohort_key("device", p.device) == cohort.key]
        assert len(in_hour) >= 4
        assert cohort.ballots.count() <= len(in_hour) - 4 + 1
    # A ballot in two cohorts would belong to the people sharing both contexts, possibly one.
    assert [ballot.cohorts.count() for ballot in Ballot.objects.filter(cohorts__isnull=False)] == [1] * 5


def test_a_receipt_tells_the_cycle_and_the_day_only(make_cycle, make_project, resident):
    cycle = make_cycle("voting")
    project = make_project(cycle)
    code = svc.ballot_cast(cycle, resident(), {project.pk: 1}, ip="192.0.2.8", now=NOW).receipt_code
    found = svc.receipt_lookup(code)
    assert set(found) == {"cycle", "day"}
    assert found["cycle"] == cycle and found["day"] == NOW.date()
    assert not any(isinstance(value, (Ballot, BallotChoice)) for value in found.values())


def test_no_sequence_numbers_on_either_side():
    """A sequence key on a participation, a ballot, a choice or a cohort membership would number
    rows in arrival order, and arrival order joins the two sides."""
    from django.db import models as m

    from proposals.budgeting.models import Ballot, BallotChoice, BallotCohortMember, Participation

    for model in (Participation, Ballot, BallotChoice, BallotCohortMember):
        assert isinstance(model._meta.pk, m.UUIDField), model.__name__
