"""Signing in and verifying with OneID, the whole OAuth dance against a local fake OneID
(tests/fixtures/fake_oneid.py): the browser's hop to OneID is made with ``requests``, the
site's own pages with the test client, and the site calls the fake from the server."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

from participation.identity.oneid.client import NOT_CONFIRMED, REFUSED, UNAVAILABLE
from participation.identity.oneid.services import oneid_link, pinfl_hash
from participation.models import User, VerificationLevel
from tests.fixtures.fake_oneid import CLIENT_ID, PATH, SCOPE, oneid_person

pytestmark = pytest.mark.django_db

PIN = "31505901234567"


def dance(client, fake, *, process="login", language="uz", follow=True):
    """Press a OneID button, let the fake OneID approve, and come back to the site."""
    started = client.post(f"/{language}/accounts/oneid/login/?process={process}")
    assert started.status_code == 302, started.content[:500]
    assert started["Location"].startswith(f"{fake.url}{PATH}?")
    at_oneid = requests.get(started["Location"], allow_redirects=False, timeout=10)
    assert at_oneid.status_code == 302
    back = urlparse(at_oneid.headers["Location"])
    return client.get(f"{back.path}?{back.query}", follow=follow)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_site_speaks_oneids_dialect(client, fake_oneid, tree):
    started = client.post("/uz/accounts/oneid/login/?process=login")
    query = parse_qs(urlparse(started["Location"]).query)
    assert query["response_type"] == ["one_code"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == [SCOPE]
    # One redirect address, without a language, to register with OneID.
    assert query["redirect_uri"] == ["http://testserver/accounts/oneid/callback/"]
    assert query["state"][0]

    dance(client, fake_oneid)
    token_call, identify_call = fake_oneid.posts
    assert token_call["grant_type"] == "one_authorization_code"
    assert set(token_call) == {"grant_type", "client_id", "client_secret", "code", "redirect_uri"}
    assert identify_call["grant_type"] == "one_access_token_identify"
    assert set(identify_call) == {"grant_type", "client_id", "client_secret", "access_token", "scope"}


def test_a_new_person_signs_up_with_an_e_mail_and_reaches_eid(client, fake_oneid, tree):
    fake_oneid.person = oneid_person(PIN, email="")
    form_page = dance(client, fake_oneid)
    assert form_page.request["PATH_INFO"] == "/uz/accounts/3rdparty/signup/"
    assert 'value="Dilnoza Karimova"' in form_page.content.decode()  # OneID's name, in the form
    assert not User.objects.exists()

    response = client.post(
        "/uz/accounts/3rdparty/signup/",
        {
            "email": "dilnoza@example.uz",
            "full_name": "Dilnoza Karimova",
            "home_territory": tree.yangiqorgon.pk,
            "preferred_language": "uz",
        },
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.pinfl_hash == pinfl_hash(PIN)
    assert user.verification_level == VerificationLevel.NATIONAL_EID
    (verification,) = user.verifications.all()
    assert (verification.method, verification.level) == ("national_eid", VerificationLevel.NATIONAL_EID)
    # The address is confirmed like any other before the account signs in by e-mail.
    assert not EmailAddress.objects.get(user=user).verified
    assert [message.to for message in mail.outbox] == [["dilnoza@example.uz"]]


def test_oneids_e_mail_only_fills_the_form(client, fake_oneid, tree):
    fake_oneid.person = oneid_person(PIN, email="dilnoza@oneid.example.uz")
    form_page = dance(client, fake_oneid)
    assert 'value="dilnoza@oneid.example.uz"' in form_page.content.decode()
    assert not User.objects.exists()


def test_the_person_of_a_linked_account_signs_in_to_it(client, fake_oneid, resident):
    dilnoza = resident(email="dilnoza@demo.test")
    oneid_link(user=dilnoza, pinfl_hash=pinfl_hash(PIN))
    fake_oneid.person = oneid_person(PIN)

    landed = dance(client, fake_oneid, language="ru")
    assert signed_in_as(client) == str(dilnoza.pk)
    assert landed.request["PATH_INFO"] == "/ru/"  # back in the language they started in
    assert User.objects.count() == 1
    assert SocialAccount.objects.get().user == dilnoza


def test_verifying_from_the_profile_raises_the_level_once_with_a_record(client, fake_oneid, resident):
    dilnoza = resident(email="dilnoza@demo.test")
    client.force_login(dilnoza)
    fake_oneid.person = oneid_person(PIN)

    landed = dance(client, fake_oneid, process="connect")
    assert landed.request["PATH_INFO"] == "/uz/accounts/profile/"
    with translation.override("uz"):
        confirmed = gettext("Your identity is confirmed with OneID.")
    assert confirmed in landed.content.decode()
    dilnoza.refresh_from_db()
    assert dilnoza.verification_level == VerificationLevel.NATIONAL_EID
    assert dilnoza.pinfl_hash == pinfl_hash(PIN)
    assert list(dilnoza.verifications.values_list("method", "level")) == [("national_eid", 40)]

    dance(client, fake_oneid, process="connect")  # again: nothing new
    assert dilnoza.verifications.count() == 1


def test_an_in_person_verified_resident_rises_and_never_falls(client, fake_oneid, resident):
    from participation.services.users import user_email_confirmed

    akmal = resident(verification_level=VerificationLevel.IN_PERSON)
    client.force_login(akmal)
    dance(client, fake_oneid, process="connect")
    user_email_confirmed(user=akmal)  # a later, weaker proof
    akmal.refresh_from_db()
    assert akmal.verification_level == VerificationLevel.NATIONAL_EID


def test_a_second_account_for_the_same_person_is_refused_and_pointed_to_the_first(client, fake_oneid, resident):
    first = resident(email="dilnoza@demo.test")
    oneid_link(user=first, pinfl_hash=pinfl_hash(PIN))
    second = resident(email="dilnoza.new@example.uz")
    client.force_login(second)
    fake_oneid.person = oneid_person(PIN)

    refused = dance(client, fake_oneid, process="connect")
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "d***@demo.test" in page and "dilnoza@demo.test" not in page
    second.refresh_from_db()
    assert (second.pinfl_hash, second.verification_level) == (None, VerificationLevel.EMAIL)
    assert not second.verifications.exists()
    assert not SocialAccount.objects.filter(user=second).exists()


def test_a_person_oneid_has_not_confirmed_is_refused(client, fake_oneid, tree):
    fake_oneid.person = oneid_person(PIN, valid="false")
    refused = dance(client, fake_oneid)
    assert refused.status_code == 403
    assert str(NOT_CONFIRMED) in refused.content.decode()
    assert not User.objects.exists() and not SocialAccount.objects.exists()
    assert signed_in_as(client) is None


@pytest.mark.parametrize(
    ("failure", "status", "message"), [("server_error", 502, UNAVAILABLE), ("bad_code", 403, REFUSED)]
)
def test_oneid_failing_is_explained_and_changes_nothing(client, fake_oneid, resident, failure, status, message):
    dilnoza = resident()
    client.force_login(dilnoza)
    fake_oneid.fail = failure
    answer = dance(client, fake_oneid, process="connect")
    assert answer.status_code == status
    assert str(message) in answer.content.decode()
    dilnoza.refresh_from_db()
    assert dilnoza.verification_level == VerificationLevel.EMAIL and dilnoza.pinfl_hash is None


def test_oneid_unreachable_is_explained(client, fake_oneid, settings, tree):
    started = client.post("/uz/accounts/oneid/login/?process=login")
    at_oneid = requests.get(started["Location"], allow_redirects=False, timeout=10)
    fake_oneid.stop()  # OneID goes away between the person's return and the site's call
    back = urlparse(at_oneid.headers["Location"])
    answer = client.get(f"{back.path}?{back.query}")
    assert answer.status_code == 502
    assert str(UNAVAILABLE) in answer.content.decode()


def test_a_returning_link_without_a_started_sign_in_is_refused(client, fake_oneid, tree):
    answer = client.get("/accounts/oneid/callback/?code=forged&state=forged")
    assert answer.status_code == 403
    assert str(REFUSED) in answer.content.decode()
    assert fake_oneid.posts == []  # the code was never even tried


def _every_stored_text() -> str:
    """Every row of every table as text, and every session decoded (they are stored encoded)."""
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            texts.extend(repr(row) for row in cursor.fetchall())
    texts.extend(repr(session.get_decoded()) for session in Session.objects.all())
    return "\n".join(texts)


def test_no_raw_pinfl_or_passport_number_is_stored_anywhere(client, fake_oneid, tree):
    person = oneid_person(PIN)
    fake_oneid.person = person
    dance(client, fake_oneid)
    client.post(
        "/uz/accounts/3rdparty/signup/",
        {
            "email": "dilnoza@example.uz",
            "full_name": "Dilnoza Karimova",
            "home_territory": tree.yangiqorgon.pk,
            "preferred_language": "uz",
        },
    )
    user = User.objects.get()
    EmailAddress.objects.filter(user=user).update(verified=True)
    dance(client, fake_oneid)  # and a sign-in afterwards
    assert signed_in_as(client) == str(user.pk)

    stored = _every_stored_text()
    assert pinfl_hash(PIN) in stored  # the search did read the tables
    for secret in (PIN, person["pport_no"], person["mob_phone"], person["birth_date"]):
        assert secret not in stored
    assert SocialAccount.objects.get().extra_data == {"valid": "true", "auth_method": "LOGINPASSMETHOD"}


def test_the_sign_in_page_offers_oneid_only_when_it_is_configured(client, fake_oneid, settings, home_page):
    page = client.get("/uz/accounts/login/").content.decode()
    assert 'action="/uz/accounts/oneid/login/?process=login"' in page
    settings.ONEID_CLIENT_ID = ""
    assert "/accounts/oneid/login/" not in client.get("/uz/accounts/login/").content.decode()
    assert client.post("/uz/accounts/oneid/login/?process=login").status_code == 404


def test_the_profile_offers_verification_until_it_is_done(client, fake_oneid, resident):
    dilnoza = resident()
    client.force_login(dilnoza)
    page = client.get("/uz/accounts/profile/").content.decode()
    assert 'action="/uz/accounts/oneid/login/?process=connect"' in page


def test_a_new_person_chooses_their_mahalla_without_javascript(client, fake_oneid, tree):
    fake_oneid.person = oneid_person(PIN)
    dance(client, fake_oneid)
    step = client.post(
        "/uz/accounts/3rdparty/signup/",
        {
            "email": "dilnoza@example.uz",
            "full_name": "Dilnoza K.",
            "home_territory": tree.yangiqorgon.pk,
            "show_mahallas": "1",
        },
    )
    page = step.content.decode()
    assert step.status_code == 200 and not User.objects.exists()  # listing mahallas creates nothing
    assert f'value="{tree.navbahor.pk}"' in page and 'value="Dilnoza K."' in page
    client.post(
        "/uz/accounts/3rdparty/signup/",
        {
            "email": "dilnoza@example.uz",
            "full_name": "Dilnoza K.",
            "home_territory": tree.yangiqorgon.pk,
            "mahalla": tree.navbahor.pk,
            "preferred_language": "uz",
        },
    )
    assert User.objects.get().home_territory == tree.navbahor


def test_the_linked_accounts_page_shows_oneid_and_keeps_a_passwordless_link(client, fake_oneid, tree):
    fake_oneid.person = oneid_person(PIN)
    dance(client, fake_oneid)
    client.post(
        "/uz/accounts/3rdparty/signup/",
        {
            "email": "dilnoza@example.uz",
            "full_name": "Dilnoza",
            "home_territory": tree.yangiqorgon.pk,
            "preferred_language": "uz",
        },
    )
    user = User.objects.get()
    EmailAddress.objects.filter(user=user).update(verified=True)
    client.force_login(user)
    page = client.get("/uz/accounts/3rdparty/")
    assert page.status_code == 200 and "OneID" in page.content.decode()
    # Without a password, OneID is the account's only way in: allauth keeps the link.
    client.post("/uz/accounts/3rdparty/", {"account": SocialAccount.objects.get().pk})
    assert SocialAccount.objects.filter(user=user).exists()


def test_the_same_person_finishing_a_second_sign_up_is_pointed_to_the_first(client, fake_oneid, tree):
    from django.test import Client

    fake_oneid.person = oneid_person(PIN)
    other_tab = Client()
    dance(client, fake_oneid)
    dance(other_tab, fake_oneid)  # a second phone, before the first sign-up is finished
    form = {"full_name": "Dilnoza", "home_territory": tree.yangiqorgon.pk, "preferred_language": "uz"}
    client.post("/uz/accounts/3rdparty/signup/", {**form, "email": "dilnoza@example.uz"})
    refused = other_tab.post("/uz/accounts/3rdparty/signup/", {**form, "email": "dilnoza.two@example.uz"})
    assert refused.status_code == 403
    assert "d***@example.uz" in refused.content.decode()
    assert list(User.objects.values_list("email", flat=True)) == ["dilnoza@example.uz"]
