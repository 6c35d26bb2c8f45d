"""One-time codes by text message, and confirming a person's phone with one.

The service API other features call (the operator desk and the kiosk, issue 17):

``phone_code_send(phone=..., purpose=..., user=..., ip=..., reference=..., what=...)``
    Sends a new six-digit code to ``phone`` for ``purpose`` (``PhoneCodePurpose``), replacing
    the person's previous one for the same purpose and ``reference``. Counts the per-number and
    per-address limits first. When the gateway fails, nothing is left behind: the new code is
    rolled back (the previous one, delivered earlier, stays as it was) and ``SmsUnavailable``
    is raised. ``what`` is a short, already translated description of a consented act, put in
    the text message so the resident knows what the code allows.

``phone_code_check(phone=..., purpose=..., code=..., user=..., ip=..., reference=...)``
    Spends the code if it is right, live and not worn out by wrong guesses; otherwise raises
    ``CodeRefused`` with the reason to show. Each wrong guess counts (committed even though the
    call raises); the code dies after ``PHONE_CODE_MAX_TRIES``.

Both raise ``ServiceError`` subclasses only (``InvalidPhone``, ``RateLimited``,
``RateLimitUnavailable`` when Redis is down, ``SmsUnavailable``, ``CodeRefused``), each with a
translated message a view shows in a form: nothing here answers a 500 to a resident.

On top of them: ``phone_verify_send`` / ``user_phone_verify`` (a signed-in person adds a number
to their account) and ``phone_sign_in_send`` / ``phone_sign_in`` (a person signs in with the
number they confirmed).
"""

import secrets
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.exceptions import ServiceError
from participation.identity import sms
from participation.identity.models import PhoneCode, PhoneCodePurpose
from participation.identity.phones import phone_masked, phone_normalise
from participation.identity.selectors import phone_verified_by_another, user_with_verified_phone
from participation.models import IdentityVerification, User, VerificationLevel
from participation.ratelimit import rate_limit

SMS_FAILED = gettext_lazy(
    "We could not send the text message just now. Nothing was changed; please try again in a few minutes."
)
CODE_WRONG = gettext_lazy("This code is not right. Check the text message and try again.")
CODE_DEAD = gettext_lazy("This code is no longer valid. Ask for a new one.")
CODE_WORN_OUT = gettext_lazy("Too many wrong codes. Ask for a new one.")
PHONE_TAKEN = gettext_lazy(
    "This number already confirms another account. One phone number can confirm only one person: "
    "if the number is yours, sign in to that account, or ask at a public service centre."
)
TRY_AGAIN = gettext_lazy("A code is being sent to this number already. Please wait a moment and try again.")
CODE_LENGTH = 6


class SmsUnavailable(ServiceError):
    """The gateway did not take the message; nothing was kept."""


class CodeRefused(ServiceError):
    """The code is wrong, expired, used, or worn out by wrong guesses."""


class PhoneTaken(ServiceError):
    """Another account has confirmed this number."""


def _code_hash(phone: str, purpose: str, code: str) -> str:
    # Keyed with SECRET_KEY: six digits are a million guesses, so a plain hash would be no hash.
    return salted_hmac("participation.identity.phone_code", f"{purpose}:{phone}:{code}", algorithm="sha256").hexdigest()


def _number_counter(phone: str) -> SimpleNamespace:
    """The number as ``rate_limit`` counts a person: its keyed hash, so Redis never holds it."""
    return SimpleNamespace(pk=salted_hmac("participation.identity.phone_limit", phone).hexdigest()[:32])


def _message(purpose: str, code: str, what: str) -> str:
    minutes = settings.PHONE_CODE_TTL_SECONDS // 60
    if purpose == PhoneCodePurpose.CONSENT:
        text = _("Ishtirok: code %(code)s to agree that a centre acts for you: %(what)s.") % {
            "code": code,
            "what": what,
        }
    elif purpose == PhoneCodePurpose.SIGN_IN:
        text = _("Ishtirok: your sign-in code is %(code)s.") % {"code": code}
    else:
        text = _("Ishtirok: your code to confirm this number is %(code)s.") % {"code": code}
    return " ".join([text, _("Valid for %(minutes)s minutes. Do not tell it to anyone.") % {"minutes": minutes}])


def phone_code_send(
    *, phone: str, purpose: str, user: User | None = None, ip: str = "", reference: str = "", what: str = ""
) -> PhoneCode:
    phone = phone_normalise(phone)
    rate_limit("phone_code_send", user=_number_counter(phone), ip=ip)
    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    now = timezone.now()
    try:
        with transaction.atomic():
            PhoneCode.objects.filter(phone=phone, purpose=purpose, user=user, reference=reference).delete()
            record = PhoneCode.objects.create(
                phone=phone,
                purpose=purpose,
                user=user,
                reference=reference,
                code_hash=_code_hash(phone, purpose, code),
                created_at=now,
                expires_at=now + timedelta(seconds=settings.PHONE_CODE_TTL_SECONDS),
            )
            # Inside the transaction: a message the gateway refused rolls the code back.
            sms.send(phone, _message(purpose, code, what))
    except sms.SmsError:
        raise SmsUnavailable(SMS_FAILED) from None
    except IntegrityError:  # the same person asked twice at once; the other request sends it
        raise ServiceError(TRY_AGAIN) from None
    return record


