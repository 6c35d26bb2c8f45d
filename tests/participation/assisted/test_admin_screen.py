"""The staff screen "Assisted acts": who may open it, what each person sees, its filters, the
flags and the reported acts, and its query budget."""

import itertools
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings

from participation.assisted.models import AssistedAct, AssistedActKind, ConsentMethod
from participation.models import StaffRoleKind
from proposals.petitions.models import Signature
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db

SCREEN = "/admin/assisted-acts/"
PERIOD = {"since": "2026-10-01", "until": "2026-11-30"}
_ids = itertools.count(90_000)


def act(operator, person, *, at=T0, centre=None, reported=""):
    return AssistedAct.objects.create(
        resident=person,
        operator=operator,
        centre=centre,
        kind=AssistedActKind.PETITION_SIGNATURE,
        target_type=ContentType.objects.get_for_model(Signature),
        target_id=next(_ids),
        territory=person.home_territory,
        consent_method=ConsentMethod.PAPER_FORM,
        consent_reference="PSC-2026-0042",
        created_at=at,
        reported_at=at + timedelta(days=1) if reported else None,
        report_note=reported,
    )


@pytest.fixture
def operators(make_staff, tree):
    return (
        make_staff(StaffRoleKind.OPERATOR, tree.yangiqorgon, full_name="Olimjon Operator"),
        make_staff(StaffRoleKind.OPERATOR, tree.zomin, full_name="Zafar Zomin"),
    )


@pytest.mark.parametrize(
    ("who", "opens"),
    [
        ("manager", True),
        ("moderator", True),
        ("region_manager", True),
        ("editor", False),
        ("responder", False),
        ("resident", False),  # not staff: Wagtail sends them to its sign-in
    ],
)
def test_managers_and_moderators_open_the_screen_and_nobody_else(client, people, who, opens):
    client.force_login(people[who])
    response = client.get(SCREEN)
    assert response.status_code == 200 if opens else response.status_code in (302, 403)


def test_an_operator_does_not_watch_their_own_acts(client, operators):
    client.force_login(operators[0])
    assert client.get(SCREEN).status_code in (302, 403)  # operators have no door into the admin


def test_each_sees_the_acts_of_their_territories(client, people, operators, resident, tree):
    act(operators[0], resident(full_name="Saodat Navbahorova"), reported="Men <soʻramaganman>")
    act(operators[1], resident(mahalla=tree.duoba, full_name="Gulnora Duobayeva"))
    client.force_login(people.manager)
    html = client.get(SCREEN, PERIOD).content.decode()
    assert "Saodat Navbahorova" in html and "Gulnora Duobayeva" not in html
    assert "Men &lt;soʻramaganman&gt;" in html  # the resident's words, escaped
    assert "PSC-2026-0042" in html
    client.force_login(people.zomin_manager)
    html = client.get(SCREEN, PERIOD).content.decode()
    assert "Gulnora Duobayeva" in html and "Saodat Navbahorova" not in html


def test_filters_by_operator_centre_period_and_reported(
    client, people, make_staff, tree, resident, service_centre_page
):
    first = make_staff(StaffRoleKind.OPERATOR, tree.yangiqorgon, full_name="Olimjon Operator")
    second = make_staff(StaffRoleKind.OPERATOR, tree.yangiqorgon, full_name="Botir Operator")
    act(first, resident(full_name="Aziza Birinchi"), centre=service_centre_page)
    act(second, resident(full_name="Bahrom Ikkinchi"), reported="Notoʻgʻri")
    act(first, resident(full_name="Dono Eski"), at=T0 - timedelta(days=90))
    client.force_login(people.manager)

    def names(**query):
        html = client.get(SCREEN, {**PERIOD, **query}).content.decode()
        table = html[html.index("<tbody>") :]
        return {name for name in ("Aziza Birinchi", "Bahrom Ikkinchi", "Dono Eski") if name in table}

    assert names() == {"Aziza Birinchi", "Bahrom Ikkinchi"}
    assert names(operator=first.pk) == {"Aziza Birinchi"}
    assert names(centre=service_centre_page.pk) == {"Aziza Birinchi"}
    assert names(show="reported") == {"Bahrom Ikkinchi"}
    assert names(since="2026-07-01") == {"Aziza Birinchi", "Bahrom Ikkinchi", "Dono Eski"}
    assert names(operator="not a number") == {"Aziza Birinchi", "Bahrom Ikkinchi"}  # a bad value filters nothing


@override_settings(ASSISTED_FLAG_ACTS_PER_HOUR=3)
def test_the_screen_shows_the_flags(client, people, operators, resident):
    for minute in range(3):
        act(operators[0], resident(), at=T0 + timedelta(minutes=minute))
    client.force_login(people.manager)
    html = client.get(SCREEN, PERIOD).content.decode()
    # The admin speaks the staff member's language (Uzbek here): the flag is read in it.
    from django.utils import translation

    from participation.assisted.selectors.watch import MANY_ACTS_FLAG

    with translation.override("uz"):
        flag = str(MANY_ACTS_FLAG) % {
            "operator": "Olimjon Operator",
            "count": 3,
            "start": "2026-11-02 10:00",
            "end": "2026-11-02 11:00",
        }
    assert 'lang="uz"' in html and flag in html


@override_settings(ASSISTED_FLAG_ACTS_PER_HOUR=3)
def test_the_screen_costs_the_same_queries_with_many_acts(
    client, people, operators, resident, service_centre_page, django_assert_max_num_queries
):
    client.force_login(people.manager)
    act(operators[0], resident(), centre=service_centre_page, reported="Yoʻq")
    client.get(SCREEN, PERIOD)
    with django_assert_max_num_queries(40) as few:
        client.get(SCREEN, PERIOD)
    for minute in range(60):
        act(operators[0], resident(), at=T0 + timedelta(minutes=minute), centre=service_centre_page, reported="Yoʻq")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(SCREEN, PERIOD)
    assert response.content.decode().count("PSC-2026-0042") == 50  # one page of the listing
