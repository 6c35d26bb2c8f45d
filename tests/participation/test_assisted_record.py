"""The record of an assisted act: written with the act, never about a ballot, never for oneself."""

import pytest
from django.db import IntegrityError, transaction

from participation.assisted.services import Assistance, assisted_act_record
from participation.models import AssistedAct, AssistedActKind, ConsentMethod, StaffRoleKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def assistance(tree, resident, make_staff):
    operator = make_staff(StaffRoleKind.OPERATOR, tree.yangiqorgon)
    return Assistance(
        operator=operator,
        resident=resident(),
        centre_id=None,
        consent_method=ConsentMethod.PAPER_FORM,
        consent_reference="PSC-2026-0042",
    )


def test_the_record_names_operator_consent_and_the_residents_mahalla(assistance, tree):
    with transaction.atomic():
        act = assisted_act_record(assistance=assistance, kind=AssistedActKind.QUESTION, target=tree.navbahor)
    act.refresh_from_db()
    assert (act.operator, act.resident, act.territory) == (assistance.operator, assistance.resident, tree.navbahor)
    assert act.consent_reference == "PSC-2026-0042"


@pytest.mark.django_db(transaction=True)
def test_the_record_is_written_only_inside_the_acts_transaction(assistance, tree):
    # Outside a transaction the act could commit without its record (or the record without it).
    with pytest.raises(RuntimeError):
        assisted_act_record(assistance=assistance, kind=AssistedActKind.QUESTION, target=tree.navbahor)
    assert not AssistedAct.objects.exists()


def test_one_act_is_recorded_once(assistance, tree):
    with transaction.atomic():
        assisted_act_record(assistance=assistance, kind=AssistedActKind.QUESTION, target=tree.navbahor)
    with pytest.raises(IntegrityError), transaction.atomic():
        assisted_act_record(assistance=assistance, kind=AssistedActKind.QUESTION, target=tree.navbahor)


def test_nobody_assists_themselves_and_consent_is_always_recorded(assistance, tree):
    for changed in (
        {"resident": assistance.operator},
        {"consent_reference": ""},
    ):
        bad = Assistance(**{**assistance.__dict__, **changed})
        with pytest.raises(IntegrityError), transaction.atomic():
            assisted_act_record(assistance=bad, kind=AssistedActKind.QUESTION, target=tree.navbahor)
