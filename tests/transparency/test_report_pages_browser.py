"""The report pages on a 360 px phone, checked with axe and the Nu HTML Checker, with
JavaScript on and off: a closed month with suppressed cells, and the year."""

import pytest

from participation.transparency.periods import period_parse
from participation.transparency.services import report_snapshot_freeze
from tests.fixtures.browser import SETTLE, SMALL_PHONE, assert_accessible, assert_fits_small_phone, nu_html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False])
def test_the_report_pages_fit_a_phone_and_pass_axe_and_nu(live_server, browser, pages, march, tmp_path, javascript):
    report_snapshot_freeze(territory=pages.yangiqorgon.territory, period=period_parse("2026-03"))
    page = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript).new_page()
    html = {}
    for slug in ("2026-03", "2026"):
        address = f"/uz/namangan/yangiqorgon/report/{slug}/"
        page.goto(f"{live_server.url}{address}")
        page.wait_for_load_state()
        assert page.locator("svg.chart").count() >= 1
        assert page.locator("table caption").count() >= 3
        if javascript:
            page.evaluate(SETTLE)
            assert_accessible(page)
        assert_fits_small_phone(page)
        html[address] = page.content()
    if javascript:
        assert nu_html_errors(html, tmp_path) == []
