import re

import pytest
from django import forms
from django.core import mail
from django.utils import translation

from participation.forms import DEMOGRAPHICS_NEED_CONSENT
from participation.models import User, VerificationLevel


def signup_data(tree, **overrides):
    data = {
        "email": "dilnoza@example.uz",
        "password1": "Qovun-pishdi-2026",
        "password2": "Qovun-pishdi-2026",
        "full_name": "Dilnoza Karimova",
        "home_territory": str(tree.yangiqorgon.pk),
        "preferred_language": "uz-cyrl",
        "gender": "female",
        "birth_year": "1991",
        "demographics_consent": "on",
    }
    data.update(overrides)
    return data


def test_sign_up_confirm_email_and_sign_in(client, tree):
    response = client.post("/uz-cyrl/accounts/signup/", signup_data(tree))
    assert response.status_code == 302
    user = User.objects.get(email="dilnoza@example.uz")
    assert user.verification_level == VerificationLevel.NONE
    assert (user.full_name, user.home_territory, user.gender, user.birth_year) == (
        "Dilnoza Karimova",
        tree.yangiqorgon,
        "female",
        1991,
    )
    assert user.preferred_language == "uz-cyrl"

    # Until the address is confirmed, the person cannot sign in.
    client.logout()
    login = client.post("/uz/accounts/login/", {"login": user.email, "password": "Qovun-pishdi-2026"})
    assert login.status_code == 302 and "confirm-email" in login["Location"]
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) >= 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s/]+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    confirmed = client.post(path)
    assert confirmed.status_code == 302
    user.refresh_from_db()
    assert user.verification_level == VerificationLevel.EMAIL
    signed_in = client.post("/uz/accounts/login/", {"login": user.email, "password": "Qovun-pishdi-2026"})
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/uz/")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "/uz/accounts/logout/" in client.get("/uz/").content.decode()


def test_bad_sign_up_keeps_input_and_explains_in_the_users_language(client, tree):
    data = signup_data(tree, full_name="", demographics_consent="", password2="something-else-2026")
    response = client.post("/ru/accounts/signup/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="dilnoza@example.uz"' in page  # the input is kept
    assert 'value="1991"' in page
    with translation.override("ru"):
        required = str(forms.Field.default_error_messages["required"])
        need_consent = str(DEMOGRAPHICS_NEED_CONSENT)
    with translation.override("en"):
        assert required != str(forms.Field.default_error_messages["required"])
        assert need_consent != str(DEMOGRAPHICS_NEED_CONSENT)
    assert required in page  # Django's message, in Russian
    assert need_consent in page  # ours too
    assert not User.objects.exists()


def test_demographics_without_consent_are_refused(client, tree):
    response = client.post("/en/accounts/signup/", signup_data(tree, demographics_consent=""))
    assert response.status_code == 200
    assert "Tick the box to share your gender and year of birth" in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_without_demographics_needs_no_consent(client, tree):
    data = signup_data(tree, gender="", birth_year="", demographics_consent="")
    assert client.post("/uz/accounts/signup/", data).status_code == 302
    user = User.objects.get()
    assert (user.gender, user.birth_year, user.demographics_consent_at) == ("", None, None)


def test_profile_page_updates_and_withdraws_consent(client, tree):
    client.post("/en/accounts/signup/", signup_data(tree))
    user = User.objects.get()
    client.force_login(user)
    page = client.get("/en/accounts/profile/")
    assert page.status_code == 200 and "Dilnoza Karimova" in page.content.decode()
    data = signup_data(tree, gender="", birth_year="", demographics_consent="", home_territory=str(tree.zomin.pk))
    response = client.post("/en/accounts/profile/", data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.home_territory, user.gender, user.demographics_consent_at) == (tree.zomin, "", None)


def test_profile_needs_sign_in(client, db):
    response = client.get("/uz/accounts/profile/")
    assert response.status_code == 302 and "/uz/accounts/login/" in response["Location"]


@pytest.mark.parametrize("prefix", ["uz", "uz-cyrl", "ru"])
def test_password_rules_are_explained_in_the_users_language(client, tree, prefix):
    """Django's Uzbek catalogue lacks these; ours supplies them (and their Cyrillic form)."""
    response = client.post(f"/{prefix}/accounts/signup/", signup_data(tree, password1="12345", password2="12345"))
    page = response.content.decode()
    assert response.status_code == 200 and not User.objects.exists()
    with translation.override(prefix):
        numeric = translation.gettext("This password is entirely numeric.")
        help_text = translation.gettext("Your password can’t be entirely numeric.")
    assert numeric != "This password is entirely numeric." and numeric in page
    assert help_text in page
    assert "This password is" not in page and "Your password can’t" not in page  # nothing left in English
    if prefix == "uz-cyrl":
        assert "Бу пароль фақат рақамлардан иборат." in page  # пароль, the standard spelling
