"""Registering a resident for a public meeting at the desk: consent, their own registration
(channel assisted), the code shown to write down; refused as their own would be."""

import pytest

from meetings.meetings.assisted import meeting_register_assisted, meetings_open_for
from meetings.meetings.models import Registration
from participation.assisted import services
from participation.assisted.models import AssistedAct, AssistedActKind
from participation.exceptions import ServiceError
from participation.models import Channel
from tests.assisted.conftest import PHONE, last_code

pytestmark = pytest.mark.django_db


def test_registered_through_the_desk_with_her_consent(desk, elderly, make_meeting):
    meeting = make_meeting()
    url = f"/en/operator/meetings/{elderly.pk}/{meeting.pk}/"
    desk.post(url, {"action": "send"})
    response = desk.post(url, {"action": "register", "needs_elderly_help": "on", "code": last_code(PHONE)})
    assert response.url == f"/en/operator/resident/{elderly.pk}/"
    registration = Registration.objects.get(meeting=meeting, user=elderly)
    assert registration.channel == Channel.ASSISTED and registration.needs_elderly_help
    act = AssistedAct.objects.get()
    assert (act.kind, act.target_id) == (AssistedActKind.MEETING_REGISTRATION, str(registration.pk))
    page = desk.get(f"/en/operator/resident/{elderly.pk}/").content.decode()
    assert registration.code in page  # to write down: she has no e-mail


def test_a_cancelled_meeting_refuses_as_her_own_registration_would(operator, elderly, make_meeting):
    meeting = make_meeting(status="cancelled")
    elderly.phone = None
    elderly.save()
    assistance = services.consent_take(
        operator=operator, resident=elderly, centre_id=None, reference="m", paper_form="M1"
    )
    with pytest.raises(ServiceError):
        meeting_register_assisted(assistance=assistance, meeting=meeting, needs={})
    assert not Registration.objects.exists() and not AssistedAct.objects.exists()
    assert meetings_open_for(elderly) == []


def test_the_list_is_the_meetings_where_she_lives(elderly, make_meeting, tree, people, django_assert_num_queries):
    here = [make_meeting(title=f"Yigʻin {number}") for number in range(3)]
    make_meeting(territory=tree.zomin, staff=people.zomin_manager, title="Zomin")
    with django_assert_num_queries(1):
        found = meetings_open_for(elderly)
    assert {meeting.pk for meeting in found} == {meeting.pk for meeting in here}
