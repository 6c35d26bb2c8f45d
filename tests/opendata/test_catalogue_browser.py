"""The open-data catalogue on a 360 px phone, with JavaScript on and off: it fits, passes axe
and the Nu HTML Checker, and its links download the tables."""

import pytest

from tests.fixtures.browser import SETTLE, SMALL_PHONE, assert_accessible, assert_fits_small_phone, nu_html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False])
def test_the_catalogue_fits_a_phone_and_passes_axe(live_server, browser, seed, javascript, tmp_path):
    seed(2)
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript)
    page = context.new_page()

    page.goto(f"{live_server.url}/en/open-data/")
    page.wait_for_load_state()
    if javascript:
        page.evaluate(SETTLE)
        assert_accessible(page)
    assert_fits_small_phone(page)
    assert page.locator("h1").inner_text() == "Open data"
    csv_link = page.locator('a[href="/open-data/petitions.csv"]')
    assert csv_link.count() == 1
    download = page.request.get(f"{live_server.url}/open-data/petitions.csv")
    assert download.ok and download.headers["content-type"].startswith("text/csv")
    html = page.content()
    context.close()

    assert nu_html_errors({"/en/open-data/": html}, tmp_path) == []
