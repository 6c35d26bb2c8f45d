"""The organisation pages as a resident, a representative and a visitor use them: the list and
its filters, one organisation's page, registering (and its refusals, input kept), the private
member list, invitation links, leaving, "my organisations", and query budgets that hold as
rows grow."""

import re
import time
from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from participation.models import Membership, MembershipRole, Organisation, OrganisationKind, OrganisationStatus
from participation.organisations import services as svc
from participation.organisations.registry import register_organisation_section, unregister_organisation_section
from participation.web import page_cache
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def group(tree, people):
    organisation = OrganisationFactory(
        territory=tree.navbahor, name_uz="Navbahor faol ayollari", name_ru="Активные женщины Навбахора",
        slug="navbahor-faol-ayollari", description="Biz <b>mahalla</b> uchun ishlaymiz",
    )  # fmt: skip
    MembershipFactory(
        organisation=organisation, user=people.resident, role=MembershipRole.REPRESENTATIVE, named_publicly=True
    )
    return organisation


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_verified_organisations_only_and_filters(client, tree, group):
    OrganisationFactory(territory=tree.duoba, name_uz="Duoba yoshlari", kind=OrganisationKind.YOUTH)
    OrganisationFactory(territory=tree.navbahor, name_uz="Kutilayotgan guruh", status=OrganisationStatus.REQUESTED)
    OrganisationFactory(territory=tree.navbahor, name_uz="Muddati tugagan", verification_expires_on=date(2026, 1, 1))
    page = page_of(client.get("/en/organisations/"))
    assert "Navbahor faol ayollari" in page and "Duoba yoshlari" in page
    assert "Kutilayotgan guruh" not in page and "Muddati tugagan" not in page
    assert "2 organisations" in page
    page = page_of(client.get(f"/en/organisations/?territory={tree.yangiqorgon.pk}"))
    assert "Navbahor faol ayollari" in page and "Duoba yoshlari" not in page
    page = page_of(client.get("/en/organisations/?kind=youth"))
    assert "Duoba yoshlari" in page and "Navbahor faol ayollari" not in page
    # A hand-typed bad filter loses only itself.
    assert "Duoba yoshlari" in page_of(client.get("/en/organisations/?kind=youth&territory=abc"))


def test_the_list_is_paginated_and_bounded(client, tree):
    for index in range(21):
        OrganisationFactory(territory=tree.navbahor, name_uz=f"Guruh {index:02d}")
    first = page_of(client.get("/en/organisations/"))
    assert "Guruh 00" in first and "Guruh 20" not in first and 'rel="next"' in first
    assert "Guruh 20" in page_of(client.get("/en/organisations/?page=2"))
    assert client.get("/en/organisations/?page=999").status_code == 200


