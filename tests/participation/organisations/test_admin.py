"""The managers' screens in the Wagtail admin: the list scoped to their territories, verifying
with evidence (and its history), rejecting without a reason (refused, input kept, nothing
written), forms refused to others, registering an organisation on someone's behalf."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.users.models import UserProfile

from participation.models import MembershipRole, Organisation, OrganisationKind, OrganisationStatus
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/organisations/"


def screen(organisation) -> str:
    return f"/admin/organisations/{organisation.pk}/"


@pytest.fixture(autouse=True)
def staff_read_english(people):
    """The staff chose English for the admin, so the assertions read the source text (the
    catalogue tests check the Uzbek and Russian)."""
    for user in (people.manager, people.zomin_manager, people.chair, people.resident):
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save(update_fields=["preferred_language"])


@pytest.fixture
def requested(tree, people):
    organisation = OrganisationFactory(
        territory=tree.navbahor, status=OrganisationStatus.REQUESTED, name_uz="Navbahor <script>alert(1)</script>"
    )
    MembershipFactory(organisation=organisation, user=people.resident, role=MembershipRole.REPRESENTATIVE)
    return organisation


def test_the_list_shows_only_the_managers_territories_waiting_first(client, people, tree, requested):
    OrganisationFactory(territory=tree.navbahor, name_uz="Allaqachon tasdiqlangan")
    OrganisationFactory(territory=tree.duoba, name_uz="Zomin guruhi")
    client.force_login(people.manager)
    page = client.get(LIST).content.decode()
    assert "Allaqachon tasdiqlangan" in page and "Zomin guruhi" not in page
    assert page.index("Navbahor &lt;script&gt;") < page.index("Allaqachon tasdiqlangan")
    assert "<script>alert(1)" not in page


def test_the_list_query_count_stays_the_same(client, people, tree):
    client.force_login(people.manager)
    counts = []
    for total in (2, 20):
        while Organisation.objects.count() < total:
            OrganisationFactory(territory=tree.navbahor)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_residents_moderators_and_other_districts_do_not_reach_it(client, people, requested):
    for who in ("resident", "moderator"):
        client.force_login(people[who])
        assert client.get(screen(requested)).status_code in (302, 403)
    client.force_login(people.zomin_manager)
    assert client.get(screen(requested)).status_code == 404


def test_a_manager_verifies_with_evidence_and_the_history_shows_it(client, people, requested):
    client.force_login(people.manager)
    page = client.get(screen(requested)).content.decode()
    assert "Documents seen in person" in page and people.resident.full_name in page
    response = client.post(
        screen(requested),
        {
            "action": "verify",
            "verify-evidence": "documents",
            "verify-note": "Ustav va guvohnoma",
            "verify-expires_on": "",
        },
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == OrganisationStatus.VERIFIED and requested.verification_evidence == "documents"
    page = client.get(screen(requested)).content.decode()
    assert "Verified the organisation" in page and "Ustav va guvohnoma" in page
    assert "Renew the verification" in page and "Suspend" in page


def test_rejecting_without_a_reason_keeps_the_form_and_writes_nothing(client, people, requested):
    client.force_login(people.manager)
    page = client.post(screen(requested), {"action": "reject", "reject-reason": ""}).content.decode()
    assert "Write the reason" in page
    requested.refresh_from_db()
    assert requested.status == OrganisationStatus.REQUESTED


def test_a_manager_who_is_a_member_is_refused(client, people, requested):
    MembershipFactory(organisation=requested, user=people.chair)
    client.force_login(people.chair)
    response = client.post(screen(requested), {"action": "verify", "verify-evidence": "registry"})
    assert response.status_code == 403
    requested.refresh_from_db()
    assert requested.status == OrganisationStatus.REQUESTED


def test_staff_register_an_organisation_and_duplicates_are_refused_with_input_kept(client, people, tree):
    OrganisationFactory(territory=tree.navbahor, kind=OrganisationKind.NGO, registry_number="55555")
    client.force_login(people.manager)
    form = {
        "name_uz": "Qogʻozda kelgan NNT",
        "name_ru": "ННО на бумаге",
        "kind": "ngo",
        "registry_number": "55555",
        "territory": tree.yangiqorgon.pk,
    }
    page = client.post("/admin/organisations/register/", form).content.decode()
    assert "registry number 55555 is already registered" in page and "Qogʻozda kelgan NNT" in page
    assert Organisation.objects.count() == 1
    response = client.post("/admin/organisations/register/", {**form, "registry_number": "66666"})
    assert response.status_code == 302
    created = Organisation.objects.get(registry_number="66666")
    assert created.status == OrganisationStatus.REQUESTED and not created.memberships.exists()
    # Stored in capitals, so the same number in small letters is a duplicate.
    client.post("/admin/organisations/register/", {**form, "registry_number": "ab-77"})
    assert Organisation.objects.filter(registry_number="AB-77").exists()
    page = client.post("/admin/organisations/register/", {**form, "registry_number": "Ab-77"}).content.decode()
    assert "registry number AB-77 is already registered" in page and 'value="Ab-77"' in page
    assert Organisation.objects.count() == 3
    # Another district is not offered.
    response = client.post(
        "/admin/organisations/register/", {**form, "registry_number": "7", "territory": tree.zomin.pk}
    )
    assert not Organisation.objects.filter(registry_number="7").exists()
