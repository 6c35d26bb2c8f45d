"""Addresses without a language prefix: public pages are sent to their language version, but
Wagtail's admin and documents and Django's admin keep their own 404 (no ``/uz/admin/…``)."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/admin/no-such-screen/",
        "/admin/pages/999999/edit/",
        "/documents/",
        "/documents/999999/",
        "/documents/999999/missing.pdf",
        "/django-admin/nothing/",
    ],
)
def test_staff_and_document_addresses_404_where_they_are(admin_client, home_page, path):
    response = admin_client.get(path)
    assert response.status_code == 404, response.get("Location")
    assert "Location" not in response


@pytest.mark.parametrize("path", ["/documents/999999/", "/documents/999999/missing.pdf", "/admin/no-such-screen/x"])
def test_a_missing_document_or_screen_404s_for_anyone(client, home_page, path):
    response = client.get(path)
    assert response.get("Location", "").startswith("/uz/") is False, response.get("Location")


@pytest.mark.parametrize(("path", "target"), [("/petitions/", "/uz/petitions/"), ("/namangan/", "/uz/namangan/")])
def test_public_addresses_still_get_their_language(client, home_page, path, target):
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (302, target)
