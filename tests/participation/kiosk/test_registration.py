"""Who may make a browser a kiosk of a centre, and revoke it: the rules as a matrix of roles x
centres, the admin screen that does it (the cookie, the manager signed out, the audit log), and
its list's query budget."""

import pytest
from django.conf import settings
from wagtail.models import ModelLogEntry

from participation.exceptions import ServiceError
from participation.kiosk.models import Kiosk, KioskStatus
from participation.kiosk.services import REGISTER_NOT_ALLOWED, REVOKE_NOT_ALLOWED, kiosk_register, kiosk_revoke
from participation.models import StaffRoleKind
from tests.fixtures.moderation import list_query_counts

pytestmark = pytest.mark.django_db

# Staff of Yangiqoʻrgʻon (and above, and the Navbahor mahalla itself), of Zomin, and people without a role.
WHO = [
    "manager",
    "region_manager",
    "country_manager",
    "chair",
    "zomin_manager",
    "editor",
    "moderator",
    "responder",
    "operator",
    "resident",
    "anonymous",
]
# Where each may register and revoke kiosks: a manager of the centre's territory or above.
MANAGES = {
    "manager": {"navbahor"},
    "region_manager": {"navbahor"},
    "country_manager": {"navbahor", "zomin"},
    "chair": {"navbahor"},
    "zomin_manager": {"zomin"},
}


@pytest.fixture
def person(people, make_staff, tree):
    def get(who):
        if who == "operator":
            return make_staff(StaffRoleKind.OPERATOR, tree.yangiqorgon)
        return people[who]

    return get


@pytest.mark.parametrize("who", WHO)
def test_only_a_manager_of_the_centres_territory_may_register_and_revoke_its_kiosks(
    who, person, navbahor_zone, zomin_zone, kiosk_at, people
):
    user = person(who)
    kiosks = {
        "navbahor": kiosk_at(navbahor_zone, by=people.manager).kiosk,
        "zomin": kiosk_at(zomin_zone, by=people.zomin_manager).kiosk,
    }
    for place, centre in {"navbahor": navbahor_zone, "zomin": zomin_zone}.items():
        allowed = place in MANAGES.get(who, set())
        assert user.has_perm("participation.register_kiosk", centre) is allowed, place
        # The kiosk's centre as the row holds it (a plain page), as the revoke screen reads it.
        assert user.has_perm("participation.revoke_kiosk", Kiosk.objects.get(pk=kiosks[place].pk)) is allowed, place
    assert user.has_perm("participation.use_kiosk_screen") is (who in MANAGES)


def test_the_services_refuse_a_manager_of_another_territory(people, navbahor_zone, kiosk_at):
    with pytest.raises(ServiceError) as refused:
        kiosk_register(centre=navbahor_zone, name="Stol", by=people.zomin_manager)
    assert refused.value.message == REGISTER_NOT_ALLOWED
    kiosk = kiosk_at(navbahor_zone).kiosk
    with pytest.raises(ServiceError) as refused:
        kiosk_revoke(kiosk=kiosk, by=people.zomin_manager)
    assert refused.value.message == REVOKE_NOT_ALLOWED
    kiosk.refresh_from_db()
    assert kiosk.status == KioskStatus.ACTIVE and Kiosk.objects.count() == 1


def test_a_revoked_kiosk_stays_revoked(people, navbahor_zone, kiosk_at):
    kiosk = kiosk_at(navbahor_zone).kiosk
    kiosk_revoke(kiosk=kiosk, by=people.manager)
    with pytest.raises(ServiceError):
        kiosk_revoke(kiosk=kiosk, by=people.manager)
    assert ModelLogEntry.objects.filter(action="participation.kiosk_revoked").count() == 1


