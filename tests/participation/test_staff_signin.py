"""Staff sign in through allauth's login: failed tries are limited, per address and per
(account, address) pair so nobody can lock a resident out, and managers use a second factor
where MFA_REQUIRED_FOR_MANAGERS asks for it."""

import os
import re
import subprocess
import sys
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

from participation.adapters import address_block
from participation.ratelimit import TOO_MANY
from participation.staff_signin import SET_UP_TWO_FACTOR_FIRST
from tests.factories.accounts import UserFactory

PASSWORD = "correct-horse-battery"  # what tests.factories.accounts gives everyone
LOGIN = "/en/accounts/login/"
ATTACKER = "203.0.113.9"
RESIDENT_HOME = "198.51.100.7"


@pytest.fixture(autouse=True)
def fresh_counters():
    """Rate-limit counters live in the cache, which outlives a test; start and end empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def totp_clock(monkeypatch):
    """The authenticator's clock, stopped: a code computed here is the server's code too, however
    slowly the test runs. Only allauth's TOTP module reads it (rate limits keep real time)."""
    clock = SimpleNamespace(now=1_800_000_000.0)
    clock.time = lambda: clock.now
    monkeypatch.setattr(totp, "time", clock)
    return clock


def code_at(secret: str, clock) -> str:
    """The code an authenticator app shows, computed with allauth's own helpers."""
    return totp.format_hotp_value(totp.hotp_value(secret, int(clock.now) // 30))


def sign_in(client, user, password=PASSWORD, *, next_url="", login=LOGIN, **extra):
    data = {"login": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(login, data, **extra)


def signed_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def too_many_attempts(language: str) -> str:
    with translation.override(language):
        return str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])


def enrol(client, totp_clock) -> str:
    """Activate an authenticator app for the signed-in person; returns its secret.

    allauth asks for the password again first (adding a factor is sensitive: with a stolen
    session, someone could otherwise tie the account to their own phone)."""
    activate = "/en/accounts/2fa/totp/activate/"
    asked = client.get(activate)
    assert (asked.status_code, urlsplit(asked["Location"]).path) == (302, "/en/accounts/reauthenticate/")
    confirmed = client.post(asked["Location"], {"password": PASSWORD, "next": activate})
    assert (confirmed.status_code, confirmed["Location"]) == (302, activate)
    page = client.get(activate)
    assert page.status_code == 200
    secret = page.context["form"].secret
    done = client.post("/en/accounts/2fa/totp/activate/", {"code": code_at(secret, totp_clock)})
    assert (done.status_code, done["Location"]) == (302, "/en/accounts/2fa/recovery-codes/")
    return secret


# --- One door: both admins' logins are allauth's ---------------------------------------------------


@pytest.mark.parametrize(
    ("login_page", "admin"), [("/admin/login/", "/admin/"), ("/django-admin/login/", "/django-admin/")]
)
def test_admin_login_pages_lead_to_allauths_login_keeping_where_one_was_going(client, db, login_page, admin):
    response = client.get(f"{login_page}?next={admin}reports/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/ru/accounts/login/"
    assert parse_qs(target.query)["next"] == [f"{admin}reports/"]
    # Another site's address is never passed on.
    outside = client.get(f"{login_page}?next=https://evil.example/", HTTP_ACCEPT_LANGUAGE="ru")
    assert parse_qs(urlsplit(outside["Location"]).query)["next"] == [admin]


@pytest.mark.parametrize("admin_page", ["/admin/pages/", "/django-admin/auth/group/"])
def test_an_admin_page_sends_a_visitor_to_allauths_login(client, db, admin_page):
    response = client.get(admin_page, HTTP_ACCEPT_LANGUAGE="uz", follow=True)
    target = urlsplit(response.redirect_chain[-1][0])
    assert (target.path, parse_qs(target.query)["next"]) == ("/uz/accounts/login/", [admin_page])
    assert response.status_code == 200 and 'name="login"' in response.content.decode()


@pytest.mark.parametrize("admin_page", ["/admin/", "/django-admin/"])
def test_a_signed_in_resident_at_an_admin_is_refused_not_sent_round_in_circles(client, people, admin_page):
    client.force_login(people.resident)
    response = client.get(admin_page, follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def test_signed_in_staff_at_the_admin_login_go_on_to_the_admin(client, people):
    client.force_login(people.editor)
    response = client.get("/admin/login/?next=/admin/pages/")
    assert (response.status_code, response["Location"]) == (302, "/admin/pages/")


@pytest.mark.parametrize("login_page", ["/admin/login/", "/django-admin/login/"])
def test_a_password_posted_to_an_admin_login_page_is_not_checked(client, people, login_page):
    manager = people.manager
    response = client.post(login_page, {"username": manager.email, "email": manager.email, "password": PASSWORD})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert signed_in_as(client) is None


def test_wagtails_password_reset_is_allauths_limited_one(client, db):
    response = client.get("/admin/password_reset/", HTTP_ACCEPT_LANGUAGE="ru")
    assert (response.status_code, response["Location"]) == (302, "/ru/accounts/password/reset/")


# --- Failed tries are limited -----------------------------------------------------------------------


@pytest.mark.parametrize("login_page", ["/admin/login/", "/django-admin/login/"])
def test_sixth_to_thirtieth_wrong_password_are_refused_and_then_the_right_one_too(client, people, login_page):
    manager = people.manager
    login = client.get(login_page, HTTP_ACCEPT_LANGUAGE="ru")["Location"]
    assert login.startswith("/ru/accounts/login/")
    refusal = too_many_attempts("ru")
    assert refusal != too_many_attempts("en")  # the message is in the reader's language

    for attempt in range(1, 31):
        page = sign_in(client, manager, f"wrong-guess-{attempt}", login=login).content.decode()
        assert (refusal in page) == (attempt > 5), attempt
    assert signed_in_as(client) is None

    # The 31st try within the minute meets allauth's limit on any sign-in from one address
    # ("login": 30/m/ip): refused too, on a page in the reader's language.
    right = sign_in(client, manager, login=login)
    with translation.override("ru"):
        too_often = str(TOO_MANY)
    assert right.status_code == 429 and too_often in right.content.decode()
    assert signed_in_as(client) is None


def test_after_five_failures_the_right_password_is_refused_within_the_window(client, people):
    moderator = people.moderator
    for attempt in range(5):
        sign_in(client, moderator, f"guess-{attempt}")
    right = sign_in(client, moderator)
    assert right.status_code == 200 and too_many_attempts("en") in right.content.decode()
    assert signed_in_as(client) is None


def test_a_stranger_failing_on_a_residents_account_does_not_lock_the_resident_out(client, people):
    resident = people.resident
    for attempt in range(29):
        sign_in(client, resident, f"guess-{attempt}", REMOTE_ADDR=ATTACKER)
    assert too_many_attempts("en") in sign_in(client, resident, REMOTE_ADDR=ATTACKER).content.decode()
    assert signed_in_as(client) is None

    response = sign_in(client, resident, REMOTE_ADDR=RESIDENT_HOME)
    assert response.status_code == 302
    assert signed_in_as(client) == str(resident.pk)


@override_settings(TRUST_X_FORWARDED_FOR=True)
def test_behind_the_proxy_addresses_are_the_clients_not_the_proxys(client, people):
    """Behind nginx every request comes from 127.0.0.1: allauth must count the address the
    site's own limits count, or one guesser would exhaust the limit for everybody."""
    resident = people.resident
    for attempt in range(30):
        sign_in(client, people.author, f"guess-{attempt}", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)

    response = sign_in(client, resident, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=RESIDENT_HOME)
    assert response.status_code == 302 and signed_in_as(client) == str(resident.pk)


def test_an_ipv6_client_is_counted_by_its_64_block():
    assert address_block("2001:db8:1:2:aaaa::1") == address_block("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::"
    assert address_block("2001:db8:1:3::1") != address_block("2001:db8:1:2::1")
    assert address_block("198.51.100.7") == "198.51.100.7"


# --- Two-factor sign-in -------------------------------------------------------------------------------


def test_staff_enrol_an_authenticator_app_and_then_sign_in_with_its_code(client, people, totp_clock):
    moderator = people.moderator
    assert sign_in(client, moderator).status_code == 302
    secret = enrol(client, totp_clock)
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    codes = client.get("/en/accounts/2fa/recovery-codes/")
    assert 'class="site-header"' in codes.content.decode()
    recovery_codes = codes.context["unused_codes"]
    client.logout()

    # The password alone no longer signs in: allauth asks for the code.
    step = sign_in(client, moderator, next_url="/admin/")
    assert (step.status_code, step["Location"]) == (302, "/en/accounts/2fa/authenticate/")
    assert signed_in_as(client) is None
    wrong = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and signed_in_as(client) is None

    totp_clock.now += 30  # a new code (each code is accepted once)
    done = client.post("/en/accounts/2fa/authenticate/", {"code": code_at(secret, totp_clock)})
    assert (done.status_code, done["Location"]) == (302, "/admin/")
    assert signed_in_as(client) == str(moderator.pk)
    assert client.get("/admin/").status_code == 200

    # A lost phone: one recovery code signs in, once.
    client.logout()
    sign_in(client, moderator)
    assert client.post("/en/accounts/2fa/authenticate/", {"code": recovery_codes[0]}).status_code == 302
    assert signed_in_as(client) == str(moderator.pk)
    client.logout()
    sign_in(client, moderator)
    assert client.post("/en/accounts/2fa/authenticate/", {"code": recovery_codes[0]}).status_code == 200
    assert signed_in_as(client) is None


def test_authenticator_secrets_are_sealed_with_a_key_outside_the_database(client, people, totp_clock):
    moderator = people.moderator
    sign_in(client, moderator)
    secret = enrol(client, totp_clock)
    stored = {row.type: row.data for row in Authenticator.objects.filter(user=moderator)}
    assert secret not in str(stored[Authenticator.Type.TOTP])
    seed = stored[Authenticator.Type.RECOVERY_CODES]["seed"]
    with pytest.raises(ValueError):
        bytes.fromhex(seed)  # allauth's plain seed is hex; sealed, it is not
    client.logout()

    # A rotated SECRET_KEY (the old one kept as a fallback) leaves the phone working.
    with override_settings(SECRET_KEY="rotated-" + "r" * 60, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        sign_in(client, moderator)
        totp_clock.now += 30
        done = client.post("/en/accounts/2fa/authenticate/", {"code": code_at(secret, totp_clock)})
        assert done.status_code == 302 and signed_in_as(client) == str(moderator.pk)


def test_the_two_factor_pages_fit_the_sites_layout(client, people, totp_clock):
    sign_in(client, people.editor)
    index = client.get("/en/accounts/2fa/").content.decode()
    assert 'class="site-header"' in index and 'class="card"' in index  # the site's, not allauth's bare page
    assert 'href="/en/accounts/2fa/totp/activate/"' in index
    reauthenticate = client.get("/en/accounts/reauthenticate/").content.decode()
    assert 'class="site-header"' in reauthenticate
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    activate = client.get("/en/accounts/2fa/totp/activate/").content.decode()
    assert 'class="site-header"' in activate
    assert 'width="240" height="240"' in activate and 'class="field"' in activate  # the QR code, the secret
    assert 'readonly id="authenticator_secret"' in activate  # selectable, to copy into a phone
    profile = client.get("/en/accounts/profile/").content.decode()
    assert 'href="/en/accounts/2fa/"' in profile  # where a person finds it


@override_settings(MFA_REQUIRED_FOR_MANAGERS=True)
def test_a_manager_without_an_authenticator_sets_one_up_before_reaching_the_admin(client, people, totp_clock):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # /admin/ has no language in its address
    manager = people.manager
    signed_in = sign_in(client, manager, next_url="/admin/")
    assert signed_in.status_code == 302 and signed_in_as(client) == str(manager.pk)
    for admin_page in ("/admin/", "/admin/pages/", "/django-admin/"):
        held = client.get(admin_page)
        assert (held.status_code, held["Location"]) == (302, "/en/accounts/2fa/totp/activate/"), admin_page
    # Told why, on the page where allauth first asks for the password again.
    page = client.get("/admin/", follow=True).content.decode()
    assert str(SET_UP_TWO_FACTOR_FIRST) in page

    enrol(client, totp_clock)
    assert client.get("/admin/").status_code == 200
    # Where it is required, the only factor cannot be taken away.
    client.post("/en/accounts/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()


@override_settings(MFA_REQUIRED_FOR_MANAGERS=True)
def test_a_manager_signing_in_on_the_public_site_is_sent_to_set_it_up(client, people):
    response = sign_in(client, people.region_manager)
    assert (response.status_code, response["Location"]) == (302, "/en/accounts/2fa/totp/activate/")


@override_settings(MFA_REQUIRED_FOR_MANAGERS=True)
def test_a_session_from_before_the_rule_is_held_back_too(client, people):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(people.country_manager)
    assert client.get("/admin/")["Location"] == "/en/accounts/2fa/totp/activate/"
    # Signing out stays open.
    assert "2fa" not in client.post("/admin/logout/").get("Location", "")
    assert signed_in_as(client) is None
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get("/django-admin/")["Location"] == "/en/accounts/2fa/totp/activate/"


@override_settings(MFA_REQUIRED_FOR_MANAGERS=True)
def test_residents_and_other_staff_are_not_asked_for_a_second_factor(client, people):
    resident = people.resident
    response = sign_in(client, resident)
    assert (response.status_code, response["Location"]) == (302, "/en/")
    client.logout()
    moderator = people.moderator
    assert sign_in(client, moderator, next_url="/admin/")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_where_it_is_off_a_manager_reaches_the_admin_with_a_password(client, people):
    assert settings.MFA_REQUIRED_FOR_MANAGERS is False  # the demo and the tests
    sign_in(client, people.manager, next_url="/admin/")
    assert client.get("/admin/").status_code == 200


PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 64,
    "ALLOWED_HOSTS": "ishtirok.example.uz",
    "SITE_URL": "https://ishtirok.example.uz",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/participation",
    "EMAIL_URL": "smtp://localhost:25",
    "REDIS_URL": "redis://127.0.0.1:6379/13",
}


@pytest.mark.parametrize(("module", "required"), [("production", "True"), ("dev", "False")])
def test_production_requires_two_factor_for_managers_and_the_demo_does_not(module, required):
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    env.pop("MFA_REQUIRED_FOR_MANAGERS", None)
    if module == "production":
        env.update(PRODUCTION_ENV)
    env["DJANGO_SETTINGS_MODULE"] = f"participation.config.settings.{module}"
    code = "import django; django.setup(); from django.conf import settings as s; print(s.MFA_REQUIRED_FOR_MANAGERS)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [required]


def test_staff_find_two_factor_sign_in_in_the_admins_account_page(client, people):
    client.force_login(people.editor)
    page = client.get("/admin/account/").content.decode()
    assert re.search(r'href="/[a-z-]+/accounts/2fa/"', page)
