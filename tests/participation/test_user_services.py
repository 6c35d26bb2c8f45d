from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from participation.exceptions import VERIFY_ALREADY, VERIFY_NOT_ALLOWED, VERIFY_SELF, ServiceError
from participation.models import IdentityVerification, StaffRoleKind, User, VerificationLevel
from participation.services.users import (
    user_email_confirmed,
    user_profile_set,
    user_purge_unverified,
    user_verify_in_person,
)
from participation.tasks import purge_unverified_accounts
from tests.factories import UserFactory


def test_in_person_verification_records_who_and_when(tree, make_staff):
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    resident = UserFactory(home_territory=tree.navbahor)
    user_verify_in_person(user=resident, verified_by=manager, note="passport AB1234567")

    resident.refresh_from_db()
    assert resident.verification_level == VerificationLevel.IN_PERSON
    record = IdentityVerification.objects.get(user=resident)
    assert (record.verified_by, record.method, record.note) == (manager, "in_person", "passport AB1234567")
    assert timezone.now() - record.created_at < timedelta(minutes=1)
    log = ModelLogEntry.objects.get(action="participation.verify_in_person")
    assert (log.user_id, log.object_id) == (manager.pk, str(resident.pk))


@pytest.mark.parametrize(
    ("who", "message"),
    [("self", VERIFY_SELF), ("other_district_manager", VERIFY_NOT_ALLOWED), ("moderator", VERIFY_NOT_ALLOWED)],
)
def test_in_person_verification_refusals_change_nothing(tree, make_staff, who, message):
    resident = UserFactory(home_territory=tree.navbahor)
    actors = {
        "self": resident,
        "other_district_manager": make_staff(StaffRoleKind.MANAGER, tree.zomin),
        "moderator": make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon),
    }
    with pytest.raises(ServiceError) as caught:
        user_verify_in_person(user=resident, verified_by=actors[who])
    assert caught.value.message == message
    resident.refresh_from_db()
    assert resident.verification_level == VerificationLevel.NONE
    assert not IdentityVerification.objects.exists()


def test_verifying_twice_is_refused(tree, make_staff):
    manager = make_staff(StaffRoleKind.MANAGER, tree.namangan)
    resident = UserFactory(home_territory=tree.navbahor)
    user_verify_in_person(user=resident, verified_by=manager)
    with pytest.raises(ServiceError, match=str(VERIFY_ALREADY)):
        user_verify_in_person(user=resident, verified_by=manager)
    assert IdentityVerification.objects.count() == 1


def test_email_confirmation_raises_level_once_and_never_lowers_it(db):
    user = UserFactory()
    assert user_email_confirmed(user=user) is True
    assert user_email_confirmed(user=user) is False
    assert User.objects.get(pk=user.pk).verification_level == VerificationLevel.EMAIL
    User.objects.filter(pk=user.pk).update(verification_level=VerificationLevel.IN_PERSON)
    assert user_email_confirmed(user=user) is False
    assert User.objects.get(pk=user.pk).verification_level == VerificationLevel.IN_PERSON


def test_demographics_are_kept_only_with_consent(tree):
    user = UserFactory()
    user_profile_set(
        user=user,
        full_name="Dilnoza Karimova",
        preferred_language="ru",
        home_territory=tree.navbahor,
        gender="female",
        birth_year=1990,
        demographics_consent=True,
    )
    user.refresh_from_db()
    assert (user.gender, user.birth_year, user.preferred_language) == ("female", 1990, "ru")
    assert user.demographics_consent_at is not None
    # Withdrawing consent erases the data, not just the flag.
    user_profile_set(
        user=user,
        full_name="Dilnoza Karimova",
        preferred_language="ru",
        home_territory=tree.navbahor,
        gender="female",
        birth_year=1990,
        demographics_consent=False,
    )
    user.refresh_from_db()
    assert (user.gender, user.birth_year, user.demographics_consent_at) == ("", None, None)


def test_database_refuses_demographics_without_consent(db):
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(gender="female")


def test_purge_removes_only_stale_unverified_accounts(tree, make_staff):
    long_ago = timezone.now() - timedelta(days=30)
    stale = UserFactory(verified_email=False, date_joined=long_ago)
    fresh = UserFactory(verified_email=False)
    confirmed = UserFactory(date_joined=long_ago)  # has a verified EmailAddress
    staff = make_staff(StaffRoleKind.EDITOR, tree.zomin, verified_email=False, date_joined=long_ago)
    assert user_purge_unverified() == 1
    remaining = set(User.objects.values_list("pk", flat=True))
    assert stale.pk not in remaining
    assert {fresh.pk, confirmed.pk, staff.pk} <= remaining
    assert purge_unverified_accounts.delay().get() == 0  # the beat task is idempotent