def phone_code_check(
    *, phone: str, purpose: str, code: str, user: User | None = None, ip: str = "", reference: str = ""
) -> None:
    phone = phone_normalise(phone)
    rate_limit("phone_code_check", ip=ip)
    typed = "".join(ch for ch in code or "" if ch.isdigit())
    refusal = None
    with transaction.atomic():
        record = (
            PhoneCode.objects.select_for_update()
            .filter(phone=phone, purpose=purpose, user=user, reference=reference)
            .first()
        )
        if (
            record is None
            or record.expires_at <= timezone.now()
            or record.failed_tries >= settings.PHONE_CODE_MAX_TRIES
        ):
            refusal = CODE_WORN_OUT if record and record.failed_tries >= settings.PHONE_CODE_MAX_TRIES else CODE_DEAD
        elif len(typed) != CODE_LENGTH or not constant_time_compare(
            _code_hash(phone, purpose, typed), record.code_hash
        ):
            record.failed_tries += 1
            record.save(update_fields=["failed_tries"])
            refusal = CODE_WORN_OUT if record.failed_tries >= settings.PHONE_CODE_MAX_TRIES else CODE_WRONG
        else:
            record.delete()  # spent: a code works once
    # Raised after the transaction, so the wrong guess stays counted.
    if refusal is not None:
        raise CodeRefused(refusal)


# --- A signed-in person confirms a number -----------------------------------------------------


def phone_verify_send(*, user: User, phone: str, ip: str = "") -> PhoneCode:
    """Send the code that confirms ``phone`` for ``user``; a number another account confirmed is
    refused before any message goes out (the refusal names nobody)."""
    phone = phone_normalise(phone)
    if phone_verified_by_another(phone, user):
        raise PhoneTaken(PHONE_TAKEN)
    return phone_code_send(phone=phone, purpose=PhoneCodePurpose.VERIFY, user=user, ip=ip)


def user_phone_verify(*, user: User, phone: str, code: str, ip: str = "") -> User:
    """With the right code, ``phone`` becomes ``user``'s confirmed number (replacing any earlier
    one); the verification level rises to at least PHONE (a higher level stays) and the
    confirmation is recorded in ``IdentityVerification``. The database keeps a confirmed number
    to one account, also when two people confirm the same number at the same moment."""
    phone = phone_normalise(phone)
    if phone_verified_by_another(phone, user):
        raise PhoneTaken(PHONE_TAKEN)
    phone_code_check(phone=phone, purpose=PhoneCodePurpose.VERIFY, code=code, user=user, ip=ip)
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = User.objects.select_for_update().get(pk=user.pk)
            locked.phone = phone
            locked.phone_verified_at = now
            locked.verification_level = max(locked.verification_level, VerificationLevel.PHONE)
            locked.save(update_fields=["phone", "phone_verified_at", "verification_level"])
            # Written also when the level was higher already: the audit shows every proof.
            IdentityVerification.objects.create(
                user=locked,
                level=VerificationLevel.PHONE,
                method=IdentityVerification.Method.PHONE,
                note=f"phone {phone_masked(phone)}",
                created_at=now,
            )
    except IntegrityError:  # another account confirmed the number between the check and now
        raise PhoneTaken(PHONE_TAKEN) from None
    user.phone, user.phone_verified_at, user.verification_level = phone, now, locked.verification_level
    return user


# --- Signing in with a confirmed number -------------------------------------------------------


def phone_sign_in_send(*, phone: str, ip: str = "") -> None:
    """Send a sign-in code if an account confirmed ``phone``. For a number no account confirmed
    nothing is sent, and the caller shows the same page: whether a number has an account is
    nobody's business. The limits count either way."""
    phone = phone_normalise(phone)
    user = user_with_verified_phone(phone)
    if user is None:
        rate_limit("phone_code_send", user=_number_counter(phone), ip=ip)
        return
    phone_code_send(phone=phone, purpose=PhoneCodePurpose.SIGN_IN, user=user, ip=ip)


def phone_sign_in(*, phone: str, code: str, ip: str = "") -> User:
    """The account that ``phone`` confirms, if ``code`` is the sign-in code sent to it."""
    phone = phone_normalise(phone)
    user = user_with_verified_phone(phone)
    if user is None:
        rate_limit("phone_code_check", ip=ip)
        raise CodeRefused(CODE_DEAD)
    phone_code_check(phone=phone, purpose=PhoneCodePurpose.SIGN_IN, code=code, user=user, ip=ip)
    return user


def phone_codes_purge(*, now=None) -> int:
    """Delete the codes that can no longer be used (a code is deleted when spent; these expired
    unused). Safe to run at any time."""
    now = now or timezone.now()
    deleted, _per_model = PhoneCode.objects.filter(expires_at__lte=now).delete()
    return deleted
