"""Signing a petition for a resident: consent per act (code or paper form), through the
petition's own service, channel ``assisted``, one act with one record, audited."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from participation.assisted import services
from participation.assisted.models import AssistedAct, ConsentMethod
from participation.exceptions import ServiceError
from participation.identity.models import PhoneCode
from participation.identity.services import CodeRefused, SmsUnavailable
from participation.models import Channel
from proposals.petitions.assisted import petition_consent_reference, petition_sign_assisted, petitions_to_sign_for
from proposals.petitions.models import PetitionStatus, Signature
from tests.assisted.conftest import PHONE, last_code, last_text, other_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(publish):
    return publish()


def consent_by_code(operator, resident, petition, *, code=None, centre_id=None):
    reference = petition_consent_reference(petition)
    services.consent_code_send(operator=operator, resident=resident, reference=reference, what="sign the road")
    return services.consent_take(
        operator=operator,
        resident=resident,
        centre_id=centre_id,
        reference=reference,
        code=last_code() if code is None else code,
    )


def test_with_the_code_the_signature_is_the_residents_and_assisted(operator, elderly, petition):
    assistance = consent_by_code(operator, elderly, petition)
    act = petition_sign_assisted(assistance=assistance, petition=petition)
    signature = Signature.objects.get(petition=petition, user=elderly)
    assert signature.channel == Channel.ASSISTED
    assert (act.operator, act.resident, act.target_id, act.consent_method) == (
        operator,
        elderly,
        str(signature.pk),
        ConsentMethod.PHONE_CODE,
    )
    assert PHONE not in act.consent_reference  # the masked number only
    petition.refresh_from_db()
    assert petition.signature_count == 1
    assert ModelLogEntry.objects.filter(action="participation.assisted_act", object_id=str(elderly.pk)).exists()


def test_the_message_says_what_the_code_allows(operator, elderly, petition):
    services.consent_code_send(
        operator=operator, resident=elderly, reference=petition_consent_reference(petition), what="sign the road"
    )
    assert "sign the road" in last_text()


@pytest.mark.parametrize("case", ["none", "wrong", "expired", "other_act"])
def test_without_a_valid_code_nothing_is_done(operator, elderly, petition, publish, case):
    reference = petition_consent_reference(petition)
    services.consent_code_send(operator=operator, resident=elderly, reference=reference, what="x")
    code = last_code()
    if case == "expired":
        PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    if case == "other_act":  # a code given for another petition does not sign this one
        reference = petition_consent_reference(publish(title="Boshqa petitsiya"))
    typed = {"none": "", "wrong": other_code(code)}.get(case, code)
    with pytest.raises(ServiceError):
        services.consent_take(operator=operator, resident=elderly, centre_id=None, reference=reference, code=typed)
    assert not Signature.objects.filter(user=elderly).exists()
    assert not AssistedAct.objects.exists()


def test_a_code_consents_once(operator, elderly, petition):
    code_assistance = consent_by_code(operator, elderly, petition)
    petition_sign_assisted(assistance=code_assistance, petition=petition)
    with pytest.raises(CodeRefused):
        services.consent_take(
            operator=operator,
            resident=elderly,
            centre_id=None,
            reference=petition_consent_reference(petition),
            code=last_code(),
        )
    assert AssistedAct.objects.count() == 1


@override_settings(SMS_BACKEND="eskiz")
def test_a_gateway_failure_is_told_and_leaves_nothing(operator, elderly, petition, fake_sms):
    fake_sms.fail_with = 500
    with pytest.raises(SmsUnavailable) as refused:
        services.consent_code_send(
            operator=operator, resident=elderly, reference=petition_consent_reference(petition), what="x"
        )
    assert "could not send" in str(refused.value.message)
    assert not PhoneCode.objects.exists()
    assert not Signature.objects.exists() and not AssistedAct.objects.exists()


def test_without_a_phone_a_paper_form_consents_to_one_act(operator, elderly, petition, publish):
    elderly.phone = None
    elderly.save()
    assistance = services.consent_take(
        operator=operator, resident=elderly, centre_id=None, reference="x", paper_form="PSC-0042"
    )
    act = petition_sign_assisted(assistance=assistance, petition=petition)
    assert (act.consent_method, act.consent_reference) == (ConsentMethod.PAPER_FORM, "PSC-0042")
    # The same form does not consent to another act.
    with pytest.raises(ServiceError):
        services.consent_take(operator=operator, resident=elderly, centre_id=None, reference="y", paper_form="PSC-0042")
    with pytest.raises(ServiceError):  # and no form, no consent
        services.consent_take(operator=operator, resident=elderly, centre_id=None, reference="y", paper_form=" ")


def test_a_double_submit_is_one_act_with_one_record(operator, elderly, petition):
    elderly.phone = None
    elderly.save()
    assistance = services.consent_take(
        operator=operator, resident=elderly, centre_id=None, reference="x", paper_form="PSC-7"
    )
    first = petition_sign_assisted(assistance=assistance, petition=petition)
    again = petition_sign_assisted(assistance=assistance, petition=petition)
    assert first.pk == again.pk
    assert AssistedAct.objects.count() == 1 and Signature.objects.filter(user=elderly).count() == 1
    petition.refresh_from_db()
    assert petition.signature_count == 1


def test_a_petition_the_resident_signed_themselves_is_not_claimed(operator, elderly, petition):
    from proposals.petitions.services.lifecycle import petition_sign

    petition_sign(petition=petition, user=elderly)
    elderly.phone = None
    elderly.save()
    assistance = services.consent_take(
        operator=operator, resident=elderly, centre_id=None, reference="x", paper_form="P1"
    )
    with pytest.raises(ServiceError):
        petition_sign_assisted(assistance=assistance, petition=petition)
    assert not AssistedAct.objects.exists()
    assert Signature.objects.get(user=elderly).channel == Channel.WEB


def test_a_petition_not_collecting_refuses_the_assisted_signature_as_the_residents_own(
    operator, elderly, make_petition
):
    closed = make_petition(PetitionStatus.MODERATION)
    elderly.phone = None
    elderly.save()
    assistance = services.consent_take(
        operator=operator, resident=elderly, centre_id=None, reference="x", paper_form="P2"
    )
    with pytest.raises(ServiceError):
        petition_sign_assisted(assistance=assistance, petition=closed)
    assert not Signature.objects.exists() and not AssistedAct.objects.exists()


def test_an_operator_of_another_district_cannot_act(people, elderly, petition):
    with pytest.raises(ServiceError):
        services.consent_code_send(
            operator=people.zomin_operator, resident=elderly, reference=petition_consent_reference(petition), what="x"
        )
    assert not PhoneCode.objects.exists()


def test_the_list_shows_petitions_where_she_lives_in_one_query(
    elderly, publish, people, tree, django_assert_num_queries
):
    for number in range(4):
        publish(title=f"Petitsiya {number}")
    publish(title="Zomin", territory=tree.zomin, moderator=people.zomin_moderator)
    with django_assert_num_queries(1):
        titles = [petition.title for petition in petitions_to_sign_for(elderly)]
    assert len(titles) == 4 and "Zomin" not in titles
