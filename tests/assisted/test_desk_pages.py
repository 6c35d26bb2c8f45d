"""The operator desk's pages: centre first, register, verify, sign for a resident; and the
managers' "Operators" screen."""

import pytest
from django.test import override_settings

from participation.assisted.models import AssistedAct
from participation.assisted.views import DESK_CENTRE
from participation.models import DocumentType, StaffRole, StaffRoleKind, User, VerificationLevel
from proposals.petitions.models import Signature
from tests.assisted.conftest import PHONE, last_code

pytestmark = pytest.mark.django_db


def test_the_desk_is_for_operators_only(client, people, service_centre_page):
    assert client.get("/en/operator/").status_code == 302  # to sign in
    client.force_login(people.manager)
    assert client.get("/en/operator/").status_code == 403
    client.force_login(people.resident)
    assert client.get("/en/operator/").status_code == 403


def test_an_operator_finds_the_desk_in_the_menu_and_nobody_else_does(client, people, operator):
    """The desk has no other way in than its address: the account menu links it on every page
    for operators, and for them only."""
    link = '<a href="/en/operator/">Operator desk</a>'
    pages = ["/en/petitions/", "/en/accounts/profile/"]
    for person, sees in [(operator, True), (people.manager, False), (people.resident, False)]:
        client.force_login(person)
        for page in pages:
            assert (link in client.get(page).content.decode()) is sees, (person, page)
    client.logout()
    assert link not in client.get("/en/petitions/").content.decode()


def test_an_operator_chooses_the_centre_before_anything_else(client, operator, service_centre_page):
    client.force_login(operator)
    assert client.get("/en/operator/register/").url == "/en/operator/"
    page = client.get("/en/operator/")
    assert service_centre_page.title in page.content.decode()
    client.post("/en/operator/", {"centre": service_centre_page.pk})
    assert client.session[DESK_CENTRE] == service_centre_page.pk
    assert client.get("/en/operator/register/").status_code == 200


def test_a_centre_outside_the_operators_territory_is_not_offered(client, people, service_centre_page):
    client.force_login(people.zomin_operator)
    response = client.post("/en/operator/", {"centre": service_centre_page.pk})
    assert response.status_code == 200 and DESK_CENTRE not in client.session


def test_register_verify_and_sign_through_the_pages(desk, operator, tree, publish):
    petition = publish()
    response = desk.post(
        "/en/operator/register/",
        {
            "full_name": "Xadicha Mirzayeva",
            "mahalla": tree.navbahor.pk,
            "phone": "+998 90 111 22 33",
            "preferred_language": "uz",
        },
    )
    person = User.objects.get(full_name="Xadicha Mirzayeva")
    assert response.url == f"/en/operator/resident/{person.pk}/"
    desk.post(f"/en/operator/resident/{person.pk}/verify/", {"document_type": DocumentType.PASSPORT})
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.IN_PERSON
    sign_url = f"/en/operator/petitions/{person.pk}/{petition.pk}/"
    desk.post(sign_url, {"action": "send", "code": ""})
    response = desk.post(sign_url, {"action": "sign", "code": last_code(PHONE)})
    assert response.url == f"/en/operator/resident/{person.pk}/"
    assert Signature.objects.get(user=person).channel == "assisted"
    assert AssistedAct.objects.get().centre_id == desk.session[DESK_CENTRE]


def test_a_duplicate_is_shown_and_nothing_is_written(desk, elderly, tree):
    response = desk.post(
        "/en/operator/register/",
        {"full_name": elderly.full_name, "mahalla": tree.navbahor.pk, "phone": "", "preferred_language": "uz"},
    )
    assert response.status_code == 200
    assert f"/en/operator/resident/{elderly.pk}/" in response.content.decode()
    assert User.objects.filter(full_name=elderly.full_name).count() == 1


@override_settings(SMS_BACKEND="eskiz")
def test_a_gateway_failure_is_told_and_the_form_keeps_its_input(desk, elderly, publish, fake_sms):
    petition = publish()
    fake_sms.fail_with = 500
    response = desk.post(f"/en/operator/petitions/{elderly.pk}/{petition.pk}/", {"action": "send", "code": "12"})
    body = response.content.decode()
    assert response.status_code == 200 and "could not send the text message" in body
    assert 'value="12"' in body
    assert not Signature.objects.exists()


def test_a_wrong_code_signs_nothing(desk, elderly, publish):
    petition = publish()
    url = f"/en/operator/petitions/{elderly.pk}/{petition.pk}/"
    desk.post(url, {"action": "send"})
    response = desk.post(url, {"action": "sign", "code": "000000" if last_code() != "000000" else "111111"})
    assert response.status_code == 200 and "not right" in response.content.decode()
    assert not Signature.objects.exists() and not AssistedAct.objects.exists()


def test_another_districts_resident_is_not_found_at_this_desk(desk, resident, tree):
    outsider = resident(mahalla=tree.duoba)
    assert desk.get(f"/en/operator/resident/{outsider.pk}/").status_code == 404


def test_desk_pages_keep_their_query_budget(desk, elderly, publish, resident, django_assert_max_num_queries):
    for number in range(3):
        publish(title=f"Petitsiya {number}")
    for number in range(3):
        resident(full_name=f"Xadicha {number}")
    budgets = {
        "/en/operator/?name=xadicha": 12,
        f"/en/operator/resident/{elderly.pk}/": 12,
        f"/en/operator/petitions/{elderly.pk}/": 12,
    }
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert desk.get(url).status_code == 200
    for number in range(10):
        publish(title=f"Yana {number}")
        resident(full_name=f"Xadicha yana {number}")
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert desk.get(url).status_code == 200


def test_a_manager_grants_and_takes_away_the_operator_role(client, people, tree, resident):
    volunteer = resident()
    client.force_login(people.manager)
    response = client.post("/admin/operators/", {"email": volunteer.email, "territory": tree.navbahor.pk})
    assert response.status_code == 302
    role = StaffRole.objects.get(user=volunteer, role=StaffRoleKind.OPERATOR)
    volunteer = User.objects.get(pk=volunteer.pk)
    assert volunteer.has_perm("participation.use_operator_desk")
    assert not volunteer.has_perm("wagtailadmin.access_admin")  # no door into the admin
    client.post(f"/admin/operators/{role.pk}/revoke/")
    assert not StaffRole.objects.filter(pk=role.pk).exists()


def test_a_manager_cannot_grant_outside_their_territory_and_others_cannot_open_the_screen(client, people, tree):
    client.force_login(people.manager)
    response = client.post("/admin/operators/", {"email": people.resident.email, "territory": tree.duoba.pk})
    assert response.status_code == 200
    assert not StaffRole.objects.filter(role=StaffRoleKind.OPERATOR, territory=tree.duoba).exists()
    client.force_login(people.moderator)
    assert client.get("/admin/operators/").status_code in (302, 403)
