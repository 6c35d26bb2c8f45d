"""Ballot secrecy by construction: the record that a person voted and the ballot itself are
stored apart, and the schema, not the code, is what keeps them apart.

The schema tests read the models and then the live database (``connection.introspection``),
so a migration that adds a link, a timestamp or a sequential key fails here even if no code
uses it yet.
"""

import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings

from proposals.budgeting.models import Ballot, BallotAnnulment, BallotChoice, BallotCohort, Participation, SealedBallot
from proposals.budgeting.selectors.integrity import cohort_key, cycle_anomalies
from proposals.budgeting.services import voting as svc
from tests.fixtures.budgeting import open_box
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
    # Channel, gender and age band are the "who took part" figures (recorded with consent):
    # about the person, like the mahalla, never about the choices.
    assert concrete == {
        "id",
        "cycle",
        "user",
        "mahalla",
        "voted_hour",
        "ip",
        "device",
        "receipt_code",
        "channel",
        "gender",
        "age_band",
    }


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
    """A ballot's key is a version-4 UUID drawn at the count: its value says nothing of when it
    was cast."""
    cycle = make_cycle("voting")
    project = make_project(cycle)
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"
    for minute in range(12):
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=NOW + timedelta(minutes=minute))
    assert not Ballot.objects.exists() and SealedBallot.objects.count() == 12
    assert open_box(cycle) == 12
    keys = list(Ballot.objects.values_list("pk", flat=True))
    assert all(isinstance(key, uuid.UUID) and key.version == 4 for key in keys) and len(set(keys)) == 12
    assert not SealedBallot.objects.exists()


def test_the_day_is_the_finest_time_a_ballot_shares_with_its_voter(make_cycle, make_project, resident):
    """Voters of one day cannot be told apart from their ballots: every ballot of the day has
    the same date, whatever the hour."""
    cycle = make_cycle("voting")
    project = make_project(cycle)
    for hours in (0, 3, 7):
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=NOW + timedelta(hours=hours))
    open_box(cycle)
    assert set(Ballot.objects.values_list("cast_on", flat=True)) == {NOW.date()}
    assert len(set(Participation.objects.values_list("voted_hour", flat=True))) == 3


@override_settings(PB_SECRECY_K=3)
def test_a_day_with_fewer_than_k_ballots_shares_the_date_of_the_next(make_cycle, make_project, resident):
    """A day of one voter would point at that voter: its ballot carries the next day's date,
    so each date on a ballot is shared by at least k ballots."""
    cycle = make_cycle("voting")
    project = make_project(cycle)
    for day, count in ((0, 3), (1, 1), (2, 3)):
        for minute in range(count):
            svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=NOW + timedelta(days=day, minutes=minute))
    open_box(cycle)
    dates = Counter(Ballot.objects.values_list("cast_on", flat=True))
    assert dates == {NOW.date(): 3, NOW.date() + timedelta(days=2): 4}


def test_a_cycle_with_fewer_than_k_voters_is_one_group(make_cycle, make_project, resident):
    cycle = make_cycle("voting")
    project = make_project(cycle)
    for day in range(5):  # five days, one voter each; k is 20
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=NOW + timedelta(days=day))
    open_box(cycle)
    assert Counter(Ballot.objects.values_list("cast_on", flat=True)) == {NOW.date() + timedelta(days=4): 5}


# --- cohorts ---------------------------------------------------------------------------------


@override_settings(PB_FLAG_ADDRESS_PER_HOUR=3, PB_FLAG_DEVICE_PER_HOUR=100, PB_FLAG_NIGHT_PER_HOUR=100, PB_SECRECY_K=3)
def test_an_address_cohort_holds_every_ballot_of_its_address_and_hour(make_cycle, make_project, resident):
    cycle = make_cycle("voting")
    project = make_project(cycle)

    def vote(at, ip="192.0.2.44"):
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, ip=ip, now=at)

    vote(NOW)
    vote(NOW + timedelta(minutes=10))
    vote(NOW + timedelta(minutes=20), ip="192.0.2.45")  # other addresses do not count
    vote(NOW + timedelta(minutes=25), ip="192.0.2.46")
    vote(NOW + timedelta(minutes=30))  # the third from this address in the hour
    vote(NOW + timedelta(minutes=60))  # 11:05: a new hour, a new count
    assert not BallotCohort.objects.exists()  # nothing is grouped before the count

    open_box(cycle)
    cohort = BallotCohort.objects.get()
    assert cohort.kind == "address"
    assert cohort.key == cohort_key("address", "192.0.2.44") and "192.0.2.44" not in cohort.key
    assert cohort.hour == T0  # 10:00, the start of the clock hour
    assert cohort.ballots.count() == 3  # the first two as well: all three people of that context


