"""The shared template filters (``participation_tags``): one way to write money and numbers on
every page, information pages and budgeting alike, and one way to write a ``<time datetime>``."""

import datetime
import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.backends.django import get_installed_libraries
from django.utils import translation

from tests.factories import pages as b

NNBSP = "\u202f"


def render(source: str, **context) -> str:
    return Template("{% load participation_tags %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "language,expected",
    [
        ("en", f"1{NNBSP}200{NNBSP}000 soum"),
        ("uz", f"1{NNBSP}200{NNBSP}000 soʻm"),
        ("ru", f"1{NNBSP}200{NNBSP}000 сум"),
        ("uz-cyrl", f"1{NNBSP}200{NNBSP}000 сўм"),
    ],
)
def test_money_is_written_with_grouped_digits_and_the_unit_in_the_readers_language(language, expected):
    with translation.override(language):
        assert render("{{ amount|soum }}", amount=1_200_000) == expected


def test_no_amount_writes_nothing_and_zero_is_zero_soum():
    assert render("[{{ amount|soum }}]", amount=None) == "[]"
    assert render("[{{ amount|soum }}]", amount="") == "[]"
    assert render("{{ amount|soum }}", amount=0) == "0 soum"


def test_digits_are_grouped_by_a_narrow_no_break_space():
    assert render("{{ n|digits }}", n=12_345_678) == f"12{NNBSP}345{NNBSP}678"
    assert render("{{ n|digits }}", n=999) == "999"
    assert render("[{{ n|digits }}]", n=None) == "[]"
    assert render("{{ n|digits }}", n="n/a") == "n/a"


def test_percent_of_is_whole_and_between_0_and_100():
    assert render("{{ part|percent_of:whole }}", part=1, whole=3) == "33"
    assert render("{{ part|percent_of:whole }}", part=5, whole=0) == "0"
    assert render("{{ part|percent_of:whole }}", part=7, whole=5) == "100"
    assert render("{{ part|percent_of:whole }}", part="x", whole=5) == "0"


def test_there_is_one_money_filter():
    """Information pages and budgeting pages load the same library; no other defines ``soum``."""
    defining = [
        name for name, module in get_installed_libraries().items() if "soum" in import_module(module).register.filters
    ]
    assert defining == ["participation_tags"]


@pytest.mark.django_db
def test_information_pages_write_fees_with_the_same_money_filter(client, tree, home_page):
    region = b.khokimiyat(home_page, tree.namangan, "namangan", "Namangan viloyati hokimligi")
    district = b.khokimiyat(region, tree.yangiqorgon, "yangiqorgon", "Yangiqoʻrgʻon tumani hokimligi")
    _news, _decisions, services, _centres = b.sections(district)
    passport = b.service(services, "ID-karta olish", fee=102_000, days=10)
    b.service(services, "Tugʻilishni qayd etish", fee=0)

    def page(url: str, language: str) -> str:
        with translation.override(language):
            return client.get(url.replace("/en/", f"/{language}/", 1)).content.decode()

    assert f"<dd>102{NNBSP}000 soum" in page(passport.url, "en")
    assert f"<dd>102{NNBSP}000 soʻm" in page(passport.url, "uz")
    assert f"Fee: 102{NNBSP}000 soum" in page(services.url, "en")
    assert f"Toʻlov: 102{NNBSP}000 soʻm" in page(services.url, "uz")
    assert f"Плата: 102{NNBSP}000 сум" in page(services.url, "ru")


def test_a_moment_is_written_for_time_datetime_with_at_most_three_fraction_digits():
    """HTML allows one to three digits for a fraction of a second; ``|date:'c'`` wrote six, and
    the Nu HTML Checker refused every page with a timestamp (cut, never rounded up)."""
    moment = datetime.datetime(2026, 10, 5, 9, 30, 59, 999_999, tzinfo=datetime.UTC)
    assert render("{{ at|machine_time }}", at=moment) == "2026-10-05T14:30:59.999+05:00"
    assert render("{{ at|machine_time }}", at=moment.replace(microsecond=0)) == "2026-10-05T14:30:59+05:00"
    assert render("{{ at|machine_time }}", at=datetime.date(2026, 10, 5)) == "2026-10-05"
    assert render("[{{ at|machine_time }}]", at=None) == "[]"


def test_every_time_element_is_written_with_the_one_filter():
    """No template writes ``datetime`` with ``|date`` and no Python column with ``date(x, "c")``:
    both would bring the microseconds back."""
    root = Path(settings.BASE_DIR)
    templates = [
        f"{path.relative_to(root)}: {attribute}"
        for path in (root / "templates").rglob("*.html")
        for attribute in re.findall(r'datetime="[^"]*"', path.read_text())
        if "|machine_time }}" not in attribute
    ]
    columns = [
        str(path.relative_to(root))
        for folder in ("participation", "proposals", "cms", "meetings")
        for path in (root / folder).rglob("*.py")
        if re.search(r"""date\([^()]*, ["']c["']\)""", path.read_text())
    ]
    assert templates == [] and columns == []
