"""One bad date must not take a section down: every form refuses dates outside 2000..2100
with a message naming the range (our forms, Wagtail's page forms, Django's admin), and a
stored date that no time zone can show still renders, so staff can open it and correct it."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.html import escape

from cms.models import DecisionPage, NewsPage
from participation.dates import DATE_OUT_OF_RANGE
from participation.models import Territory
from proposals.budgeting.models import Cycle, PBCategory, Phase
from proposals.budgeting.services import cycles as pb_cycles
from tests.fixtures.concurrency import postgres_only

pytestmark = pytest.mark.django_db
TASHKENT = ZoneInfo("Asia/Tashkent")


def message(language="uz") -> str:
    with translation.override(language):
        return str(DATE_OUT_OF_RANGE) % {"first": 2000, "last": 2100}


def cycle_data(tree, **overrides) -> dict:
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    data = {
        "title": "Yangiqoʻrgʻon 2027: ochiq budjet",
        "description": "",
        "territory": str(tree.yangiqorgon.pk),
        "budget": "1 000 000 000",
        "max_project_cost": "300 000 000",
        "categories": [str(pk) for pk in PBCategory.objects.values_list("pk", flat=True)[:2]],
        "ballot_type": "approval",
        "max_choices": "3",
        "points_total": "",
        "min_choices": "1",
        "winner_rule": "mes-add1",
        "verification_level": "10",
        "minimum_age": "0",
        "cooldown_cycles": "0",
        "submission_starts": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
    }
    for index, kind in enumerate(pb_cycles.PHASE_ORDER):
        end = start + timedelta(days=10 * (index + 1))
        data[f"{kind}_ends"] = timezone.localtime(end).strftime("%Y-%m-%dT%H:%M")
    data.update(overrides)
    return data


@pytest.mark.parametrize("bad", ["0001-01-01T00:00", "9999-12-31T23:59", "1999-12-31T23:00"])
def test_a_cycle_with_a_date_out_of_range_is_refused_with_the_range_and_nothing_is_saved(
    client, people, tree, make_cycle, bad
):
    make_cycle("voting")  # the shipped categories
    before = Cycle.objects.count()
    client.force_login(people.manager)
    response = client.post("/admin/budget/new/", cycle_data(tree, title="Xato sana", submission_starts=bad))
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(message()) in page
    assert 'value="Xato sana"' in page  # the input is kept
    assert Cycle.objects.count() == before


def test_the_cycle_forms_date_pickers_know_the_range(client, people, make_cycle):
    make_cycle("voting")
    client.force_login(people.manager)
    page = client.get("/admin/budget/new/").content.decode()
    assert 'min="2000-01-01T00:00"' in page and 'max="2100-12-31T23:59"' in page


@pytest.mark.parametrize(("model", "field"), [(NewsPage, "date"), (DecisionPage, "date")])
def test_wagtail_page_forms_refuse_dates_out_of_range(model, field):
    form_field = model.get_edit_handler().get_form_class().base_fields[field]
    with translation.override("ru"):
        with pytest.raises(ValidationError) as refused:
            form_field.clean("0001-01-01")
        # The message is lazy: read it in the language the editor works in.
        assert refused.value.messages == [message("ru")]
    assert form_field.clean("2026-03-08").year == 2026


def test_django_admin_forms_refuse_dates_out_of_range(rf, people):
    request = rf.get("/django-admin/")
    request.user = people.country_manager
    form_field = admin.site._registry[Territory].get_form(request).base_fields["valid_from"]
    with pytest.raises(ValidationError):
        form_field.clean("0001-01-01")
    assert form_field.clean("2024-01-01").year == 2024


def test_a_stored_date_no_time_zone_can_show_still_renders(client, people, make_cycle, home_page):
    """Written before the forms were bounded (or by hand in SQL): the far end of the last
    phase at 9999-12-31 23:00 UTC overflowed when shown in Tashkent time."""
    cycle = make_cycle("submission", at=timezone.now())
    last = cycle.phases.order_by("-ends_at").first()
    Phase.objects.filter(pk=last.pk).update(ends_at=datetime(9999, 12, 31, 23, tzinfo=UTC))
    client.force_login(people.manager)
    for url in ["/uz/budget/", f"/uz/budget/{cycle.pk}/", "/admin/budget/", f"/admin/budget/{cycle.pk}/"]:
        assert client.get(url).status_code == 200, url


@postgres_only
def test_a_date_stored_before_year_one_still_renders_on_postgresql(client, people, make_cycle, home_page):
    """0001-01-01 typed in Tashkent time is 0001-12-31 BC in UTC: PostgreSQL stores it, and
    the driver refused to read it back, so every page listing the cycle was a 500."""
    # (SQLite cannot store it at all: Python refuses the conversion to UTC on save, and the
    # forms' bound, tested above, is what keeps it out.)
    cycle = make_cycle("submission", at=timezone.now())
    first = cycle.phases.order_by("starts_at").first()
    Phase.objects.filter(pk=first.pk).update(starts_at=datetime(1, 1, 1, tzinfo=TASHKENT))
    client.force_login(people.manager)
    for url in ["/uz/budget/", f"/uz/budget/{cycle.pk}/", "/admin/budget/", f"/admin/budget/{cycle.pk}/"]:
        assert client.get(url).status_code == 200, url
    assert cycle.phases.order_by("starts_at").first().starts_at.year == 1
