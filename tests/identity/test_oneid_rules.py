"""The identity rules behind OneID, without the OAuth dance: the PINFL's keyed hash, one person
one account (also when two accounts race for the same person), and the settings that guard it."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.test import RequestFactory

from participation.exceptions import ServiceError
from participation.identity.oneid import dev_fake
from participation.identity.oneid.services import masked_email, oneid_link, pinfl_hash
from participation.identity.oneid.urls import dev_fake_patterns
from participation.models import IdentityVerification, User, VerificationLevel
from tests.fixtures.concurrency import postgres_only, run_together, unexpected

PIN = "31505901234567"


def test_the_pinfl_is_kept_as_a_keyed_hash(settings):
    kept = pinfl_hash(PIN)
    assert len(kept) == 64 and PIN not in kept
    assert pinfl_hash(PIN) == kept  # the same person is found again
    settings.ONEID_PINFL_PEPPER = "another-pepper"
    assert pinfl_hash(PIN) != kept  # without the pepper, the hash says nothing


def test_no_pepper_no_hash(settings):
    settings.ONEID_PINFL_PEPPER = ""
    with pytest.raises(ImproperlyConfigured):
        pinfl_hash(PIN)


@pytest.mark.parametrize("bad", ["", "1234567890123", "123456789012345", "3150590123456X"])
def test_only_a_14_digit_pinfl_is_hashed(bad):
    with pytest.raises(ValueError):
        pinfl_hash(bad)


def test_an_e_mail_is_masked_to_what_its_owner_recognises():
    assert masked_email("dilnoza@demo.test") == "d***@demo.test"


@pytest.mark.django_db
def test_an_account_linked_to_one_person_cannot_take_another(resident):
    dilnoza = resident()
    oneid_link(user=dilnoza, pinfl_hash=pinfl_hash(PIN))
    with pytest.raises(ServiceError):
        oneid_link(user=dilnoza, pinfl_hash=pinfl_hash("42203950450022"))
    dilnoza.refresh_from_db()
    assert dilnoza.pinfl_hash == pinfl_hash(PIN)


@pytest.mark.django_db
def test_the_database_refuses_two_accounts_with_one_pinfl(resident):
    from django.db import IntegrityError, transaction

    first, second = resident(), resident()
    User.objects.filter(pk=first.pk).update(pinfl_hash=pinfl_hash(PIN))
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=second.pk).update(pinfl_hash=pinfl_hash(PIN))


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_accounts_linking_the_same_person_at_once_one_wins(resident):
    accounts = [resident() for _ in range(6)]
    kept = pinfl_hash(PIN)
    outcomes = run_together([lambda user=user: oneid_link(user=user, pinfl_hash=kept) for user in accounts])
    assert unexpected(outcomes) == []
    winners = [outcome for outcome in outcomes if not isinstance(outcome, Exception)]
    assert len(winners) == 1
    assert list(User.objects.filter(pinfl_hash=kept)) == [winners[0]]
    assert IdentityVerification.objects.filter(method="national_eid").count() == 1
    assert User.objects.filter(verification_level=VerificationLevel.NATIONAL_EID).count() == 1


# --- the development stand-in ---------------------------------------------------------------


def test_the_stand_in_is_not_mounted_without_debug(settings):
    settings.ONEID_FAKE = True
    settings.DEBUG = False
    assert dev_fake_patterns() == []
    settings.DEBUG = True
    assert {pattern.name for pattern in dev_fake_patterns()} == {"oneid_dev_endpoint", "oneid_dev_choose"}
    settings.ONEID_FAKE = False
    assert dev_fake_patterns() == []


def test_the_stand_in_answers_nothing_without_debug_even_if_mounted(settings):
    settings.ONEID_FAKE = True
    settings.DEBUG = False
    request = RequestFactory().get("/dev/oneid/sso/oauth/Authorization.do", {"response_type": "one_code"})
    with pytest.raises(Http404):
        dev_fake.endpoint(request)


@pytest.mark.django_db
def test_the_test_site_has_no_stand_in(client):
    assert client.get("/dev/oneid/sso/oauth/Authorization.do?response_type=one_code").status_code == 404
    assert (
        client.post("/dev/oneid/sso/oauth/Authorization.do", {"grant_type": "one_access_token_identify"}).status_code
        == 404
    )


def _settings_in_a_fresh_interpreter(module: str, env: dict, code: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("ONEID_", "DEBUG", "SITE_URL"))}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings as s; {code}"],
        env=clean,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 64,
    "ALLOWED_HOSTS": "ishtirok.example.uz",
    "SITE_URL": "https://ishtirok.example.uz",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/participation",
    "EMAIL_URL": "smtp://localhost:25",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_production_with_oneid_refuses_to_start_without_a_pepper():
    env = {**PRODUCTION_ENV, "ONEID_CLIENT_ID": "ishtirok", "ONEID_CLIENT_SECRET": "s"}
    refused = _settings_in_a_fresh_interpreter("participation.config.settings.production", env, "print('started')")
    assert refused.returncode != 0 and "ONEID_PINFL_PEPPER" in refused.stderr.splitlines()[-1]
    started = _settings_in_a_fresh_interpreter(
        "participation.config.settings.production",
        {**env, "ONEID_PINFL_PEPPER": "p" * 40, "DEBUG": "true"},
        "print(s.ONEID_FAKE)",
    )
    assert started.stdout.strip() == "False", started.stderr  # never the stand-in, even with DEBUG


def test_make_run_with_debug_signs_in_with_the_stand_in():
    on = _settings_in_a_fresh_interpreter(
        "participation.config.settings.dev",
        {"DEBUG": "true"},
        "from django.urls import resolve; print(s.ONEID_FAKE, s.ONEID_BASE_URL, resolve('/dev/oneid/choose/').url_name)",
    )
    assert on.stdout.split() == ["True", "http://127.0.0.1:8000/dev/oneid", "oneid_dev_choose"], on.stderr
    off = _settings_in_a_fresh_interpreter(
        "participation.config.settings.dev", {"DEBUG": "false"}, "print(s.ONEID_FAKE)"
    )
    assert off.stdout.strip() == "False", off.stderr
