"""Assisted participation in the demo: the Yangiqoʻrgʻon PSC's operator, Saodat with her
confirmed phone and the acts done for her, the staff screen's flag, and the two level rules
(phone for mahalla petitions, OneID for the 2027 budget season)."""

import pytest

from participation.assisted.models import AssistedAct, AssistedActKind
from participation.models import Channel, StaffRoleKind, User, VerificationLevel
from proposals.budgeting.models import Cycle
from proposals.petitions.models import Petition, PetitionRules, PetitionStatus, Signature

pytestmark = pytest.mark.django_db


def test_the_operator_works_at_the_yangiqorgon_psc_for_saodat(seeded):
    operator = User.objects.get(email="operator.yangiqorgon@demo.test")
    assert operator.staff_roles.filter(role=StaffRoleKind.OPERATOR, territory__name_uz="Yangiqoʻrgʻon tumani").exists()
    saodat = User.objects.get(email="saodat@demo.test")
    assert saodat.phone == "+998900001949" and saodat.phone_verified_at is not None
    assert saodat.verification_level == VerificationLevel.PHONE
    acts = list(AssistedAct.objects.filter(resident=saodat).select_related("centre"))
    assert {act.kind for act in acts} == {AssistedActKind.PETITION_SIGNATURE, AssistedActKind.QUESTION}
    assert {act.operator for act in acts} == {operator}
    assert {act.centre.title for act in acts} == {"Yangiqoʻrgʻon tumani Davlat xizmatlari markazi"}
    assert [act.kind for act in acts if act.reported_at] == [AssistedActKind.QUESTION]
    signature = Signature.objects.get(pk=next(act.target_id for act in acts if act.kind == "petition_signature"))
    assert signature.user == saodat and signature.channel == Channel.ASSISTED


def test_saodat_sees_what_was_done_for_her(seeded, client):
    client.force_login(User.objects.get(email="saodat@demo.test"))
    html = client.get("/en/accounts/profile/").content.decode()
    assert "done for you by Yangiqoʻrgʻon tumani: Operator at Yangiqoʻrgʻon tumani Davlat xizmatlari markazi" in html
    assert "Navbahor: bekatga soyabon va oʻrindiq" in html
    assert "You reported this on" in html


def test_the_managers_screen_flags_the_question_typed_after_closing(seeded, client):
    client.force_login(User.objects.get(email="manager.yangiqorgon@demo.test"))
    html = client.get("/admin/assisted-acts/").content.decode()
    # The admin speaks the manager's language (Uzbek): the flag's words are read in it.
    import re

    from django.utils import translation

    from participation.assisted.selectors.watch import OUTSIDE_HOURS_FLAG

    with translation.override("uz"):
        words = max(re.split(r"%\(\w+\)[sd]", str(OUTSIDE_HOURS_FLAG)), key=len).strip()
    assert 'lang="uz"' in html and words in html
    assert "Saodat Nazarova" in html and "operator uni boshqacha yozib" in html


def test_mahalla_petitions_ask_for_a_phone_and_dilnoza_is_shown_how(seeded, client):
    assert PetitionRules.objects.get(level="mahalla").verification_level == VerificationLevel.PHONE
    petition = Petition.objects.get(title="Navbahor: bekatga soyabon va oʻrindiq")
    assert petition.status == PetitionStatus.COLLECTING and petition.verification_level == VerificationLevel.PHONE
    client.force_login(User.objects.get(email="dilnoza@demo.test"))
    assert 'href="/uz/accounts/phone/"' in client.get(f"/uz/petitions/{petition.pk}/").content.decode()


def test_the_2027_season_asks_for_oneid(seeded):
    assert Cycle.objects.get(title__contains="2027").verification_level == VerificationLevel.NATIONAL_EID
    assert Cycle.objects.get(title__contains="2026").verification_level == VerificationLevel.EMAIL
