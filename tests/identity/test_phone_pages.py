"""The resident's pages: add a phone to the account (number, then code), sign in with it, and
every failure told on the form in the resident's language, with nothing half-done."""

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve

from participation.identity import services
from participation.identity.models import PhoneCode
from participation.models import IdentityVerification, User, VerificationLevel
from participation.ratelimit import UNAVAILABLE
from tests.factories.accounts import UserFactory
from tests.identity.conftest import PHONE, last_code, other_code

pytestmark = pytest.mark.django_db

ADD = "/en/accounts/phone/"
CONFIRM = "/en/accounts/phone/confirm/"
SIGN_IN = "/en/accounts/phone/sign-in/"
SIGN_IN_CODE = "/en/accounts/phone/sign-in/code/"


def add_phone(client, phone="+998 90 123 45 67"):
    return client.post(ADD, {"phone": phone})


def errors(response) -> list[str]:
    form = response.context["form"]
    return [str(message) for message in form.non_field_errors()] + [
        str(message) for field in form for message in field.errors
    ]


def test_a_resident_adds_a_phone_and_rises_to_phone_level(client, person):
    client.force_login(person)
    assert "Add your phone number" in client.get("/en/accounts/profile/").content.decode()
    response = add_phone(client)
    assert response.status_code == 302 and response["Location"].endswith(CONFIRM)
    page = client.get(CONFIRM).content.decode()
    assert "+998 90 123 45 67" in page
    response = client.post(CONFIRM, {"code": last_code()})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == PHONE and person.phone_verified_at is not None
    assert person.verification_level == VerificationLevel.PHONE
    (proof,) = IdentityVerification.objects.filter(user=person)
    assert (proof.method, proof.level, proof.verified_by) == ("phone", VerificationLevel.PHONE, None)
    assert PHONE not in proof.note  # the audit row shows the number masked
    assert "Confirmed phone" in client.get("/en/accounts/profile/").content.decode()


def test_a_higher_level_is_never_lowered_but_the_proof_is_recorded(client, tree):
    verified = UserFactory(home_territory=tree.navbahor, verification_level=VerificationLevel.IN_PERSON)
    client.force_login(verified)
    add_phone(client)
    client.post(CONFIRM, {"code": last_code()})
    verified.refresh_from_db()
    assert verified.verification_level == VerificationLevel.IN_PERSON
    assert verified.phone_verified_at is not None
    assert IdentityVerification.objects.filter(user=verified, method="phone").count() == 1


def test_a_wrong_code_is_told_and_the_level_stays(client, person):
    client.force_login(person)
    add_phone(client)
    response = client.post(CONFIRM, {"code": other_code(last_code())})
    assert errors(response) == [str(services.CODE_WRONG)]
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.EMAIL and person.phone is None


def test_a_number_another_person_confirmed_is_refused_without_saying_whose(client, person, resident):
    owner = resident(phone=PHONE, phone_verified_at="2026-01-01T00:00:00Z", email="owner@example.uz")
    client.force_login(person)
    response = add_phone(client)
    assert response.status_code == 200
    assert errors(response) == [str(services.PHONE_TAKEN)]
    page = response.content.decode()
    assert owner.email not in page and owner.full_name not in page
    assert 'value="+998 90 123 45 67"' in page  # the number is kept on the form
    assert not PhoneCode.objects.exists()  # and no message went to the owner's phone


def test_a_foreign_number_is_refused_on_the_form(client, person):
    client.force_login(person)
    response = add_phone(client, "+7 916 123 45 67")
    assert response.status_code == 200 and len(errors(response)) == 1
    assert not PhoneCode.objects.exists()


