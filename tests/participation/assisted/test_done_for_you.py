"""The resident's "Done for you" list on their profile, and reporting an act from it."""

import itertools
import uuid
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import ModelLogEntry

from meetings.meetings.assisted import registrations_described
from meetings.meetings.models import Meeting, MeetingStatus
from participation.assisted.models import AssistedAct, AssistedActKind, ConsentMethod
from participation.assisted.reporting import ALREADY_REPORTED, NOT_YOURS, assisted_act_report
from participation.assisted.services import Assistance, assisted_act_record
from participation.demographics import acting_through
from participation.exceptions import ServiceError
from participation.models import Channel, StaffRoleKind
from proposals.assisted.targets import budget_votes_described
from proposals.budgeting.models import Participation, PhaseKind
from proposals.petitions.models import PetitionStatus
from proposals.petitions.services import lifecycle as petitions
from proposals.questions.models import Question
from tests.factories.meetings import meeting_made, registration_made
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db

PROFILE = "/en/accounts/profile/"
_ids = itertools.count(10_000)


@pytest.fixture
def operator(make_staff, tree):
    return make_staff(StaffRoleKind.OPERATOR, tree.yangiqorgon, full_name="Operator Olimjon")


def act_for(resident, operator, *, kind=AssistedActKind.PETITION_SIGNATURE, centre=None, at=T0):
    """An act as the operator desk records it, pointing at a row that need not exist (a vote's
    row is keyed by a UUID, the others by a number)."""
    vote = kind == AssistedActKind.BUDGET_VOTE
    return AssistedAct.objects.create(
        resident=resident,
        operator=operator,
        centre=centre,
        kind=kind,
        target_type=ContentType.objects.get_for_model(Participation if vote else Question),
        target_id=str(uuid.uuid4()) if vote else next(_ids),
        territory=resident.home_territory,
        consent_method=ConsentMethod.PAPER_FORM,
        consent_reference="PSC-1",
        created_at=at,
    )


def signed_for(petition, resident, operator, centre=None, at=T0):
    """The operator signs ``petition`` for ``resident``, as the desk does."""
    with acting_through(Channel.ASSISTED), transaction.atomic():
        signature = petitions.petition_sign(petition=petition, user=resident, now=at)
        return assisted_act_record(
            assistance=Assistance(
                operator=operator,
                resident=resident,
                centre_id=centre.pk if centre else None,
                consent_method=ConsentMethod.PAPER_FORM,
                consent_reference="PSC-2026-7",
            ),
            kind=AssistedActKind.PETITION_SIGNATURE,
            target=signature,
            now=at,
        )


def test_the_profile_lists_acts_newest_first_with_operator_centre_date_and_the_petition(
    client, resident, operator, make_petition, service_centre_page
):
    helped = resident()
    petition = make_petition(PetitionStatus.COLLECTING)
    older = act_for(helped, operator, kind=AssistedActKind.QUESTION, at=T0 - timedelta(days=3))
    signed_for(petition, helped, operator, centre=service_centre_page, at=T0 + timedelta(hours=1))
    act_for(resident(), operator, at=T0)  # someone else's act is not on this profile
    client.force_login(helped)
    html = client.get(PROFILE).content.decode()
    assert html.count('class="assisted-act-what"') == 2
    first = html.index(
        "Signed a petition — done for you by Operator Olimjon at Yangiqoʻrgʻon davlat xizmatlari markazi"
    )
    assert first < html.index("Asked a question — done for you by Operator Olimjon on 30 October 2026")
    assert f'href="/en/petitions/{petition.pk}/"' in html
    assert f'action="/en/accounts/profile/assisted/{older.pk}/report/"' in html


def test_a_vote_done_for_you_names_the_cycle_never_the_choice(client, resident, operator, make_cycle, make_project):
    cycle = make_cycle(PhaseKind.VOTING)
    project = make_project(cycle, title="Navbahor: yangi koʻprik")
    helped = resident()
    row = Participation.objects.create(cycle=cycle, user=helped, mahalla=helped.home_territory, voted_hour=T0)
    act_for(helped, operator, kind=AssistedActKind.BUDGET_VOTE)
    (target,) = budget_votes_described([row.pk]).values()  # what the list shows for the vote's row
    assert target.title == cycle.title and target.url.endswith(f"/budget/{cycle.pk}/")
    client.force_login(helped)
    html = client.get(PROFILE).content.decode()
    assert "Voted in participatory budgeting — done for you by Operator Olimjon" in html
    assert project.title not in html


