"""The Content-Security-Policy breaks nothing: the public pages (with the ballot's script) and
Wagtail's admin (dashboard, page editor, image upload, the budget screens) load in Chromium
without a single policy violation."""

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD = """document.addEventListener('securitypolicyviolation', (event) => {
    (window.__violations = window.__violations || []).push(event.violatedDirective + ' ' + event.blockedURI);
});"""


def signed_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )


def violations(page, live_server, path) -> list[str]:
    seen = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None)
    response = page.goto(live_server.url + path)
    assert response.status < 400, (path, response.status)
    page.wait_for_load_state("networkidle")
    return seen + (page.evaluate("window.__violations || []"))


def test_public_pages_and_the_admin_run_under_the_policy(
    live_server, page, make_cycle, make_project, home_page, resident
):
    page.add_init_script(RECORD)
    cycle = make_cycle("voting", at=timezone.now())
    make_project(cycle)
    voter = resident()
    signed_in(page, live_server, voter)
    for path in ["/uz/", "/uz/petitions/", f"/uz/budget/{cycle.pk}/", f"/uz/budget/{cycle.pk}/vote/"]:
        assert violations(page, live_server, path) == [], path
    staff = UserFactory(email="csp-admin@demo.test", is_staff=True, is_superuser=True)
    signed_in(page, live_server, staff)
    for path in [
        "/admin/",
        f"/admin/pages/{home_page.pk}/edit/",
        "/admin/images/multiple/add/",
        "/admin/budget/",
        f"/admin/budget/{cycle.pk}/",
        "/django-admin/",
    ]:
        assert violations(page, live_server, path) == [], path
