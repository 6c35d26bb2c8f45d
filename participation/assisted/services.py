"""Acting for a resident who is present: registering them, verifying them in person, taking their
consent for one act, and running that act through the feature's own service as the resident.

The features call ``assisted_act_run`` (with their own small adapter: see
``proposals/petitions/assisted.py``), which wraps their service in ``acting_through(ASSISTED)``
and one transaction with ``assisted_act_record``."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from participation.assisted.models import AssistedAct, ConsentMethod
from participation.demographics import acting_through
from participation.exceptions import ServiceError
from participation.identity.models import PhoneCodePurpose
from participation.identity.phones import phone_masked, phone_normalise
from participation.identity.selectors import user_with_verified_phone
from participation.identity.services import phone_code_check, phone_code_send, phone_verify_send, user_phone_verify
from participation.models import Channel, DocumentType, Territory, TerritoryKind, User
from participation.services.users import user_verify_in_person


@dataclass(frozen=True)
class Assistance:
    """An operator helping one resident who is present and has consented.

    Features receive it from their view (the operator's session) and act as ``resident`` with
    the ``assisted`` channel; nothing here decides whether the operator may act.
    """

    operator: User
    resident: User
    centre_id: int | None
    consent_method: str
    consent_reference: str


def assisted_act_record(
    *, assistance: Assistance, kind: str, target, territory: Territory | None = None, now: datetime | None = None
) -> AssistedAct:
    """Record that ``assistance.operator`` did ``kind`` for the resident, creating ``target``.

    Must run inside the act's transaction: the act and its record commit together.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("assisted_act_record must run inside the act's transaction")
    act = AssistedAct.objects.create(
        resident=assistance.resident,
        operator=assistance.operator,
        centre_id=assistance.centre_id,
        kind=kind,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=str(target.pk),
        territory=territory if territory is not None else assistance.resident.home_territory,
        consent_method=assistance.consent_method,
        consent_reference=assistance.consent_reference,
        created_at=now or timezone.now(),
    )
    log(
        instance=assistance.resident,
        action="participation.assisted_act",
        user=assistance.operator,
        data={"kind": kind, "act": act.pk, "centre": assistance.centre_id},
    )
    return act


# --- Residents an operator registers, finds and verifies ------------------------------------

NOT_AN_OPERATOR_HERE = gettext_lazy("You may act only for residents of the territories where you are an operator.")
REGISTER_NOT_HERE = gettext_lazy("You may register only residents of the mahallas where you are an operator.")
MAHALLA_NEEDED = gettext_lazy("Choose the resident's mahalla.")
NAME_NEEDED = gettext_lazy("Write the resident's full name.")
PHONE_HAS_ACCOUNT = gettext_lazy(
    "This number already confirms an account: %(name)s, %(mahalla)s. Open that account instead of making a new one."
)
MAYBE_DUPLICATE = gettext_lazy(
    "Residents with this name or number already have an account. Open one of them, or confirm that none of them "
    "is this person."
)
DOCUMENT_NEEDED = gettext_lazy("Choose the kind of document you saw.")
NO_PHONE = gettext_lazy("This resident has no phone number: use a signed paper consent form.")
HAS_PHONE = gettext_lazy("This resident has a phone: the code sent to it is the consent.")
CONSENT_NEEDED = gettext_lazy("The resident's consent is needed: the code from their phone, or a paper form number.")
PAPER_FORM_USED = gettext_lazy(
    "This consent form number was used for another act already. Each act needs its own signed form."
)
ALREADY_DONE = gettext_lazy("The resident has done this already; nothing was changed.")
CONSENT_EXPIRED = gettext_lazy("The resident's consent has expired or was used. Ask for it again.")
PAPER_FORM_MAX = 64
# An operator's consent is good for the act it was given for and for this long (the ballot of
# an assisted vote is filled in after the consent: the resident reads the projects first).
CONSENT_TTL = timedelta(minutes=15)


class PossibleDuplicate(ServiceError):
    """Accounts that may be this person exist; ``matches`` lists them."""

    def __init__(self, message, matches):
        super().__init__(message)
        self.matches = matches


def _check_assist(operator: User, resident: User) -> None:
    if not operator.has_perm("participation.assist_resident", resident):
        raise ServiceError(NOT_AN_OPERATOR_HERE)


def resident_register(
    *,
    operator: User,
    full_name: str,
    mahalla: Territory | None,
    phone: str | None = None,
    preferred_language: str | None = None,
    not_a_duplicate: bool = False,
) -> User:
    """Make an account for a resident who has no e-mail, at the operator's desk.

    The operator searched first (``selectors.residents_matching``); if people with this name in
    this mahalla, or this number, exist and the operator did not confirm that none of them is
    the resident, ``PossibleDuplicate`` lists them and nothing is written. A number confirmed by
    another account points to that account instead. The number typed here stays unconfirmed
    until the resident types the code sent to it. Written to the audit log.
    """
    from participation.assisted.selectors import residents_matching

    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ServiceError(NAME_NEEDED)
    if mahalla is None or mahalla.kind != TerritoryKind.MAHALLA:
        raise ServiceError(MAHALLA_NEEDED)
    if not operator.has_perm("participation.register_resident", mahalla):
        raise ServiceError(REGISTER_NOT_HERE)
    phone = phone_normalise(phone) if phone and phone.strip() else None
    if phone:
        owner = user_with_verified_phone(phone)
        if owner is not None:
            raise PossibleDuplicate(
                PHONE_HAS_ACCOUNT % {"name": owner.full_name, "mahalla": getattr(owner.home_territory, "name", "")},
                [owner],
            )
    if not not_a_duplicate:
        matches = list(residents_matching(full_name=full_name, mahalla=mahalla, phone=phone))
        if matches:
            raise PossibleDuplicate(MAYBE_DUPLICATE, matches)
    with transaction.atomic():
        resident = User(
            email=None,
            full_name=full_name,
            home_territory=mahalla,
            phone=phone,
            registered_by=operator,
            preferred_language=preferred_language or settings.LANGUAGE_CODE,
        )
        resident.set_unusable_password()
        resident.save()
        log(
            instance=resident,
            action="participation.resident_registered",
            user=operator,
            data={"mahalla": mahalla.pk, "phone": bool(phone)},
        )
    return resident


def resident_verify_in_person(*, operator: User, resident: User, document_type: str) -> User:
    """The operator saw the resident and an identity document of ``document_type``; the number
    of the document is never asked for nor kept. Level IN_PERSON, audited."""
    if document_type not in DocumentType.values:
        raise ServiceError(DOCUMENT_NEEDED)
    return user_verify_in_person(user=resident, verified_by=operator, document_type=document_type)


def resident_phone_code_send(*, operator: User, resident: User, ip: str = "") -> None:
    """Send the code that confirms the number the operator typed for the resident."""
    _check_assist(operator, resident)
    if not resident.phone:
        raise ServiceError(NO_PHONE)
    phone_verify_send(user=resident, phone=resident.phone, ip=ip)


def resident_phone_confirm(*, operator: User, resident: User, code: str, ip: str = "") -> User:
    """The resident typed the code: their number is confirmed (level PHONE at least)."""
    _check_assist(operator, resident)
    if not resident.phone:
        raise ServiceError(NO_PHONE)
    user_phone_verify(user=resident, phone=resident.phone, code=code, ip=ip)
    log(instance=resident, action="participation.resident_phone_confirmed", user=operator, data={})
    return resident


# --- Consent, per act ------------------------------------------------------------------------


def consent_code_send(*, operator: User, resident: User, reference: str, what: str, ip: str = "") -> None:
    """Send the resident a one-time code that consents to one act (``reference``), the message
    saying ``what`` (already in the resident's language). A gateway failure raises
    ``SmsUnavailable`` and leaves nothing behind."""
    _check_assist(operator, resident)
    if not resident.phone:
        raise ServiceError(NO_PHONE)
    phone_code_send(
        phone=resident.phone, purpose=PhoneCodePurpose.CONSENT, user=resident, ip=ip, reference=reference, what=what
    )


def consent_take(
    *,
    operator: User,
    resident: User,
    centre_id: int | None,
    reference: str,
    code: str = "",
    paper_form: str = "",
    ip: str = "",
) -> Assistance:
    """The resident's consent to the act ``reference``: the code sent to their phone (spent
    here: it works once), or, for a resident without a phone, the number of the signed paper
    form. Raises ``CodeRefused``/``ServiceError`` with the message to show; nothing is done."""
    _check_assist(operator, resident)
    if resident.phone:
        if not (code or "").strip():
            raise ServiceError(CONSENT_NEEDED)
        phone_code_check(
            phone=resident.phone, purpose=PhoneCodePurpose.CONSENT, code=code, user=resident, ip=ip, reference=reference
        )
        return Assistance(
            operator=operator,
            resident=resident,
            centre_id=centre_id,
            consent_method=ConsentMethod.PHONE_CODE,
            consent_reference=phone_masked(resident.phone),
        )
    paper_form = " ".join((paper_form or "").split())[:PAPER_FORM_MAX]
    if not paper_form:
        raise ServiceError(CONSENT_NEEDED)
    if AssistedAct.objects.filter(
        consent_method=ConsentMethod.PAPER_FORM, consent_reference=paper_form, centre_id=centre_id
    ).exists():
        raise ServiceError(PAPER_FORM_USED)
    return Assistance(
        operator=operator,
        resident=resident,
        centre_id=centre_id,
        consent_method=ConsentMethod.PAPER_FORM,
        consent_reference=paper_form,
    )


def assisted_act_run(
    *,
    assistance: Assistance,
    kind: str,
    act: Callable[[], tuple[object, bool]],
    territory: Territory | None = None,
    now: datetime | None = None,
) -> AssistedAct:
    """Run ``act`` (a feature's own service, acting as the resident) for the resident, as an
    assisted act: inside ``acting_through(Channel.ASSISTED)``, in one transaction with its
    record. ``act`` returns ``(row created, whether this call created it)``. An act already done
    by this operator's earlier request (a double submit) returns that record; one the resident
    did otherwise is refused with ``ALREADY_DONE``. Either way nothing is written twice."""
    _check_assist(assistance.operator, assistance.resident)
    with acting_through(Channel.ASSISTED), transaction.atomic():
        target, created = act()
        if not created:
            earlier = AssistedAct.objects.filter(
                target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
                target_id=str(target.pk),
            ).first()
            if earlier is not None:
                return earlier
            raise ServiceError(ALREADY_DONE)
        return assisted_act_record(assistance=assistance, kind=kind, target=target, territory=territory, now=now)
