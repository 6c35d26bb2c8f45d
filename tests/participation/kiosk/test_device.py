"""The kiosk cookie: only one this site signed for a kiosk that is still active makes a kiosk;
anything else is ignored and removed. A browser without it sees the ordinary site."""

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client, override_settings

from participation.kiosk import device
from participation.kiosk.services import kiosk_revoke
from participation.web import page_cache
from tests.fixtures.petitions import url

pytestmark = pytest.mark.django_db


def is_kiosk_page(response) -> bool:
    return '<body class="kiosk">' in response.content.decode()


def assert_cookie_removed(response):
    cookie = response.cookies[settings.KIOSK_COOKIE_NAME]
    assert cookie.value == "" and int(cookie["max-age"]) == 0


def test_a_registered_browser_is_a_kiosk(kiosk_client):
    response = kiosk_client.get("/en/kiosk/")
    assert response.status_code == 200 and is_kiosk_page(response)
    assert "participation/css/kiosk.css" in response.content.decode()
    assert response.cookies[settings.KIOSK_COOKIE_NAME].value  # sent again: the kiosk keeps it


@pytest.mark.parametrize(
    "forge",
    [
        lambda kiosk, secret: "not-a-signed-value",
        # Signed by the site, but for another use (another salt): not a kiosk cookie.
        lambda kiosk, secret: signing.dumps([kiosk.pk, secret]),
        # The right form with a made-up secret (as if copied from the database, which keeps only a hash).
        lambda kiosk, secret: device.cookie_value(kiosk.pk, "guessed"),
        # Another kiosk's number with this kiosk's secret.
        lambda kiosk, secret: device.cookie_value(kiosk.pk + 1, secret),
    ],
    ids=["garbage", "other-salt", "wrong-secret", "wrong-kiosk"],
)
def test_a_forged_cookie_is_ignored_and_removed(client, kiosk_at, navbahor_zone, forge):
    registration = kiosk_at(navbahor_zone)
    _kiosk_id, secret = device.cookie_read(registration.cookie)
    client.cookies[settings.KIOSK_COOKIE_NAME] = forge(registration.kiosk, secret)
    response = client.get("/en/petitions/")
    assert response.status_code == 200 and not is_kiosk_page(response)
    assert_cookie_removed(response)
    assert client.get("/en/kiosk/").status_code == 404


def test_a_revoked_kiosks_cookie_is_ignored_and_removed(kiosk_client, people):
    assert is_kiosk_page(kiosk_client.get("/en/kiosk/"))
    kiosk_revoke(kiosk=kiosk_client.kiosk, by=people.manager)
    response = kiosk_client.get("/en/petitions/")
    assert response.status_code == 200 and not is_kiosk_page(response)
    assert_cookie_removed(response)
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_browser_that_is_no_kiosk_sees_the_ordinary_site(client, people, publish):
    petition = publish()
    client.force_login(people.resident)
    page = client.get(url(petition))
    assert page.status_code == 200 and not is_kiosk_page(page)
    assert "no-store" not in page["Cache-Control"] and 'http-equiv="refresh"' not in page.content.decode()
    assert client.get("/en/").status_code == 200  # the site's home, not the kiosk's
    login = client.get("/en/accounts/login/")
    assert login.status_code in (200, 302) and "/phone/sign-in/" not in login.get("Location", "")
    # The kiosk's pages do not exist here: a link to the signed-out page signs nobody out.
    assert client.get("/en/kiosk/").status_code == 404
    assert client.get("/en/kiosk/signed-out/").status_code == 404
    assert client.get(url(petition)).wsgi_request.user == people.resident


def test_a_kiosk_is_never_served_a_page_kept_for_anonymous_readers(kiosk_client, publish):
    petition = publish()
    page_cache._local.forget()
    try:
        with override_settings(PAGE_CACHE_SECONDS=60):
            page_cache._new_generations(page_cache.SCOPES)
            reader = Client()
            reader.get(url(petition, lang="uz"))
            assert reader.get(url(petition, lang="uz")).context is None  # kept, and served from memory
            on_kiosk = kiosk_client.get(url(petition, lang="uz"))
            assert on_kiosk.context is not None and is_kiosk_page(on_kiosk)
            assert "no-store" in on_kiosk["Cache-Control"]
            assert not is_kiosk_page(reader.get(url(petition, lang="uz")))  # nor is a kiosk's page kept
    finally:
        page_cache._local.forget()
