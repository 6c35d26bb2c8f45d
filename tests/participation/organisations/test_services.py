"""Registering, verifying and the other moves of the transition table, invitations by link,
ending and leaving memberships: what each does, what it refuses, and that a refusal writes
nothing."""

from datetime import date, timedelta

import pytest
from django.core import signing
from wagtail.models import ModelLogEntry

from participation.exceptions import ServiceError
from participation.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    VerificationEvidence,
)
from participation.organisations import services as svc
from participation.organisations.notifications import organisation_notify_decision
from participation.organisations.predicates import can_act_for_organisation
from participation.organisations.transitions import TRANSITIONS, Mover
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db
S = OrganisationStatus


def register(user, territory, **fields):
    values = {"name_uz": "Navbahor faol ayollari", "name_ru": "Активные женщины Навбахора", "kind": "wag"}
    values.update(fields)
    return svc.organisation_register(user=user, territory=territory, now=T0, **values)


def test_a_resident_registers_a_group_and_becomes_its_first_representative(people, tree):
    organisation = register(people.resident, tree.navbahor, named_publicly=True)
    assert organisation.status == S.REQUESTED and organisation.slug == "navbahor-faol-ayollari"
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role, membership.named_publicly) == (
        people.resident,
        MembershipRole.REPRESENTATIVE,
        True,
    )
    assert ModelLogEntry.objects.filter(action="participation.organisation_requested").count() == 1
    # Not yet verified: she cannot act for it.
    assert not can_act_for_organisation(people.resident, organisation, on=T0.date())


def test_staff_create_an_organisation_without_becoming_its_member(people, tree):
    organisation = register(people.manager, tree.yangiqorgon, by_staff=True)
    assert organisation.status == S.REQUESTED and not organisation.memberships.exists()


def test_two_groups_with_one_name_get_two_addresses(people, tree):
    first = register(people.resident, tree.navbahor)
    second = register(people.author, tree.istiqlol)
    assert first.slug != second.slug


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name_uz": "  "}, svc.NAME_UZ_EMPTY),
        ({"name_ru": ""}, svc.NAME_RU_EMPTY),
        ({"kind": "club"}, svc.KIND_UNKNOWN),
        ({"kind": "ngo", "registry_number": " "}, svc.REGISTRY_REQUIRED),
        ({"name_other": "Nawbahar"}, svc.OTHER_LANGUAGE_MISSING),
        # Formatted when the test runs, in its language (English), not when it is collected.
        ({"name_uz": "x" * 201}, lambda: svc.NAME_TOO_LONG % {"limit": 200}),
    ],
)
def test_bad_registrations_are_refused_with_a_message_and_write_nothing(people, tree, fields, message):
    with pytest.raises(ServiceError) as refused:
        register(people.resident, tree.navbahor, **fields)
    assert str(refused.value.message) == str(message() if callable(message) else message)
    assert not Organisation.objects.exists() and not Membership.objects.exists()


def test_a_duplicate_registry_number_is_named_and_nothing_is_written(people, tree):
    register(people.resident, tree.navbahor, kind="ngo", registry_number="1234 56")
    with pytest.raises(ServiceError) as refused:
        register(people.author, tree.istiqlol, kind="ngo", registry_number="123456")
    assert "123456" in str(refused.value.message)
    assert Organisation.objects.count() == 1 and Membership.objects.count() == 1


def test_a_registry_number_is_stored_in_capitals_and_is_unique_whatever_the_case(people, tree):
    first = register(people.resident, tree.navbahor, kind="ngo", registry_number=" ab-123 ")
    assert first.registry_number == "AB-123"
    with pytest.raises(ServiceError) as refused:
        register(people.author, tree.istiqlol, kind="ngo", registry_number="Ab-123")
    assert "AB-123" in str(refused.value.message)
    assert Organisation.objects.count() == 1


def test_an_unconfirmed_resident_cannot_register(people, tree):
    with pytest.raises(ServiceError):
        register(people.unverified_resident, tree.navbahor)
    assert not Organisation.objects.exists()


