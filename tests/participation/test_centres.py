"""The core's view of service centres: which pages are centres, and when each is open."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from participation.centres import centre_is_open, centres_in

TASHKENT = ZoneInfo("Asia/Tashkent")
pytestmark = pytest.mark.django_db


def _hours(periods, exceptions=()):
    return [("hours", {"periods": list(periods), "exceptions": list(exceptions)})]


def _at(day, hour, minute=0):
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=TASHKENT)


@pytest.fixture
def centre(service_centre_page):
    # Monday to Friday 09:00-18:00; closed on Friday 11 December 2026.
    service_centre_page.hours = _hours(
        [{"days": ["0", "1", "2", "3", "4"], "opens": dt.time(9), "closes": dt.time(18), "note": ""}],
        [{"date": dt.date(2026, 12, 11), "closed": True, "opens": None, "closes": None, "note": ""}],
    )
    service_centre_page.save_revision().publish()
    return service_centre_page


def test_a_centre_is_open_only_within_its_published_hours(centre):
    assert centre_is_open(centre, _at(7, 9)) is True  # Monday, opening time
    assert centre_is_open(centre, _at(7, 17, 59)) is True
    assert centre_is_open(centre, _at(7, 18)) is False  # closing time is closed
    assert centre_is_open(centre, _at(7, 8, 59)) is False
    assert centre_is_open(centre, _at(12, 10)) is False  # Saturday


def test_a_dated_exception_replaces_the_days_regular_hours(centre):
    assert centre_is_open(centre, _at(11, 10)) is False  # a Friday, closed all day
    assert centre_is_open(centre, _at(10, 10)) is True


def test_an_instant_is_judged_in_tashkent_time(centre):
    # 04:30 UTC on Monday is 09:30 in Tashkent.
    assert centre_is_open(centre, dt.datetime(2026, 12, 7, 4, 30, tzinfo=dt.UTC)) is True


def test_a_centre_without_published_hours_is_neither_open_nor_closed(service_centre_page):
    service_centre_page.hours = []
    assert centre_is_open(service_centre_page, _at(7, 10)) is None


def test_centres_in_a_territory_include_those_below_it_and_only_live_ones(service_centre_page):
    district = service_centre_page.territory
    while district.kind == "mahalla":
        district = district.get_parent()
    assert service_centre_page.pk in set(centres_in(district).values_list("pk", flat=True))
    service_centre_page.unpublish()
    assert service_centre_page.pk not in set(centres_in(district).values_list("pk", flat=True))
