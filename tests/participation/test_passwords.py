"""Passwords common here ("toshkent2026", "parol123", the site's name and a year) are refused on
every path that sets one: sign-up, reset, change, and the validators Django's forms call."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from participation.models import User
from participation.passwords import TOO_COMMON_HERE, WORD_LIST, LocalCommonPasswordValidator, word_of
from participation.wagtail_users import StaffUserCreationForm
from tests.factories.accounts import UserFactory

OLD_PASSWORD = "correct-horse-battery"  # what tests.factories.accounts gives everyone

COMMON_HERE = [
    "uzbekiston1",
    "toshkent2026",
    "samarqand",
    "parol123",
    "Ishtirok2026",
    "ishtirok-2025!",
    "Oʻzbekiston2026",  # the real letter oʻ (U+02BB)
    "O'zbekiston-2026!",  # as people type it
    "ozbekiston2024",
    "2025samarqand",
    "ТОШКЕНТ2026",
    "Ташкент2026!",
    "пароль123",
    "mening parolim 1",
    "Dilnoza1995",
    "Paxtakor1956",
]

FINE = [
    "Qovun-pishdi-2026",  # the sign-up tests' password
    "toshkent bozorida qovun arzon",  # a place name inside a phrase is fine
    "samarqand2026qovun",
    "correct-horse-battery",
    "Ishtirok qilamiz har kuni",
]


@pytest.mark.parametrize("password", COMMON_HERE)
def test_common_local_passwords_are_refused(password):
    with pytest.raises(ValidationError) as refused:
        LocalCommonPasswordValidator().validate(password)
    assert refused.value.code == "password_too_common_here"


@pytest.mark.parametrize("password", FINE)
def test_other_passwords_pass(password):
    LocalCommonPasswordValidator().validate(password)


@override_settings(WAGTAIL_SITE_NAME="Qadam", SITE_URL="https://fikrim.gov.uz")
def test_the_site_name_and_host_are_read_from_the_settings():
    validator = LocalCommonPasswordValidator()
    for password in ("Qadam2026", "fikrim2025!"):
        with pytest.raises(ValidationError):
            validator.validate(password)


def test_the_validator_runs_beside_djangos_own(db):
    with pytest.raises(ValidationError) as refused:
        validate_password("Toshkent2026!")
    assert [error.code for error in refused.value.error_list] == ["password_too_common_here"]
    with pytest.raises(ValidationError):
        validate_password("password123")  # Django's list still applies


def test_the_word_list_holds_only_words_the_check_can_match():
    """A line with capitals, digits or an apostrophe would never match anything: catch it here."""
    for line in WORD_LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert word_of(line) == line, line


def test_the_message_says_why_and_follows_the_language():
    with translation.override("en"):
        english = str(TOO_COMMON_HERE)
    assert "place name" in english and "site's name" in english
    assert LocalCommonPasswordValidator().get_help_text()


# --- Every path that sets a password -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()  # allauth's rate limits (reset e-mails, sign-ups) live in the cache
    yield
    cache.clear()


def test_sign_up_refuses_a_common_local_password_and_keeps_the_input(client, tree):
    data = {
        "email": "dilnoza@example.uz",
        "password1": "Toshkent2026",
        "password2": "Toshkent2026",
        "full_name": "Dilnoza Karimova",
        "home_territory": str(tree.yangiqorgon.pk),
        "preferred_language": "uz",
        "demographics_consent": "on",
    }
    response = client.post("/en/accounts/signup/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert str(TOO_COMMON_HERE).replace("'", "&#x27;") in page
    assert 'value="dilnoza@example.uz"' in page
    assert not User.objects.exists()


def test_password_reset_refuses_a_common_local_password(client, db):
    user = UserFactory()
    client.post("/en/accounts/password/reset/", {"email": user.email})
    link = re.search(r"https?://testserver(/en/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(link)["Location"]  # allauth moves the key into the session first
    response = client.post(form_url, {"password1": "uzbekiston1", "password2": "uzbekiston1"})
    assert response.status_code == 200
    assert str(TOO_COMMON_HERE).replace("'", "&#x27;") in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(OLD_PASSWORD)


def test_password_change_refuses_a_common_local_password(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": OLD_PASSWORD, "password1": "parol123456", "password2": "parol123456"},
    )
    assert response.status_code == 200
    assert str(TOO_COMMON_HERE).replace("'", "&#x27;") in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(OLD_PASSWORD)


def test_the_admins_new_staff_account_form_refuses_it_too(db):
    form = StaffUserCreationForm(
        data={"email": "rais@example.uz", "full_name": "Rais", "password1": "Ishtirok2026", "password2": "Ishtirok2026"}
    )
    assert not form.is_valid()
    assert str(TOO_COMMON_HERE) in " ".join(str(error) for error in form.errors.get("password2", []))