def test_a_manager_verifies_with_evidence_for_a_year_and_the_log_says_so(people, tree):
    organisation = register(people.resident, tree.navbahor)
    svc.organisation_verify(
        organisation=organisation, manager=people.manager, evidence=VerificationEvidence.MAHALLA, note="Rais", now=T0
    )
    organisation.refresh_from_db()
    assert organisation.status == S.VERIFIED
    assert organisation.verification_expires_on == T0.date() + timedelta(days=365)
    assert organisation.verified_by == people.manager
    assert organisation.verified_office == "Yangiqoʻrgʻon tumani hokimligi"
    entry = ModelLogEntry.objects.get(action="participation.organisation_verified")
    assert entry.user_id == people.manager.pk
    assert entry.data["evidence"] == "mahalla" and entry.data["from"] == "requested"
    assert can_act_for_organisation(people.resident, organisation, on=T0.date())


def test_a_regional_manager_verifies_in_the_region_name(people, tree):
    organisation = register(people.resident, tree.navbahor)
    svc.organisation_verify(organisation=organisation, manager=people.region_manager, evidence="registry", now=T0)
    organisation.refresh_from_db()
    assert organisation.verified_office == "Namangan viloyati hokimligi"


@pytest.mark.parametrize("who", ["zomin_manager", "moderator", "resident", "chair_who_is_a_member"])
def test_only_a_manager_of_its_territory_who_is_not_a_member_decides(people, tree, who):
    organisation = register(people.resident, tree.navbahor)
    if who == "chair_who_is_a_member":
        MembershipFactory(organisation=organisation, user=people.chair)
        who = "chair"
    with pytest.raises(ServiceError):
        svc.organisation_verify(organisation=organisation, manager=people[who], evidence="registry", now=T0)
    organisation.refresh_from_db()
    assert organisation.status == S.REQUESTED


def test_reject_and_suspend_need_a_reason(people, tree):
    organisation = register(people.resident, tree.navbahor)
    with pytest.raises(ServiceError) as refused:
        svc.organisation_reject(organisation=organisation, manager=people.manager, reason="  ")
    assert refused.value.message == svc.REASON_REQUIRED
    svc.organisation_reject(organisation=organisation, manager=people.manager, reason="Rais tasdiqlamadi")
    organisation.refresh_from_db()
    assert (organisation.status, organisation.status_reason) == (S.REJECTED, "Rais tasdiqlamadi")


def test_suspend_reinstate_and_renew(people, tree):
    organisation = OrganisationFactory(territory=tree.navbahor)
    svc.organisation_suspend(organisation=organisation, manager=people.manager, reason="Shikoyat")
    assert organisation.status == S.SUSPENDED
    svc.organisation_verify(organisation=organisation, manager=people.manager, evidence="documents", now=T0)
    assert organisation.status == S.VERIFIED
    later = T0 + timedelta(days=300)
    svc.organisation_verify(organisation=organisation, manager=people.manager, evidence="registry", now=later)
    organisation.refresh_from_db()
    assert organisation.verification_expires_on == later.date() + timedelta(days=365)
    actions = list(
        ModelLogEntry.objects.filter(action__startswith="participation.organisation")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "participation.organisation_suspended",
        "participation.organisation_reinstated",
        "participation.organisation_renewed",
    ]


def test_moves_not_in_the_table_are_refused(people, tree):
    organisation = OrganisationFactory(territory=tree.navbahor, status=S.REJECTED)
    with pytest.raises(ServiceError):
        svc.organisation_suspend(organisation=organisation, manager=people.manager, reason="x")
    with pytest.raises(ServiceError):
        svc.organisation_transition(organisation, S.EXPIRED, mover=Mover.PLATFORM, actor=None)
    assert Organisation.objects.get().status == S.REJECTED


def test_every_move_of_the_table_has_an_audit_action():
    assert all(rule.action.startswith("participation.organisation_") for rule in TRANSITIONS.values())