def test_the_list_query_count_stays_the_same_as_organisations_grow(client, tree, django_assert_max_num_queries):
    counts = []
    for total in (3, 30):
        while Organisation.objects.count() < total:
            OrganisationFactory(territory=tree.navbahor if Organisation.objects.count() % 2 else tree.duoba)
        with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as queries:
            page_of(client.get("/en/organisations/"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_list_reads_in_uzbek_cyrillic(client, group):
    page = page_of(client.get("/uz-cyrl/organisations/"))
    assert "Навбаҳор фаол аёллари" in page


# --- one organisation ---------------------------------------------------------------------------


def test_the_page_says_who_verified_it_when_how_many_members_and_named_representatives(client, group, people, resident):
    MembershipFactory(organisation=group, user=resident(full_name="Yashirin A'zo"))
    MembershipFactory(organisation=group, user=resident(), ends_on=date(2026, 10, 30))
    hidden = MembershipFactory(
        organisation=group, user=resident(full_name="Nomsiz Vakil"), role=MembershipRole.REPRESENTATIVE
    )
    page = page_of(client.get("/en/organisations/navbahor-faol-ayollari/"))
    assert "Verified by Yangiqoʻrgʻon tumani hokimligi on 2 November 2026" in page
    assert "<dt>Members</dt><dd>3</dd>" in page
    assert people.resident.full_name in page.replace("&#x27;", "'")
    assert "Nomsiz Vakil" not in page and hidden.user.email not in page and "Yashirin" not in page
    # User text is escaped.
    assert "&lt;b&gt;mahalla&lt;/b&gt;" in page and "<b>mahalla</b>" not in page


def test_an_unverified_organisation_is_found_only_by_its_members_and_managers(client, tree, people):
    organisation = OrganisationFactory(territory=tree.navbahor, status=OrganisationStatus.REQUESTED, slug="yangi")
    MembershipFactory(organisation=organisation, user=people.resident, role=MembershipRole.REPRESENTATIVE)
    assert client.get("/en/organisations/yangi/").status_code == 404
    client.force_login(people.author)
    assert client.get("/en/organisations/yangi/").status_code == 404
    client.force_login(people.resident)
    assert "Awaiting verification" in page_of(client.get("/en/organisations/yangi/"))
    client.force_login(people.manager)
    assert page_of(client.get("/en/organisations/yangi/"))


def test_registered_sections_appear_on_the_page_within_a_query_budget(client, group, django_assert_max_num_queries):
    register_organisation_section(
        "test_rows",
        title="Test section",
        rows=lambda organisation: [organisation.name_uz.upper()],
        template="participation/organisations/includes/section_list.html",
    )
    try:
        with django_assert_max_num_queries(8):
            page = page_of(client.get("/en/organisations/navbahor-faol-ayollari/"))
        assert "Test section" in page and "NAVBAHOR FAOL AYOLLARI" in page
    finally:
        unregister_organisation_section("test_rows")


def test_the_page_query_count_stays_the_same_as_members_grow(client, group, resident, django_assert_max_num_queries):
    counts = []
    for total in (2, 20):
        while group.memberships.count() < total:
            MembershipFactory(
                organisation=group, user=resident(), role=MembershipRole.REPRESENTATIVE, named_publicly=True
            )
        with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as queries:
            page_of(client.get("/en/organisations/navbahor-faol-ayollari/"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- registering ----------------------------------------------------------------------------------


FORM = {
    "name_uz": "Istiqlol yoshlari",
    "name_ru": "Молодёжь Истиклола",
    "kind": "youth",
    "description": "Yoshlar",
    "contacts": "+998 90 000 00 00",
}


def test_a_visitor_is_sent_to_sign_in_first(client):
    response = client.get("/en/organisations/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_resident_registers_and_lands_on_the_page_of_her_group(client, people, tree):
    client.force_login(people.resident)
    form = page_of(client.get("/en/organisations/new/"))
    assert "Navbahor (mahalla)" in form  # mahallas of her own district are offered
    response = client.post("/en/organisations/new/", {**FORM, "territory": tree.istiqlol.pk, "named_publicly": "on"})
    organisation = Organisation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/organisations/{organisation.slug}/"
    assert organisation.status == OrganisationStatus.REQUESTED
    membership = Membership.objects.get()
    assert membership.user == people.resident and membership.role == "representative" and membership.named_publicly


def test_a_duplicate_registry_number_keeps_the_input_and_writes_nothing(client, people, tree):
    OrganisationFactory(territory=tree.zomin, kind=OrganisationKind.NGO, registry_number="998877")
    client.force_login(people.resident)
    page = page_of(
        client.post(
            "/en/organisations/new/",
            {**FORM, "kind": "ngo", "registry_number": "998877", "territory": tree.yangiqorgon.pk},
        )
    )
    assert "An organisation with the registry number 998877 is already registered" in page
    assert 'value="Istiqlol yoshlari"' in page and "+998 90 000 00 00" in page
    assert Organisation.objects.count() == 1 and not Membership.objects.exists()


def test_a_registry_number_differing_only_in_case_is_a_duplicate_and_the_input_is_kept(client, people, tree):
    OrganisationFactory(territory=tree.zomin, kind=OrganisationKind.NGO, registry_number="AB-123")
    client.force_login(people.resident)
    page = page_of(
        client.post(
            "/en/organisations/new/",
            {**FORM, "kind": "ngo", "registry_number": "ab-123", "territory": tree.yangiqorgon.pk},
        )
    )
    assert "An organisation with the registry number AB-123 is already registered" in page
    assert 'value="ab-123"' in page and 'value="Istiqlol yoshlari"' in page
    assert Organisation.objects.count() == 1 and not Membership.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name_uz": ""}, "Write the organisation’s name in Uzbek."),
        ({"kind": "club"}, "Choose a kind of organisation from the list."),
        ({"territory": "999999"}, "Choose the district or mahalla where the organisation works."),
        ({"kind": "ngo"}, "A registered NGO needs its Ministry of Justice registry number."),
        ({"description": "x" * 4001}, "Description is too long: at most 4000 characters."),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, people, tree, change, message):
    client.force_login(people.resident)
    page = page_of(client.post("/en/organisations/new/", {**FORM, "territory": tree.navbahor.pk, **change}))
    assert message.replace("’", "&#x27;") in page.replace("’", "&#x27;") or message in page
    assert "+998 90 000 00 00" in page
    assert not Organisation.objects.exists()


# --- members ---------------------------------------------------------------------------------------


def test_the_member_list_is_private(client, group, people, resident):
    url = "/en/organisations/navbahor-faol-ayollari/members/"
    member = MembershipFactory(organisation=group, user=resident(full_name="Oddiy Aʼzo")).user
    assert client.get(url).status_code == 302
    for outsider in (people.author, member, people.zomin_manager):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    for insider in (people.resident, people.manager):
        client.force_login(insider)
        assert "Oddiy Aʼzo" in page_of(client.get(url))


def test_invite_by_link_accept_and_the_link_is_used_up(client, group, people, resident):
    client.force_login(people.resident)
    page = page_of(client.post("/en/organisations/navbahor-faol-ayollari/members/", {"invite-role": "member"}))
    link = page.split('id="invitation-link" type="text" readonly value="')[1].split('"')[0]
    path = link.replace("http://testserver", "")
    assert path.startswith("/en/organisations/join/")
    newcomer = resident(full_name="Yangi Aʼzo")
    client.force_login(newcomer)
    assert "Accept the invitation" in page_of(client.get(path))
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/en/organisations/mine/"
    assert group.memberships.filter(user=newcomer, ends_on__isnull=True).exists()
    client.force_login(resident())
    used = client.get(path)
    assert used.status_code == 410 and "already been used" in used.content.decode()


def test_a_visitor_opening_a_link_signs_in_first_and_comes_back(client, group, people):
    _invitation, token = svc.invitation_create(organisation=group, by=people.resident)
    response = client.get(f"/en/organisations/join/{token}/")
    assert response.status_code == 302 and "next=/en/organisations/join/" in response["Location"]


def test_a_representative_ends_a_membership_from_the_list(client, group, people, resident):
    membership = MembershipFactory(organisation=group, user=resident())
    client.force_login(people.resident)
    response = client.post(f"/en/organisations/navbahor-faol-ayollari/members/{membership.pk}/end/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on is not None
    assert client.get(f"/en/organisations/navbahor-faol-ayollari/members/{membership.pk}/end/").status_code == 405


def test_a_member_leaves_and_my_organisations_shows_roles_and_acting(client, group, people, resident):
    member = MembershipFactory(organisation=group, user=resident()).user
    client.force_login(people.resident)
    page = page_of(client.get("/en/organisations/mine/"))
    assert "Navbahor faol ayollari" in page and "You may act on its behalf." in page
    client.force_login(member)
    page = page_of(client.get("/en/organisations/mine/"))
    assert "Member" in page and "You may act on its behalf." not in page
    response = client.post("/en/organisations/navbahor-faol-ayollari/leave/")
    assert response.status_code == 302
    assert "You are not a member of any organisation." in page_of(client.get("/en/organisations/mine/"))


def test_my_organisations_query_count_stays_the_same(client, tree, django_assert_max_num_queries):
    person = UserFactory(home_territory=tree.navbahor)
    client.force_login(person)
    counts = []
    for total in (1, 10):
        while Membership.objects.filter(user=person).count() < total:
            MembershipFactory(organisation=OrganisationFactory(territory=tree.navbahor), user=person,
                              role=MembershipRole.REPRESENTATIVE)  # fmt: skip
        with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as queries:
            page_of(client.get("/en/organisations/mine/"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_representative_chooses_to_be_named(client, group, people):
    client.force_login(people.resident)
    client.post("/en/organisations/navbahor-faol-ayollari/named/", {"named": "0"})
    assert (
        people.resident.full_name
        not in page_of(client.get("/en/organisations/navbahor-faol-ayollari/"))
        .split("<dt>Members</dt>")[1]
        .split("</dl>")[0]
    )


# --- sitemap and site search ------------------------------------------------------------------------


def test_verified_organisations_are_in_the_sitemap_in_every_language(client, group, tree):
    OrganisationFactory(territory=tree.navbahor, slug="kutilmoqda", status=OrganisationStatus.REQUESTED)
    index = client.get("/sitemap.xml").content.decode()
    # The sitemap's pages are ranges of ids: which one holds the group depends on its id (a
    # long run on PostgreSQL gives it a high one), so read the ones the index lists.
    shards = sorted(set(re.findall(r"/sitemap-organisations-\d+\.xml", index)))
    assert shards
    page = "".join(client.get(shard).content.decode() for shard in shards)
    assert "/uz/organisations/navbahor-faol-ayollari/" in page and "/ru/organisations/navbahor-faol-ayollari/" in page
    assert "kutilmoqda" not in page


def test_the_site_search_finds_verified_organisations_in_either_script(client, group, tree):
    OrganisationFactory(territory=tree.navbahor, name_uz="Navbahor kutilmoqda", status=OrganisationStatus.REQUESTED)
    page = page_of(client.get("/en/search/?q=faol ayollari"))
    assert "/en/organisations/navbahor-faol-ayollari/" in page
    page = page_of(client.get("/en/search/?q=Навбаҳор"))
    assert "/en/organisations/navbahor-faol-ayollari/" in page and "kutilmoqda" not in page
    assert "/en/organisations/navbahor-faol-ayollari/" in page_of(client.get("/en/search/?q=Активные"))


# --- the page cache -------------------------------------------------------------------------------


@pytest.fixture
def page_cache_on():
    page_cache._local.forget()
    with override_settings(PAGE_CACHE_SECONDS=60):
        page_cache._new_generations(page_cache.SCOPES)
        yield
    page_cache._local.forget()


def test_kept_pages_show_a_verification_and_a_new_member_at_once(
    client, tree, people, resident, page_cache_on, django_capture_on_commit_callbacks, monkeypatch
):
    organisation = OrganisationFactory(
        territory=tree.navbahor, status=OrganisationStatus.REQUESTED, name_uz="Yangi guruh", slug="yangi-guruh"
    )
    MembershipFactory(organisation=organisation, user=people.resident, role=MembershipRole.REPRESENTATIVE)
    assert "Yangi guruh" not in page_of(client.get("/en/organisations/"))
    with django_capture_on_commit_callbacks(execute=True):
        svc.organisation_verify(organisation=organisation, manager=people.manager, evidence="mahalla")
    assert "Yangi guruh" in page_of(client.get("/en/organisations/"))
    assert "<dt>Members</dt><dd>1</dd>" in page_of(client.get("/en/organisations/yangi-guruh/"))
    # A row written behind the services' back announces nothing: the kept page stays.
    MembershipFactory(organisation=organisation, user=resident())
    assert "<dt>Members</dt><dd>1</dd>" in page_of(client.get("/en/organisations/yangi-guruh/"))
    _invitation, token = svc.invitation_create(organisation=organisation, by=people.resident)
    # A second after the verification: a change within the same second as another is shown a
    # second later (participation.web.page_cache._renew), which test_page_cache.py covers.
    later = time.monotonic() + page_cache.GENERATIONS_MAX_AGE + 0.1
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        svc.invitation_accept(token=token, user=resident())
    assert "<dt>Members</dt><dd>3</dd>" in page_of(client.get("/en/organisations/yangi-guruh/"))


def test_the_join_page_sends_no_referrer_so_the_link_does_not_leak(client, group, people, resident):
    """The token is in the address: no page or redirect of it may pass the address on to
    another site (or an image's host) through the Referer header."""
    _invitation, token = svc.invitation_create(organisation=group, by=people.resident)
    path = f"/en/organisations/join/{token}/"
    responses = [client.get(path)]  # anonymous: sent to sign in
    client.force_login(resident())
    responses += [client.get(path), client.get("/en/organisations/join/forged/"), client.post(path)]
    assert [response.status_code for response in responses] == [302, 200, 410, 302]
    assert all(response["Referrer-Policy"] == "no-referrer" for response in responses)


def test_a_representative_withdraws_a_link_from_the_member_list(client, group, people, resident):
    invitation, token = svc.invitation_create(organisation=group, by=people.resident)
    url = "/en/organisations/navbahor-faol-ayollari/members/"
    client.force_login(people.resident)
    page = page_of(client.get(url))
    action = f"/en/organisations/navbahor-faol-ayollari/invitations/{invitation.pk}/withdraw/"
    assert "Unused invitation links" in page and action in page and "Withdraw the link" in page
    response = client.post(action)
    assert response.status_code == 302 and response["Location"] == url
    page = page_of(client.get(url))
    assert "The invitation link has been withdrawn" in page and action not in page
    client.force_login(resident())
    refused = client.get(f"/en/organisations/join/{token}/")
    assert refused.status_code == 410
    assert "This invitation link has been withdrawn" in refused.content.decode()
    assert client.post(action).status_code == 404  # an outsider does not even see it
