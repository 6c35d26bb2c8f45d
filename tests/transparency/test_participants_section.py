"""Who took part: every act records its channel, and the gender and age band of a person who
consented, when it happens; the report adds the acts up, suppressed, and a later change of
profile never moves them."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.consultations.models import InputChannel
from meetings.meetings.models import AttendanceCount, AttendanceSource
from meetings.meetings.services.registrations import registration_create
from participation.models import Channel
from participation.transparency.participants import participants_report, participation_sources
from participation.transparency.periods import period_parse
from participation.transparency.suppression import SUPPRESSED, is_hidden
from proposals.budgeting.services.voting import ballot_cast
from proposals.petitions.services import lifecycle as petitions
from proposals.questions.services import question_ask
from tests.factories.accounts import UserFactory
from tests.factories.meetings import meeting_made
from tests.fixtures.clock import T0
from tests.transparency.conftest import at, sign
from tests.transparency.test_consultations_section import give

NOVEMBER = period_parse(f"{T0.year}-{T0.month:02d}")
MARCH = period_parse("2026-03")


def raw_acts(territory, period) -> Counter:
    """(source, channel, gender, age band) → acts, before suppression: what the sources give."""
    acts: Counter = Counter()
    for source in participation_sources():
        for channel, gender, band, count in source.rows(territory, period):
            acts[source.key, channel, gender, band] += count
    return acts


def tables(report) -> dict:
    return {item["key"]: {row["key"]: row["value"] for row in item["rows"]} for item in report["tables"]}


@pytest.fixture
def consenting(resident):
    """A woman of 36 (born 1990) who agreed that her gender and year of birth are counted."""
    return resident(gender="female", birth_year=1990, demographics_consent_at=T0 - timedelta(days=30))


def test_every_act_records_who_did_it_as_they_were_then(
    at_t0, client, tree, publish, consenting, resident, make_cycle, make_project, meeting_staff
):
    someone = resident()  # no consent: counted, never split
    first, second = publish("Suv quvuri"), publish("Koʻcha chiroqlari")
    petitions.petition_sign(petition=first, user=consenting)
    petitions.petition_sign(petition=first, user=someone)
    client.force_login(consenting)  # the page's path (the fast one on PostgreSQL)
    assert client.post(f"/uz/petitions/{second.pk}/sign/").status_code == 302
    question_ask(
        author=consenting, territory=tree.yangiqorgon, title="Suv qachon?", text="Uch kun yoʻq.", topic="water"
    )
    cycle = make_cycle("voting", at=T0)
    ballot_cast(cycle, consenting, {make_project(cycle).pk: 1}, now=T0)
    hearing = meeting_made(staff=meeting_staff, territory=tree.yangiqorgon, starts_in=timedelta(days=5))
    registration_create(meeting=hearing, user=consenting)

    her = ("female", "30-44")
    hers = {
        ("signatures", Channel.WEB, *her): 2,
        ("questions", Channel.WEB, *her): 1,
        ("ballots", Channel.WEB, *her): 1,
        ("meeting_registrations", Channel.WEB, *her): 1,
    }
    # Later she corrects her year of birth, then withdraws her consent: the month stays as it was.
    people = type(consenting).objects.filter(pk=consenting.pk)
    for change in ({"birth_year": 1950}, {"gender": "", "birth_year": None, "demographics_consent_at": None}):
        people.update(**change)
        acts = raw_acts(tree.yangiqorgon, NOVEMBER)
        assert {key: count for key, count in acts.items() if key[2:] == her} == hers
    # The people who did not consent are there, counted, with nothing about them; the project's
    # author (a factory row, not an act through the service) carries no figures either.
    assert acts["signatures", Channel.WEB, "", ""] == 1
    assert sum(acts.values()) == 5 + 1 + acts["projects", Channel.WEB, "", ""]


def test_an_organisations_registration_is_one_act_with_nothing_about_its_people(
    at_t0, tree, make_meeting, wag, make_representative
):
    leader = make_representative(wag, gender="female", birth_year=1990, demographics_consent_at=T0)
    hearing = make_meeting(starts_in=timedelta(days=5))
    registration_create(meeting=hearing, user=leader, organisation=wag, people=4)
    assert raw_acts(tree.yangiqorgon, NOVEMBER) == Counter({("meeting_registrations", Channel.WEB, "", ""): 1})


@pytest.fixture
def crafted_march(tree, march):
    """March in Yangiqoʻrgʻon: beside ``march``'s signatures (recorded without figures), 12 by
    consenting women of 30-44 and 6 by consenting men of 18-29."""
    petition = march["petition"]
    sign(petition, tree.navbahor, at(3, 12), 12, gender="female", age_band="30-44")
    sign(petition, tree.navbahor, at(3, 12), 6, gender="male", age_band="18-29")
    return petition


def test_the_section_adds_acts_by_kind_channel_gender_and_age_and_hides_small_cells(tree, crafted_march, march):
    # ``march`` signs 23 times in March (12 + 3 + 6 + two later withdrawn: an act is counted
    # when it happens), none with figures.
    unsplit = 23
    report = participants_report(tree.yangiqorgon, MARCH)
    found = tables(report)
    assert found["acts_by_gender"]["female"] == 12
    assert found["acts_by_gender"]["male"] == 6
    assert found["acts_by_age_band"]["30-44"] == 12
    assert found["acts_by_age_band"]["18-29"] == 6
    assert found["acts_by_gender"]["unrecorded"] == unsplit
    assert found["acts_by_kind"]["signatures"] == 18 + unsplit
    assert found["acts_by_channel"][Channel.WEB] == 18 + unsplit
    assert report["figures"] == [{"key": "acts", "value": 18 + unsplit, "people": True, "whole": "acts"}]


def test_two_people_at_a_meeting_cannot_be_worked_out_from_the_totals(tree, crafted_march, make_meeting):
    held = make_meeting(starts_in=-(timedelta(days=1)), territory=tree.yangiqorgon)
    # The meeting's date decides its period: move it into March with its paper sheet of two.
    type(held).objects.filter(pk=held.pk).update(starts_at=at(3, 20, 10), ends_at=at(3, 20, 12))
    AttendanceCount.objects.create(
        meeting=held, source=AttendanceSource.PAPER, gender="female", age_band="60+", count=2
    )
    found = tables(participants_report(tree.yangiqorgon, MARCH))
    by_kind, by_channel, by_age = found["acts_by_kind"], found["acts_by_channel"], found["acts_by_age_band"]
    assert by_kind["meeting_attendance"] == by_channel[Channel.PAPER] == by_age["60+"] == SUPPRESSED
    # One hidden cell beside a published total would be the total minus the others: a second
    # cell is hidden beside it in each table ("< 5" if small, else "hidden").
    for table in (by_kind, by_channel, by_age):
        assert sum(1 for value in table.values() if is_hidden(value)) >= 2, table


def test_consultation_channels_are_named_as_every_other_act(tree, make_consultation):
    consultation = make_consultation(phase="analysis")
    give(consultation, 1)
    staff = UserFactory()
    for channel in (InputChannel.PAPER, InputChannel.MEETING):  # recorded by staff, said by someone named
        give(consultation, 1, channel=channel, recorded_by=staff, attributed_to="Mahalla raisi")
    kinds = {(key[0], key[1]) for key in raw_acts(tree.yangiqorgon, MARCH) if key[0] == "inputs"}
    assert kinds == {("inputs", Channel.WEB), ("inputs", Channel.PAPER), ("inputs", Channel.IN_PERSON)}


def test_the_section_costs_one_query_per_source_however_many_acts(tree, march):
    petition = march["petition"]
    with CaptureQueriesContext(connection) as few:
        participants_report(tree.yangiqorgon, MARCH)
    sign(petition, tree.navbahor, at(3, 12), 30, gender="female", age_band="45-59")
    with CaptureQueriesContext(connection) as many:
        participants_report(tree.yangiqorgon, MARCH)
    assert len(few) == len(many) == len(participation_sources())


def test_an_act_counts_under_the_channel_it_came_through(at_t0, tree, publish, consenting, resident):
    """A kiosk's requests and an operator's assisted acts set their channel around the feature's
    own service; the act records it, and nothing outside the block is touched."""
    from participation.demographics import acting_through

    petition = publish("Suv quvuri")
    with acting_through(Channel.KIOSK):
        petitions.petition_sign(petition=petition, user=consenting)
    petitions.petition_sign(petition=petition, user=resident())
    acts = raw_acts(tree.yangiqorgon, NOVEMBER)
    assert acts["signatures", Channel.KIOSK, "female", "30-44"] == 1
    assert acts["signatures", Channel.WEB, "", ""] == 1