def test_an_expired_verification_stops_acting_by_date_and_the_platform_marks_it(people, tree):
    organisation = OrganisationFactory(territory=tree.navbahor, verification_expires_on=date(2026, 12, 1))
    MembershipFactory(organisation=organisation, user=people.resident, role=MembershipRole.REPRESENTATIVE)
    assert can_act_for_organisation(people.resident, organisation, on=date(2026, 11, 30))
    assert not can_act_for_organisation(people.resident, organisation, on=date(2026, 12, 1))
    assert svc.organisations_expire(now=T0.replace(month=12, day=1)) == 1
    organisation.refresh_from_db()
    assert organisation.status == S.EXPIRED


def test_the_nightly_task_is_scheduled_and_marks_lapsed_verifications(tree, settings):
    from participation.tasks import expire_organisations

    lapsed = OrganisationFactory(territory=tree.navbahor, verification_expires_on=date(2026, 1, 1))
    current = OrganisationFactory(territory=tree.navbahor, verification_expires_on=date(2099, 1, 1))
    assert settings.CELERY_BEAT_SCHEDULE["organisations-expire"]["task"] == expire_organisations.name
    assert expire_organisations() == 1 and expire_organisations() == 0
    lapsed.refresh_from_db(), current.refresh_from_db()
    assert (lapsed.status, current.status) == (S.EXPIRED, S.VERIFIED)


def test_an_expiry_in_the_past_is_refused(people, tree):
    organisation = register(people.resident, tree.navbahor)
    with pytest.raises(ServiceError):
        svc.organisation_verify(
            organisation=organisation, manager=people.manager, evidence="registry", expires_on=T0.date(), now=T0
        )


# --- Invitations and memberships ---------------------------------------------------------------


@pytest.fixture
def group(people, tree):
    organisation = OrganisationFactory(territory=tree.navbahor)
    leader = MembershipFactory(organisation=organisation, user=people.resident, role=MembershipRole.REPRESENTATIVE)
    return organisation, leader


def test_a_representative_invites_and_a_resident_accepts_once(group, people, resident):
    organisation, _leader = group
    _invitation, token = svc.invitation_create(organisation=organisation, by=people.resident, now=T0)
    newcomer = resident()
    membership = svc.invitation_accept(token=token, user=newcomer, now=T0 + timedelta(hours=1))
    assert (membership.organisation, membership.role, membership.ends_on) == (organisation, "member", None)
    with pytest.raises(ServiceError) as used:
        svc.invitation_accept(token=token, user=resident(), now=T0 + timedelta(hours=2))
    assert used.value.message == svc.INVITATION_USED
    assert organisation.memberships.count() == 2


def test_an_expired_or_forged_link_is_refused(group, people, resident):
    organisation, _leader = group
    _invitation, token = svc.invitation_create(organisation=organisation, by=people.resident, now=T0)
    with pytest.raises(ServiceError) as expired:
        svc.invitation_accept(token=token, user=resident(), now=T0 + timedelta(days=15))
    assert expired.value.message == svc.INVITATION_EXPIRED
    forged = signing.dumps({"i": 999999}, salt="another salt")
    with pytest.raises(ServiceError) as invalid:
        svc.invitation_accept(token=forged, user=resident(), now=T0)
    assert invalid.value.message == svc.INVITATION_INVALID
    assert organisation.memberships.count() == 1


def test_a_member_cannot_accept_twice(group, people):
    organisation, _leader = group
    _invitation, token = svc.invitation_create(organisation=organisation, by=people.resident, now=T0)
    with pytest.raises(ServiceError) as refused:
        svc.invitation_accept(token=token, user=people.resident, now=T0)
    assert refused.value.message == svc.ALREADY_MEMBER


def test_only_representatives_and_its_managers_invite(group, people, resident):
    organisation, _leader = group
    member = MembershipFactory(organisation=organisation, user=resident()).user
    svc.invitation_create(organisation=organisation, by=people.manager, now=T0)
    for person in (member, people.zomin_manager, people.author):
        with pytest.raises(ServiceError):
            svc.invitation_create(organisation=organisation, by=person, now=T0)


