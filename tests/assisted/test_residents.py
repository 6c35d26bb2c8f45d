"""Registering a resident without e-mail, finding them, verifying them in person."""

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from participation.assisted import services
from participation.assisted.selectors import residents_find
from participation.exceptions import ServiceError
from participation.models import DocumentType, IdentityVerification, User, VerificationLevel
from participation.services.users import user_purge_unverified
from tests.assisted.conftest import PHONE
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def register(operator, tree, **fields):
    fields.setdefault("full_name", "Xadicha Mirzayeva")
    fields.setdefault("mahalla", tree.navbahor)
    return services.resident_register(operator=operator, **fields)


def test_a_resident_without_email_or_phone_is_registered_and_audited(operator, tree):
    person = register(operator, tree, phone=None)
    person.refresh_from_db()
    assert person.email is None and person.phone is None
    assert person.home_territory == tree.navbahor and person.registered_by == operator
    assert not person.has_usable_password()
    assert str(person) == "Xadicha Mirzayeva"
    entry = ModelLogEntry.objects.get(action="participation.resident_registered", object_id=str(person.pk))
    assert entry.user_id == operator.pk


def test_two_residents_without_email_coexist(operator, tree):
    register(operator, tree, full_name="Xadicha Mirzayeva")
    register(operator, tree, full_name="Oysha Karimova")
    assert User.objects.filter(email__isnull=True).count() == 2
    # A blank address from a form is no address, not "" that the next blank one would collide with.
    assert UserFactory(email="", verified_email=False).email is None


def test_a_typed_phone_stays_unconfirmed(operator, tree):
    person = register(operator, tree, phone="90 111 22 33")
    assert person.phone == PHONE and person.phone_verified_at is None
    assert person.verification_level == VerificationLevel.NONE


def test_the_same_name_in_the_same_mahalla_is_shown_before_a_second_account(operator, tree):
    first = register(operator, tree)
    with pytest.raises(services.PossibleDuplicate) as refused:
        register(operator, tree, full_name="  xadicha   MIRZAYEVA ")
    assert refused.value.matches == [first]
    assert User.objects.filter(full_name__iexact="Xadicha Mirzayeva").count() == 1
    # The operator checked: a namesake, another person.
    second = register(operator, tree, not_a_duplicate=True)
    assert second.pk != first.pk


def test_a_number_confirmed_by_someone_points_to_their_account(operator, tree):
    owner = UserFactory(home_territory=tree.navbahor, phone=PHONE, phone_verified_at=timezone.now())
    with pytest.raises(services.PossibleDuplicate) as refused:
        register(operator, tree, full_name="Boshqa Odam", phone=PHONE, not_a_duplicate=True)
    assert refused.value.matches == [owner]
    assert not User.objects.filter(full_name="Boshqa Odam").exists()


def test_an_operator_registers_only_in_their_mahallas(people, tree):
    with pytest.raises(ServiceError):
        register(people.zomin_operator, tree)
    with pytest.raises(ServiceError):
        register(people.operator, tree, mahalla=tree.yangiqorgon)  # a district is not a home
    assert not User.objects.filter(full_name="Xadicha Mirzayeva").exists()


def test_a_registered_resident_is_not_purged_as_an_unconfirmed_signup(operator, tree):
    person = register(operator, tree)
    User.objects.filter(pk=person.pk).update(date_joined=timezone.now() - timezone.timedelta(days=400))
    user_purge_unverified()
    assert User.objects.filter(pk=person.pk).exists()


def test_in_person_verification_records_the_document_type_never_a_number(operator, tree):
    person = register(operator, tree)
    services.resident_verify_in_person(operator=operator, resident=person, document_type=DocumentType.PASSPORT)
    record = IdentityVerification.objects.get(user=person)
    assert (record.level, record.method, record.verified_by) == (
        VerificationLevel.IN_PERSON,
        IdentityVerification.Method.IN_PERSON,
        operator,
    )
    assert record.document_type == DocumentType.PASSPORT and record.note == ""
    assert ModelLogEntry.objects.filter(action="participation.verify_in_person", object_id=str(person.pk)).exists()


def test_verification_needs_a_document_type_and_the_right_operator(people, tree, resident):
    person = resident()
    with pytest.raises(ServiceError):
        services.resident_verify_in_person(operator=people.operator, resident=person, document_type="")
    with pytest.raises(ServiceError):
        services.resident_verify_in_person(
            operator=people.zomin_operator, resident=person, document_type=DocumentType.ID_CARD
        )
    assert not IdentityVerification.objects.filter(user=person, level=VerificationLevel.IN_PERSON).exists()


def test_finding_residents_stays_in_the_operators_territory(people, tree, resident, django_assert_num_queries):
    for number in range(5):
        resident(full_name=f"Xadicha Yoʻldosheva {number}")
    resident(mahalla=tree.duoba, full_name="Xadicha Zominlik")
    operator = people.operator
    operator.has_perm("participation.use_operator_desk")  # the roles, loaded once per request
    with django_assert_num_queries(1):
        found = residents_find(operator, name="xadicha")
    assert len(found) == 5 and all(person.home_territory == tree.navbahor for person in found)
    assert residents_find(people.zomin_operator, name="xadicha")[0].full_name == "Xadicha Zominlik"


def test_the_resident_confirms_the_typed_number_with_a_code(operator, tree):
    from tests.assisted.conftest import last_code

    person = register(operator, tree, phone=PHONE)
    services.resident_phone_code_send(operator=operator, resident=person)
    services.resident_phone_confirm(operator=operator, resident=person, code=last_code())
    person.refresh_from_db()
    assert person.phone_verified_at is not None
    assert person.verification_level == VerificationLevel.PHONE
