"""The identity rules of OneID: a PINFL is kept only as a keyed hash, and one hash is one account."""

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from participation.exceptions import ServiceError
from participation.models import IdentityVerification, User, VerificationLevel
from participation.services.users import _raise_level

PINFL = re.compile(r"^\d{14}$")

ONEID_ALREADY_LINKED_ELSEWHERE = _(
    "This OneID person already has an account here (%(email)s). One person has one account: "
    "sign out, then sign in to that account, with its password or with OneID."
)
ONEID_ACCOUNT_HAS_OTHER_PERSON = _(
    "Your account is already linked to another person's OneID. Ask a public service centre for help."
)


def pinfl_hash(pinfl: str) -> str:
    """The PINFL as HMAC-SHA256 under ONEID_PINFL_PEPPER, in hex.

    A plain hash of 14 digits is undone by trying them all; with a pepper kept outside the
    database, a copy of the database alone tells nobody whose account is whose.
    """
    pepper = settings.ONEID_PINFL_PEPPER
    if not pepper:
        raise ImproperlyConfigured("Set ONEID_PINFL_PEPPER before OneID is used (docs/identity.md).")
    if not PINFL.match(pinfl):
        raise ValueError("a PINFL is 14 digits")
    return hmac.new(pepper.encode(), pinfl.encode(), hashlib.sha256).hexdigest()


def masked_email(email: str) -> str:
    """Enough of an address for its owner to recognise it, too little for anyone else: d***@demo.test."""
    local, _at, domain = (email or "").partition("@")
    return f"{local[:1]}***@{domain}"


def oneid_owner(*, pinfl_hash: str) -> User | None:
    return User.objects.filter(pinfl_hash=pinfl_hash).first()


def duplicate_person(owner: User) -> ServiceError:
    return ServiceError(ONEID_ALREADY_LINKED_ELSEWHERE % {"email": masked_email(owner.email)})


@transaction.atomic
def oneid_link(*, user: User, pinfl_hash: str, note: str = "") -> User:
    """OneID vouched that ``user`` is the person with this PINFL: keep its hash on the account
    and raise the level to national eID (never lower it), with a verification row.

    A second account for the same person is refused, pointing to the first; nothing is written
    then. Two accounts linking the same person at once meet the unique constraint: the later
    one is refused the same way.
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.pinfl_hash and locked.pinfl_hash != pinfl_hash:
        raise ServiceError(ONEID_ACCOUNT_HAS_OTHER_PERSON)
    owner = User.objects.filter(pinfl_hash=pinfl_hash).exclude(pk=user.pk).first()
    if owner is not None:
        raise duplicate_person(owner)
    if locked.pinfl_hash != pinfl_hash:
        try:
            with transaction.atomic():
                User.objects.filter(pk=user.pk).update(pinfl_hash=pinfl_hash)
        except IntegrityError:
            owner = User.objects.filter(pinfl_hash=pinfl_hash).exclude(pk=user.pk).first()
            raise duplicate_person(owner) if owner else ServiceError(ONEID_ACCOUNT_HAS_OTHER_PERSON) from None
        user.pinfl_hash = pinfl_hash
    _raise_level(
        user=user,
        level=VerificationLevel.NATIONAL_EID,
        method=IdentityVerification.Method.NATIONAL_EID,
        verified_by=None,
        note=note,
    )
    return user