def test_a_representative_ends_a_membership_and_the_person_no_longer_acts(group, people, resident):
    organisation, _leader = group
    second = MembershipFactory(organisation=organisation, user=resident(), role=MembershipRole.REPRESENTATIVE)
    assert can_act_for_organisation(second.user, organisation, on=T0.date())
    svc.membership_end(membership=second, by=people.resident, now=T0)
    assert second.ends_on == T0.date()
    assert not can_act_for_organisation(second.user, organisation, on=T0.date())
    assert ModelLogEntry.objects.filter(action="participation.organisation_member_ended").count() == 1
    with pytest.raises(ServiceError):
        svc.membership_end(membership=second, by=people.resident, now=T0)


def test_a_member_leaves_but_cannot_end_others(group, people, resident):
    organisation, leader = group
    member = MembershipFactory(organisation=organisation, user=resident())
    with pytest.raises(ServiceError):
        svc.membership_end(membership=leader, by=member.user, now=T0)
    svc.membership_end(membership=member, by=member.user, now=T0)
    assert ModelLogEntry.objects.filter(action="participation.organisation_member_left").count() == 1


def test_the_last_representative_cannot_leave_the_group_without_one(group, people):
    _organisation, leader = group
    with pytest.raises(ServiceError) as refused:
        svc.membership_end(membership=leader, by=people.resident, now=T0)
    assert refused.value.message == svc.LAST_REPRESENTATIVE
    leader.refresh_from_db()
    assert leader.ends_on is None


def test_a_representative_chooses_to_be_named_only_for_themself(group, people, resident):
    organisation, leader = group
    svc.membership_set_named(membership=leader, by=people.resident, named=True)
    leader.refresh_from_db()
    assert leader.named_publicly
    other = MembershipFactory(organisation=organisation, user=resident(), role=MembershipRole.REPRESENTATIVE)
    with pytest.raises(ServiceError):
        svc.membership_set_named(membership=other, by=people.resident, named=True)


def test_kinds_are_the_six_of_the_issue():
    assert set(OrganisationKind.values) == {"ngo", "wag", "mahalla_body", "youth", "professional", "other"}


# --- Decisions reach the representatives -----------------------------------------------------


