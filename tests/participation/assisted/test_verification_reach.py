"""A refusal for too low a verification level tells the resident how to reach it, in their
language: a confirmed phone for petition level rules that ask for one, OneID for a budget cycle
that asks for national eID, a visit for "in person"."""

import pytest
from django.test import override_settings

from participation.models import VerificationLevel
from proposals.budgeting.models import PhaseKind
from proposals.petitions.models import Petition, PetitionStatus
from tests.fixtures.petitions import published_recently

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_petition(make_petition):
    petition = make_petition(PetitionStatus.COLLECTING, now=published_recently())
    Petition.objects.filter(pk=petition.pk).update(verification_level=VerificationLevel.PHONE)
    return petition


@pytest.mark.parametrize("language", ["uz", "ru", "kaa"])
def test_a_petition_asking_for_a_phone_links_to_adding_one_in_the_readers_language(
    client, resident, phone_petition, language
):
    client.force_login(resident())
    html = client.get(f"/{language}/petitions/{phone_petition.pk}/").content.decode()
    assert 'class="notice notice-rejected"' in html
    assert f'href="/{language}/accounts/phone/"' in html
    assert 'class="button petition-sign"' not in html


def test_with_a_confirmed_phone_the_petition_is_signed_and_no_hint_is_shown(client, resident, phone_petition):
    client.force_login(resident(verification_level=VerificationLevel.PHONE, phone="+998901112233"))
    html = client.get(f"/uz/petitions/{phone_petition.pk}/").content.decode()
    assert 'class="button petition-sign"' in html and "verification-reach" not in html


@override_settings(ONEID_CLIENT_ID="ishtirok-test")
def test_a_cycle_asking_for_eid_offers_oneid_and_comes_back_to_the_ballot(client, resident, make_cycle, at_t0):
    cycle = make_cycle(PhaseKind.VOTING, verification_level=VerificationLevel.NATIONAL_EID)
    client.force_login(resident(verification_level=VerificationLevel.PHONE, phone="+998901112233"))
    html = client.get(f"/ru/budget/{cycle.pk}/vote/").content.decode()
    assert "oneid/login/?process=connect" in html
    assert f'name="next" value="/ru/budget/{cycle.pk}/vote/"' in html
    assert "/accounts/phone/" not in html  # a phone does not reach eID


@override_settings(ONEID_CLIENT_ID="")
def test_without_oneid_on_the_site_the_resident_is_told_so(client, resident, make_cycle, at_t0):
    cycle = make_cycle(PhaseKind.VOTING, verification_level=VerificationLevel.NATIONAL_EID)
    client.force_login(resident())
    html = client.get(f"/en/budget/{cycle.pk}/vote/").content.decode()
    assert "This needs national eID (OneID), which this site cannot use yet." in html
    assert "oneid/login" not in html


def test_a_cycle_asking_for_in_person_verification_says_where_to_go(client, resident, make_cycle, at_t0):
    cycle = make_cycle(PhaseKind.VOTING, verification_level=VerificationLevel.IN_PERSON)
    client.force_login(resident())
    html = client.get(f"/en/budget/{cycle.pk}/vote/").content.decode()
    assert "Show your passport or ID card at a public service centre" in html


def test_submitting_to_a_cycle_asking_for_eid_shows_the_way_there(client, resident, make_cycle, at_t0):
    with override_settings(ONEID_CLIENT_ID="ishtirok-test"):
        cycle = make_cycle(PhaseKind.SUBMISSION, verification_level=VerificationLevel.NATIONAL_EID)
        client.force_login(resident())
        html = client.get(f"/uz/budget/{cycle.pk}/").content.decode()
    assert "oneid/login/?process=connect" in html
