"""Every page type a resident can reach, on the demo data, on a 360 px phone, in Uzbek and
Russian (and Uzbek Cyrillic once): nothing scrolls sideways, axe finds nothing, and the Nu HTML
Checker finds no error in what the server sent.

The demo is seeded once for the module and served by one live server; the pages are visited
with one browser. Each visit keeps the HTML the server answered with, and the last test runs
the Nu HTML Checker (vnu.jar, on the machine's Java) once over all of them: starting Java per
page would take longer than the visits. Run alone (``-k nu_html``), that test fetches the pages
itself.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import frictionless
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from pytest_django.live_server_helper import LiveServer
from wagtail.models import Collection, Locale, Page, Site

from cms.models import (
    DecisionIndexPage,
    DecisionPage,
    HomePage,
    KhokimiyatPage,
    NewsIndexPage,
    NewsPage,
    ServiceCentreIndexPage,
    ServiceCentrePage,
    ServiceIndexPage,
    ServicePage,
)
from meetings.consultations.models import Consultation
from participation.demo import DEMO_PASSWORD
from participation.transparency.periods import PeriodKind, period_containing
from proposals.budgeting.models import Cycle, Participation, Project
from proposals.petitions.models import Petition, PetitionStatus
from proposals.questions.models import Question
from tests.fixtures.browser import (
    SETTLE,
    SMALL_PHONE,
    assert_accessible,
    assert_fits_small_phone,
    nu_html_errors,
    submit,
)

# ``django_db`` makes pytest-django create the test database (without a marked test it leaves
# the configured one in place, which this module would seed and then flush). Each test runs in
# a transaction rolled back after it; the demo itself is seeded and committed before them.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

RESIDENT = "dilnoza@demo.test"  # a Navbahor resident who has not voted in the 2026 cycle

# Page types a visitor sees without signing in, and those that need a signed-in resident.
PUBLIC = [
    "home",
    "region",
    "district",
    "news_index",
    "news",
    "decisions",
    "decision",
    "services",
    "service",
    "centres",
    "centre",
    "search",
    "petitions",
    "petition_collecting",
    "petition_past_threshold",
    "petition_answered",
    "questions",
    "question",
    "cycles",
    "cycle",
    "project",
    "results",
    "receipt",
    "organisations",
    "organisation",
    "consultations",
    "consultation",
    "consultation_input",
    "consultation_outcome",
    "report_year",
    "report_month",
    "open_data",
    "sign_in",
    "sign_up",
    "not_found",
]
SIGNED_IN = [
    "petition_form",
    "question_form",
    "ballot",
    "consultation_form",
    "profile",
    "organisation_form",
    "my_organisations",
    "organisation_members",
]
VISITS = [(kind, language) for language in ("uz", "ru") for kind in PUBLIC + SIGNED_IN] + [
    ("district", "uz-cyrl"),
    ("ballot", "uz-cyrl"),
    ("organisation", "uz-cyrl"),
    ("consultation_outcome", "uz-cyrl"),
]


@dataclass
class Demo:
    base: str
    paths: dict[str, str]  # page type -> path without the language prefix
    html: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, language) -> served HTML

    def url(self, kind: str, language: str) -> str:
        return f"{self.base}/{language}{self.paths[kind]}"


def ensure_site() -> None:
    """What migrations give and a flushing test before this module may have taken: the content
    locales, the root collection, the home page as the default site."""
    for code, _label in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if not HomePage.objects.exists():
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(instance=HomePage(title="Ishtirok", slug="home"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "site_name": "Ishtirok"}
        )


def demo_paths() -> dict[str, str]:
    home = HomePage.objects.get()

    def path(page) -> str:
        return page.url_path[len(home.url_path) - 1 :]

    def first(model, *, under):
        return path(model.objects.live().descendant_of(under).order_by("path").first())

    district = KhokimiyatPage.objects.get(slug="yangiqorgon-tumani")
    petitions = {status: Petition.objects.filter(status=status).first() for status in PetitionStatus}
    cycle_2025 = Cycle.objects.exclude(results_published_at=None).get()  # counted, with results
    cycle_2026 = Cycle.objects.get(title__contains="2026")  # voting now
    winner = Project.objects.filter(pk__in=cycle_2025.result.selected).order_by("pk").first()
    question = Question.objects.filter(territory=district.territory).exclude(answer="").order_by("pk").first()
    open_consultation = Consultation.objects.get(status="published", territory=district.territory)
    concluded_consultation = Consultation.objects.get(status="concluded")
    consultation_input = open_consultation.inputs.filter(status="published").order_by("pk").first()
    this_year = period_containing(PeriodKind.YEAR, timezone.now())
    this_year_month = period_containing(PeriodKind.MONTH, timezone.now())
    return {
        "home": "/",
        "region": path(district.get_parent()),
        "district": path(district),
        "news_index": first(NewsIndexPage, under=district),
        "news": first(NewsPage, under=district),
        "decisions": first(DecisionIndexPage, under=district),
        "decision": first(DecisionPage, under=district),
        "services": first(ServiceIndexPage, under=district),
        "service": first(ServicePage, under=district),
        "centres": first(ServiceCentreIndexPage, under=district),
        "centre": first(ServiceCentrePage, under=district),
        "search": "/search/?q=suv",
        "petitions": "/petitions/",
        "petition_collecting": f"/petitions/{petitions[PetitionStatus.COLLECTING].pk}/",
        "petition_past_threshold": f"/petitions/{petitions[PetitionStatus.THRESHOLD_REACHED].pk}/",
        "petition_answered": f"/petitions/{petitions[PetitionStatus.ANSWERED].pk}/",
        "petition_form": "/petitions/new/",
        "questions": f"{path(district)}questions/",
        "question": f"{path(district)}questions/{question.pk}/",
        "question_form": f"{path(district)}questions/ask/",
        "cycles": "/budget/",
        "cycle": f"/budget/{cycle_2026.pk}/",
        "project": f"/budget/projects/{winner.pk}/",
        "ballot": f"/budget/{cycle_2026.pk}/vote/",
        "results": f"/budget/{cycle_2025.pk}/results/",
        "receipt": f"/budget/{cycle_2025.pk}/receipt/{Participation.objects.filter(cycle=cycle_2025).first().receipt_code}/",
        # Dilnoza (RESIDENT) represents Istiqlol ayollar kengashi: her list of members is hers to see.
        "organisations": "/organisations/",
        "organisation": "/organisations/navbahor-faol-ayollari/",
        "organisation_form": "/organisations/new/",
        "my_organisations": "/organisations/mine/",
        "organisation_members": "/organisations/istiqlol-ayollar-kengashi/members/",
        "consultations": "/consultations/",
        "consultation": f"/consultations/{open_consultation.pk}/",
        "consultation_input": f"/consultations/{open_consultation.pk}/inputs/{consultation_input.pk}/",
        "consultation_form": f"/consultations/{open_consultation.pk}/take-part/",
        "consultation_outcome": f"/consultations/{concluded_consultation.pk}/outcome/",
        # This year's report is live; last month's is the frozen snapshot.
        "report_year": f"{path(district)}report/{this_year.slug}/",
        "report_month": f"{path(district)}report/{this_year_month.previous.slug}/",
        "open_data": "/open-data/",
        "sign_in": "/accounts/login/",
        "sign_up": "/accounts/signup/",
        "profile": "/accounts/profile/",
        "not_found": "/no-such-page/",
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded and committed (the live server reads it from its own thread), served by
    a live server of this module's own; the database is emptied again afterwards, as every
    test that serves pages leaves it."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    name = str(connection.settings_dict["NAME"])
    assert name.startswith("test_") or "memory" in name, f"{name} is not a test database: refusing to flush it"
    with django_db_blocker.unblock(), media:
        ensure_site()
        call_command("seed_demo", stdout=io.StringIO())
        paths = demo_paths()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield Demo(base=server.url, paths=paths)
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


def sign_in(context, demo: Demo) -> None:
    page = context.new_page()
    page.goto(f"{demo.base}/uz/accounts/login/")
    page.locator("input[name=login]").fill(RESIDENT)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    submit(page.locator("main form button[type=submit]"))
    assert "/accounts/login/" not in page.url, page.locator("main").inner_text()
    page.close()


@pytest.fixture(scope="module")
def visitor(browser):
    context = browser.new_context(viewport=SMALL_PHONE)
    yield context
    context.close()


@pytest.fixture(scope="module")
def resident(browser, demo):
    context = browser.new_context(viewport=SMALL_PHONE)
    sign_in(context, demo)
    yield context
    context.close()


def context_for(kind, visitor, resident):
    return resident if kind in SIGNED_IN else visitor


@pytest.mark.parametrize(("kind", "language"), VISITS, ids=[f"{kind}-{language}" for kind, language in VISITS])
def test_page_fits_a_small_phone_and_passes_axe(demo, visitor, resident, kind, language):
    page = context_for(kind, visitor, resident).new_page()
    try:
        response = page.goto(demo.url(kind, language))
        assert response.status == (404 if kind == "not_found" else 200), page.url
        assert page.url == demo.url(kind, language), "redirected away (signed out?)"
        demo.html[kind, language] = response.text()
        page.evaluate(SETTLE)
        assert_fits_small_phone(page)
        assert_accessible(page)
    finally:
        page.close()


def test_the_ballot_starts_on_the_first_screen_and_keeps_its_rules_below(demo, resident):
    """The rules stood in a half-width column above the ballot: the first checkbox was 2,480 px
    down. Now one sentence says how many to choose; the full rules are folded after the ballot."""
    page = resident.new_page()
    page.goto(demo.url("ballot", "uz"))
    first = page.locator("input.pb-choice").first.bounding_box()
    assert first["y"] + first["height"] <= SMALL_PHONE["height"], f"first checkbox at {first['y']}px"
    rules = page.locator("details.pb-rules-more")
    assert rules.get_attribute("open") is None
    assert page.locator("form.pb-ballot").evaluate(
        "(form, rules) => !!(form.compareDocumentPosition(rules) & 4)", rules.element_handle()
    )
    page.close()


def test_the_ballot_and_its_rules_work_without_javascript(demo, browser):
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=False)
    sign_in(context, demo)
    page = context.new_page()
    page.goto(demo.url("ballot", "ru"))
    assert page.locator("input.pb-choice").first.is_visible()
    winners_rule = page.locator("details.pb-rules-more dl")
    assert not winners_rule.is_visible()
    page.locator("details.pb-rules-more summary").click()  # a native disclosure, no script
    assert winners_rule.is_visible()
    assert_fits_small_phone(page)
    context.close()


def test_results_tables_fit_and_show_what_each_rule_funds(demo, visitor):
    """The comparison table was 714 px wide in a 328 px box, its "funded by" columns out of
    sight with no cue. On a phone each row is a card: every cell is on screen, labelled."""
    page = visitor.new_page()
    page.goto(demo.url("results", "uz"))
    for table in page.locator("main table").all():
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"]
        assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
    cells = page.locator("table.pb-compare tbody td")
    assert cells.count() > 0
    for index in range(cells.count()):
        box = cells.nth(index).bounding_box()
        assert box["x"] + box["width"] <= SMALL_PHONE["width"]
    # The two "funded by" columns (yes or no) come right after the project, on wide screens too.
    with translation.override("uz"):
        answers = {gettext("Yes"), gettext("No")}
    for row in page.locator("table.pb-compare tbody tr").all():
        funded = [text.strip() for text in row.locator("td").all_inner_texts()[:2]]
        assert len(funded) == 2 and set(funded) <= answers, funded
    page.close()


def test_nu_html_checker_finds_no_error(demo, visitor, resident, tmp_path):
    pages = {}
    for kind, language in VISITS:
        html = demo.html.get((kind, language))
        if html is None:  # this test alone: fetch what the visits would have kept
            html = context_for(kind, visitor, resident).request.get(demo.url(kind, language)).text()
        pages[f"/{language}{demo.paths[kind]}"] = html
    errors = nu_html_errors(pages, tmp_path)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)


def test_the_organisations_list_filters_and_leads_to_a_page_without_javascript(demo, browser):
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(demo.url("organisations", "uz"))
    page.locator("select[name=kind]").select_option("ngo")
    submit(page.locator("form.organisation-filters button[type=submit]"))
    titles = page.locator("ol.organisation-list h2").all_inner_texts()
    assert titles == ["Yangiqoʻrgʻon yoshlar tashabbusi"], titles
    submit(page.locator("ol.organisation-list h2 a").first)
    assert "NNT-2019-0457" in page.locator("main").inner_text()
    assert_fits_small_phone(page)
    context.close()


def test_a_journalist_checks_the_districts_year_and_gets_the_same_figures_everywhere(demo, browser, tmp_path):
    """Issue 16's walk: this year's report of Yangiqoʻrgʻon on a phone, its petitions answered
    late and its money by mahalla in a chart and a table, the CSV, gender counts with small
    cells hidden, then the open-data package validated with frictionless, and last month's
    figures fetched through the API equal to its page."""
    context = browser.new_context(viewport=SMALL_PHONE, accept_downloads=True)
    page = context.new_page()
    page.goto(demo.url("report_year", "en"))
    figures = {
        row.locator("th").inner_text(): row.locator("td").first.inner_text()
        for row in page.locator("table:has(caption#figures-petitions) tbody tr").all()
    }
    assert figures["Petitions answered late"] == "1"  # the demo's water-pipe petition
    money = page.locator("figure:has(h3:text-is('Money for funded projects by mahalla (soum)'))")
    assert money.locator("svg.chart").count() == 1
    assert money.locator("table tbody tr").count() >= 1
    # Small counts of people are hidden: the consultation's few inputs by gender.
    genders = page.locator("figure:has(h3:text-is('Inputs by gender (people who consented)')) table tbody")
    assert "< 5" in genders.inner_text()
    assert_fits_small_phone(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    rows = list(csv.DictReader(Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()))
    late = [row for row in rows if (row["section"], row["row"]) == ("petitions", "answered_late")]
    assert [row["value"] for row in late] == ["1"]
    assert {row["value"] for row in rows if row["table"] == "inputs_by_gender"} == {"< 5"}
    assert any(row["section"] == "participants" and row["table"] == "acts_by_gender" for row in rows)

    # The open-data catalogue, and its package checked by frictionless from local copies.
    page.goto(f"{demo.base}/en/open-data/")
    assert page.get_by_role("link", name="datapackage.json").count() >= 1
    package = page.request.get(f"{demo.base}/open-data/datapackage.json").json()
    for resource in package["resources"]:
        local = tmp_path / f"{resource['name']}.{resource['format']}"
        local.write_bytes(page.request.get(resource["path"]).body())
        resource["path"] = local.name
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]

    # Last month's frozen figures: the page and the API say the same.
    page.goto(demo.url("report_month", "en"))
    month_figures = {
        row.locator("th").inner_text(): row.locator("td").first.inner_text()
        for row in page.locator("table:has(caption#figures-petitions) tbody tr").all()
    }
    month = demo.paths["report_month"].rstrip("/").rsplit("/", 1)[-1]
    listed = page.request.get(f"{demo.base}/api/v1/reports/?period_kind=month").json()["results"]
    (snapshot,) = [
        item
        for item in listed
        if item["period"]["slug"] == month and item["territory"]["name_uz"] == "Yangiqoʻrgʻon tumani"
    ]
    content = page.request.get(f"{demo.base}/api/v1/reports/{snapshot['id']}/").json()["content"]
    (petitions,) = [section for section in content["sections"] if section["key"] == "petitions"]
    api_figures = {item["key"]: item["value"] for item in petitions["figures"]}
    assert str(api_figures["received"]) == month_figures["Petitions received"]
    assert str(api_figures["published"]) == month_figures["Petitions published for signing"]
    context.close()