def test_representatives_are_emailed_each_decision_once_in_their_language(
    people, tree, resident, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = register(people.resident, tree.navbahor)
    russian = resident(preferred_language="ru")
    MembershipFactory(organisation=organisation, user=russian, role=MembershipRole.REPRESENTATIVE)
    MembershipFactory(organisation=organisation, user=resident())  # a member is not told
    with django_capture_on_commit_callbacks(execute=True):
        svc.organisation_reject(organisation=organisation, manager=people.manager, reason="Hujjat <yoʻq>")
    assert sorted(message.to[0] for message in mailoutbox) == sorted([people.resident.email, russian.email])
    uzbek = next(message for message in mailoutbox if message.to == [people.resident.email])
    assert uzbek.subject == "Tashkilotingiz tasdiqlanmadi: Navbahor faol ayollari"
    assert "Hujjat <yoʻq>" in uzbek.body
    # The Russian reader gets the organisation's Russian name.
    assert (
        "Активные женщины Навбахора" in next(message for message in mailoutbox if message.to == [russian.email]).subject
    )
    with django_capture_on_commit_callbacks(execute=True):
        svc.organisation_verify(organisation=organisation, manager=people.manager, evidence="documents")
    assert len(mailoutbox) == 4
    latest = [message for message in mailoutbox[2:] if message.to == [people.resident.email]]
    assert "Yangiqoʻrgʻon tumani hokimligi Navbahor faol ayollari tashkilotini tasdiqladi" in latest[0].body
    entry = ModelLogEntry.objects.filter(action="participation.organisation_verified").get()
    assert organisation_notify_decision(organisation_id=organisation.pk, occasion=f"{organisation.pk}:{entry.pk}") == 0


def test_a_link_stops_working_once_its_maker_is_no_longer_a_representative(group, people, resident):
    organisation, _leader = group
    maker = MembershipFactory(organisation=organisation, user=resident(), role=MembershipRole.REPRESENTATIVE)
    invitation, token = svc.invitation_create(
        organisation=organisation, by=maker.user, role=MembershipRole.REPRESENTATIVE, now=T0
    )
    svc.membership_end(membership=maker, by=people.resident, now=T0)
    invitation.refresh_from_db()
    assert invitation.withdrawn_at == T0
    stranger = resident()
    with pytest.raises(ServiceError) as refused:
        svc.invitation_accept(token=token, user=stranger, now=T0 + timedelta(hours=1))
    assert refused.value.message == svc.INVITATION_WITHDRAWN
    assert not organisation.memberships.filter(user=stranger).exists()


def test_a_link_is_checked_against_its_maker_rights_when_accepted(group, people, resident):
    """Even a link not withdrawn (a membership ended some other way) is refused at acceptance."""
    organisation, _leader = group
    maker = MembershipFactory(organisation=organisation, user=resident(), role=MembershipRole.REPRESENTATIVE)
    _invitation, token = svc.invitation_create(
        organisation=organisation, by=maker.user, role=MembershipRole.REPRESENTATIVE, now=T0
    )
    type(maker).objects.filter(pk=maker.pk).update(ends_on=T0.date())
    with pytest.raises(ServiceError) as refused:
        svc.invitation_accept(token=token, user=resident(), now=T0 + timedelta(hours=1))
    assert refused.value.message == svc.INVITATION_WITHDRAWN
    assert organisation.memberships.count() == 2


def test_a_link_to_an_organisation_whose_verification_lapsed_is_refused(group, people, resident):
    organisation, _leader = group
    _invitation, token = svc.invitation_create(organisation=organisation, by=people.resident, now=T0)
    type(organisation).objects.filter(pk=organisation.pk).update(verification_expires_on=T0.date())
    with pytest.raises(ServiceError) as refused:
        svc.invitation_accept(token=token, user=resident(), now=T0 + timedelta(hours=1))
    assert refused.value.message == svc.INVITATION_CLOSED
    assert organisation.memberships.count() == 1


def test_leaving_withdraws_the_links_one_made(group, people, resident):
    organisation, _leader = group
    maker = MembershipFactory(organisation=organisation, user=resident(), role=MembershipRole.REPRESENTATIVE)
    pending, _token = svc.invitation_create(organisation=organisation, by=maker.user, now=T0)
    others, _token = svc.invitation_create(organisation=organisation, by=people.resident, now=T0)
    svc.membership_end(membership=maker, by=maker.user, now=T0)
    pending.refresh_from_db()
    others.refresh_from_db()
    assert (pending.withdrawn_at, others.withdrawn_at) == (T0, None)


def test_a_representative_withdraws_an_unused_link_and_it_lets_nobody_in(group, people, resident):
    organisation, _leader = group
    member = MembershipFactory(organisation=organisation, user=resident()).user
    invitation, token = svc.invitation_create(organisation=organisation, by=people.resident, now=T0)
    with pytest.raises(ServiceError) as refused:
        svc.invitation_withdraw(invitation=invitation, by=member, now=T0)
    assert refused.value.message == svc.NOT_ALLOWED_WITHDRAW
    svc.invitation_withdraw(invitation=invitation, by=people.resident, now=T0)
    assert invitation.withdrawn_at == T0
    assert ModelLogEntry.objects.filter(action="participation.organisation_invitation_withdrawn").count() == 1
    with pytest.raises(ServiceError) as again:
        svc.invitation_withdraw(invitation=invitation, by=people.resident, now=T0)
    assert again.value.message == svc.INVITATION_NOT_PENDING
    with pytest.raises(ServiceError) as closed:
        svc.invitation_accept(token=token, user=resident(), now=T0 + timedelta(hours=1))
    assert closed.value.message == svc.INVITATION_WITHDRAWN
    assert organisation.memberships.count() == 2