def test_the_list_costs_the_same_queries_with_many_acts(
    client, resident, operator, make_petition, django_assert_max_num_queries
):
    helped = resident()
    client.force_login(helped)
    for _ in range(2):
        signed_for(make_petition(PetitionStatus.COLLECTING), helped, operator)
    act_for(helped, operator, kind=AssistedActKind.QUESTION)
    client.get(PROFILE)
    with django_assert_max_num_queries(40) as few:
        client.get(PROFILE)
    for _ in range(6):
        signed_for(make_petition(PetitionStatus.COLLECTING), helped, operator)
        act_for(helped, operator, kind=AssistedActKind.QUESTION)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(PROFILE).content.decode()
    assert html.count('class="assisted-act-what"') == 15


def test_reporting_marks_the_act_logs_it_and_tells_the_districts_managers(
    client, resident, operator, people, mailoutbox, django_capture_on_commit_callbacks
):
    helped = resident(full_name="Saodat Nazarova")
    act = act_for(helped, operator)
    managers = {people.manager.email, people.region_manager.email}
    moderator = people.moderator
    client.force_login(helped)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/accounts/profile/assisted/{act.pk}/report/", {f"act-{act.pk}-note": "Men <buni> soʻramaganman."}
        )
    assert response.status_code == 302 and response["Location"] == "/en/accounts/profile/#done-for-you"
    act.refresh_from_db()
    assert act.reported_at is not None and act.report_note == "Men <buni> soʻramaganman."
    assert ModelLogEntry.objects.filter(action="participation.assisted_act_reported", user=helped).exists()
    told = {message.to[0] for message in mailoutbox}
    assert managers <= told
    assert operator.email not in told and moderator.email not in told
    assert "Men <buni> soʻramaganman." in mailoutbox[0].body
    page = client.get(PROFILE).content.decode()
    assert "Men &lt;buni&gt;" not in page  # the note is for the managers, not repeated here
    assert "/report/" not in page and "You reported this on" in page  # reported: no second form


def test_a_report_is_the_residents_own_and_made_once(client, resident, operator):
    helped, other = resident(), resident()
    act = act_for(helped, operator)
    with pytest.raises(ServiceError) as refused:
        assisted_act_report(act=act, resident=operator, note="x")
    assert refused.value.message == NOT_YOURS
    client.force_login(other)
    assert (
        client.post(f"/en/accounts/profile/assisted/{act.pk}/report/", {f"act-{act.pk}-note": "x"}).status_code == 404
    )
    assisted_act_report(act=act, resident=helped, note="Birinchi")
    with pytest.raises(ServiceError) as twice:
        assisted_act_report(act=act, resident=helped, note="Ikkinchi")
    assert twice.value.message == ALREADY_REPORTED
    act.refresh_from_db()
    assert act.report_note == "Birinchi"


def test_an_empty_report_comes_back_with_a_message_and_saves_nothing(client, resident, operator):
    helped = resident()
    act = act_for(helped, operator)
    client.force_login(helped)
    response = client.post(f"/en/accounts/profile/assisted/{act.pk}/report/", {f"act-{act.pk}-note": "   "})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()
    act.refresh_from_db()
    assert act.reported_at is None


def test_a_meeting_registration_names_the_meeting_once_it_is_public(resident, meeting_staff, tree):
    meeting = meeting_made(staff=meeting_staff, territory=tree.yangiqorgon, starts_in=timedelta(days=5))
    registration = registration_made(meeting, resident())
    (target,) = registrations_described([str(registration.pk)]).values()
    assert target.title == meeting.title and target.url.endswith(f"/meetings/{meeting.pk}/")
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.DRAFT)
    assert registrations_described([str(registration.pk), "not a number"])[registration.pk].url == ""