@override_settings(SMS_BACKEND="eskiz")
def test_a_gateway_failure_is_told_in_the_residents_language_and_nothing_is_done(client, person, fake_sms):
    fake_sms.fail_with = 500
    client.force_login(person)
    response = client.post("/ru/accounts/phone/", {"phone": "+998 90 123 45 67"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="+998 90 123 45 67"' in page
    assert 'lang="ru"' in page and errors(response) == [str(services.SMS_FAILED)]
    assert not PhoneCode.objects.exists()
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.EMAIL and person.phone is None
    assert client.get("/ru/accounts/phone/confirm/").status_code == 302  # no code step to go to


def test_a_dead_redis_is_a_message_on_the_form_not_a_server_error(client, person, cache_down):
    client.force_login(person)
    with override_settings(RATE_LIMITS={"phone_code_send": {"user": (5, 3600), "ip": (50, 3600)}}):
        response = add_phone(client)
    assert response.status_code == 200 and errors(response) == [str(UNAVAILABLE)]
    assert not PhoneCode.objects.exists()


def test_adding_a_phone_needs_a_signed_in_person(client):
    assert client.get(ADD)["Location"].startswith("/en/accounts/login/")
    assert client.get(CONFIRM)["Location"].startswith("/en/accounts/login/")


def confirmed_resident(resident, phone=PHONE):
    return resident(phone=phone, phone_verified_at="2026-01-01T00:00:00Z")


def test_a_resident_signs_in_with_phone_and_code(client, resident):
    person = confirmed_resident(resident)
    assert "Sign in with your phone number" in client.get("/en/accounts/login/").content.decode()
    response = client.post(SIGN_IN, {"phone": "90 123 45 67"})
    assert response["Location"].endswith(SIGN_IN_CODE)
    response = client.post(SIGN_IN_CODE, {"code": last_code()})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk


def test_a_sign_in_code_works_once(client, resident):
    confirmed_resident(resident)
    client.post(SIGN_IN, {"phone": PHONE})
    code = last_code()
    client.post(SIGN_IN_CODE, {"code": code})
    client.logout()
    session = client.session  # someone who saw the code tries it again
    session["identity_phone_sign_in"] = PHONE
    session.save()
    response = client.post(SIGN_IN_CODE, {"code": code})
    assert errors(response) == [str(services.CODE_DEAD)]
    assert "_auth_user_id" not in client.session


def test_an_unknown_number_gets_the_same_answer_and_no_message(client, resident, capsys):
    confirmed_resident(resident)
    known = client.post(SIGN_IN, {"phone": PHONE})
    capsys.readouterr()
    unknown = client.post(SIGN_IN, {"phone": "+998 90 765 43 21"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert "SMS to" not in capsys.readouterr().out
    response = client.post(SIGN_IN_CODE, {"code": "123456"})
    assert errors(response) == [str(services.CODE_DEAD)]


def test_a_sign_in_code_cannot_confirm_a_number(client, person, resident):
    confirmed_resident(resident)
    client.post(SIGN_IN, {"phone": PHONE})
    sign_in_code = last_code()
    client.force_login(person)
    session = client.session
    session["identity_phone_verify"] = "+998901234568"
    session.save()
    response = client.post(CONFIRM, {"code": sign_in_code})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.phone is None


def test_signing_in_by_phone_keeps_a_managers_second_factor(client, resident):
    from allauth.mfa.models import Authenticator

    person = confirmed_resident(resident)
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.post(SIGN_IN, {"phone": PHONE})
    response = client.post(SIGN_IN_CODE, {"code": last_code()})
    assert response.status_code == 302 and "/2fa/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_the_sms_page_is_not_there_without_debug(client):
    with pytest.raises(Resolver404):
        resolve("/dev/sms/")
    assert client.get("/dev/sms/", follow=True).status_code == 404


def test_the_sms_page_shows_the_last_codes_with_debug(client, person, settings):
    import importlib

    from django.urls import clear_url_caches

    from participation.config import urls

    services.phone_code_send(phone=PHONE, purpose="verify", user=person)
    settings.DEBUG = True
    try:
        clear_url_caches()
        importlib.reload(urls)
        page = client.get("/dev/sms/").content.decode()
        assert last_code() in page and PHONE in page
    finally:
        settings.DEBUG = False
        importlib.reload(urls)
        clear_url_caches()
    assert User.objects.count() == 1
