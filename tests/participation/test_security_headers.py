"""The headers the browser enforces on every response, and the 404 page that must not
announce another site as its language versions."""

import re

import pytest

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    directives = [part.strip().split(None, 1) for part in response["Content-Security-Policy"].split(";")]
    return {name: (value[0] if value else "") for name, *value in directives}


def test_public_pages_allow_only_this_sites_own_scripts_and_styles(client, home_page):
    response = client.get("/uz/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_public_pages_have_no_inline_script_or_style(client, pages):
    """What the policy would block must not be there: no <script> without src, no <style>, no
    style="…" or on…= attributes."""
    for url in ["/uz/", "/uz/petitions/", "/uz/budget/", "/uz/search/?q=suv", pages.yangiqorgon_news_index.url]:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert "<style" not in html, url
        assert not re.search(r"\sstyle=\"", html), url
        assert not re.search(r"\son[a-z]+=\"", html), url


def test_error_pages_and_errors_carry_the_headers_too(client, home_page):
    response = client.get("/uz/no-such-page/")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_a_permissions_policy_turns_off_what_the_site_never_uses(client, home_page):
    header = client.get("/uz/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header


def test_the_wagtail_admin_keeps_its_inline_code_under_a_scoped_policy(client, people):
    """Wagtail's admin templates carry inline scripts and style attributes: its prefix gets
    'unsafe-inline' (never another origin), the public site does not."""
    client.force_login(people.manager)
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = policy(response)
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert csp["default-src"] == "'self'"
    assert "http" not in response["Content-Security-Policy"]


def test_the_404_page_does_not_echo_another_host_into_its_hreflang_links(client, home_page):
    response = client.get("/uz//evil.example/")
    assert response.status_code == 404
    html = response.content.decode()
    head = html.split("</head>")[0]
    assert "//evil.example" not in head
    for href in re.findall(r'<link rel="alternate" hreflang="[^"]+" href="([^"]+)"', head):
        assert href.startswith("http://testserver/"), href