@override_settings(PB_FLAG_ADDRESS_PER_HOUR=3, PB_FLAG_DEVICE_PER_HOUR=100, PB_FLAG_NIGHT_PER_HOUR=100, PB_SECRECY_K=5)
def test_a_flagged_context_smaller_than_k_makes_no_cohort(make_cycle, make_project, resident):
    """Four ballots from one address are flagged to staff, but a cohort of four would hide each
    among four: fewer than k. The ballots stay with the rest of the day."""
    cycle = make_cycle("voting")
    project = make_project(cycle)
    for minute in range(4):
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, ip="192.0.2.44", now=NOW + timedelta(minutes=minute))
    for minute in range(4):
        svc.ballot_cast(
            cycle, resident(), {project.pk: 1}, ip=f"198.51.100.{minute}", now=NOW + timedelta(minutes=minute)
        )
    open_box(cycle)
    assert [a.kind for a in cycle_anomalies(cycle)] == ["address"]
    assert not BallotCohort.objects.exists() and Ballot.objects.count() == 8


@override_settings(PB_FLAG_ADDRESS_PER_HOUR=100, PB_FLAG_DEVICE_PER_HOUR=2, PB_FLAG_NIGHT_PER_HOUR=100, PB_SECRECY_K=2)
def test_a_device_cohort_keeps_no_cookie(make_cycle, make_project, resident):
    cycle = make_cycle("voting")
    project = make_project(cycle)
    cookie = "raw-device-cookie-5f1c"
    svc.ballot_cast(cycle, resident(), {project.pk: 1}, device=cookie, now=NOW)
    svc.ballot_cast(cycle, resident(), {project.pk: 1}, device=cookie, now=NOW + timedelta(minutes=1))
    svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=NOW + timedelta(minutes=2))
    svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=NOW + timedelta(minutes=3))
    open_box(cycle)

    cohort = BallotCohort.objects.get()
    assert cohort.kind == "device" and cohort.ballots.count() == 2
    stored = [cohort.key, *Participation.objects.values_list("device", flat=True)]
    stored += [bytes(sealed) for sealed in SealedBallot.objects.values_list("sealed", flat=True)]
    assert all(cookie not in str(value) for value in stored)
    assert cohort.key == cohort_key("device", svc.device_fingerprint(cookie))


@override_settings(PB_FLAG_ADDRESS_PER_HOUR=100, PB_FLAG_DEVICE_PER_HOUR=100, PB_FLAG_NIGHT_PER_HOUR=3, PB_SECRECY_K=3)
def test_a_night_cohort_needs_a_burst_at_night(make_cycle, make_project, resident):
    cycle = make_cycle("voting")
    project = make_project(cycle)
    for minute in range(4):  # daytime: no night cohort however many
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=NOW + timedelta(minutes=minute))
    night = T0.replace(hour=2) + timedelta(days=1)
    for minute in (0, 1, 50):
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, now=night + timedelta(minutes=minute))
    open_box(cycle)
    cohort = BallotCohort.objects.get()
    assert (cohort.kind, cohort.key, cohort.hour, cohort.ballots.count()) == ("night", "", night, 3)


@override_settings(PB_FLAG_ADDRESS_PER_HOUR=4, PB_FLAG_DEVICE_PER_HOUR=4, PB_FLAG_NIGHT_PER_HOUR=4, PB_SECRECY_K=4)
def test_every_class_a_ballot_shows_holds_at_least_k(make_cycle, make_project, resident):
    """Whatever mix of contexts, what a ballot shows (its date, its cohort) is shared by at
    least k ballots, and a ballot is in at most one cohort (two would point at the people
    sharing both contexts, possibly one)."""
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
        ("198.51.100.4", "d"),
    ]
    for minute, (ip, device) in enumerate(plan):
        svc.ballot_cast(cycle, resident(), {project.pk: 1}, ip=ip, device=device, now=night + timedelta(minutes=minute))
    open_box(cycle)

    classes = Counter(
        (ballot.cast_on, tuple(ballot.cohorts.values_list("pk", flat=True))) for ballot in Ballot.objects.all()
    )
    assert classes and min(classes.values()) >= 4, classes
    assert all(len(cohorts) <= 1 for _day, cohorts in classes)


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


@override_settings(PB_SECRECY_K=25)
def test_the_cycle_page_states_k_and_links_the_threat_model(client, make_cycle):
    cycle = make_cycle("voting")
    page = client.get(f"/en/budget/{cycle.pk}/").content.decode()
    assert "from those of at least 25 voters of this cycle" in page
    assert 'href="/docs/ballot-secrecy.md"' in page
    guide = client.get("/docs/ballot-secrecy.md")
    assert guide.status_code == 200 and guide["Content-Type"].startswith("text/markdown")
    assert b"threat model" in b"".join(guide.streaming_content)
    assert client.get("/docs/..%2Fmanage.py.md").status_code == 404