def test_a_manager_makes_this_browser_a_kiosk_from_the_admin_and_is_signed_out_on_it(client, people, navbahor_zone):
    client.force_login(people.manager)
    page = client.get("/admin/kiosks/")
    assert page.status_code == 200 and navbahor_zone.title in page.content.decode()
    response = client.post("/admin/kiosks/", {"centre": navbahor_zone.pk, "name": "  Eshik   oldidagi stol "})
    kiosk = Kiosk.objects.get()
    assert response.status_code == 302 and response["Location"] == "/uz/kiosk/"
    assert (kiosk.name, kiosk.centre_id, kiosk.registered_by) == (
        "Eshik oldidagi stol",
        navbahor_zone.pk,
        people.manager,
    )
    cookie = response.cookies[settings.KIOSK_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 365 * 24 * 3600
    assert kiosk.secret_hash not in cookie.value  # the browser holds the secret, the database its hash only
    entry = ModelLogEntry.objects.get(action="participation.kiosk_registered")
    assert (entry.user, entry.object_id) == (people.manager, str(kiosk.pk))
    # A kiosk starts with nobody signed in: the manager's session on this browser is over.
    home = client.get("/uz/kiosk/")
    assert home.status_code == 200 and not home.wsgi_request.user.is_authenticated


def test_the_admin_offers_only_the_centres_of_ones_territories(client, people, navbahor_zone, zomin_zone):
    client.force_login(people.zomin_manager)
    page = client.get("/admin/kiosks/").content.decode()
    assert zomin_zone.title in page and navbahor_zone.title not in page
    response = client.post("/admin/kiosks/", {"centre": navbahor_zone.pk, "name": "Stol"})
    assert response.status_code == 200 and not Kiosk.objects.exists()
    assert settings.KIOSK_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("who", ["editor", "moderator", "responder"])
def test_staff_who_manage_nothing_are_refused_the_screen(client, people, who):
    client.force_login(people[who])
    # Wagtail answers a refusal inside its admin by sending the person to the dashboard.
    response = client.get("/admin/kiosks/")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_residents_and_visitors_never_reach_the_screen(client, people, navbahor_zone):
    assert client.get("/admin/kiosks/").status_code == 302  # to sign in
    client.force_login(people.resident)
    response = client.post("/admin/kiosks/", {"centre": navbahor_zone.pk, "name": "Stol"})
    assert response.status_code == 302 and not Kiosk.objects.exists()


def test_a_manager_revokes_a_kiosk_from_the_admin(client, people, navbahor_zone, kiosk_at):
    kiosk = kiosk_at(navbahor_zone).kiosk
    client.force_login(people.manager)
    response = client.post(f"/admin/kiosks/{kiosk.pk}/revoke/")
    assert response.status_code == 302
    kiosk.refresh_from_db()
    assert kiosk.status == KioskStatus.REVOKED and kiosk.revoked_by == people.manager and kiosk.revoked_at
    entry = ModelLogEntry.objects.get(action="participation.kiosk_revoked")
    assert (entry.user, entry.object_id) == (people.manager, str(kiosk.pk))


def test_a_manager_elsewhere_cannot_revoke_by_address(client, people, navbahor_zone, kiosk_at):
    kiosk = kiosk_at(navbahor_zone).kiosk
    client.force_login(people.zomin_manager)
    assert client.post(f"/admin/kiosks/{kiosk.pk}/revoke/").status_code == 404
    kiosk.refresh_from_db()
    assert kiosk.status == KioskStatus.ACTIVE


def test_the_kiosk_list_holds_its_query_budget(client, people, navbahor_zone, kiosk_at, django_assert_max_num_queries):
    client.force_login(people.manager)
    made = []

    def grow(total):
        while len(made) < total:
            registration = kiosk_at(navbahor_zone, by=people.manager, name=f"Stol {len(made)}")
            if len(made) % 2:
                kiosk_revoke(kiosk=registration.kiosk, by=people.manager)
            made.append(registration)

    counts = list_query_counts(
        client, "/admin/kiosks/", link="<td>Stol ", grow=grow, at_most=django_assert_max_num_queries
    )
    assert counts[0] == counts[1]
