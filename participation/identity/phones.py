"""Phone numbers: only Uzbek mobile numbers, kept in E.164 (``+998901234567``).

People type a number every way ("90 123 45 67", "+998 90 123-45-67", "998901234567");
``phonenumbers`` reads them all against the UZ plan and knows which ranges are mobile. A
landline cannot receive a code, and a foreign number cannot confirm a resident of Uzbekistan.
"""

import phonenumbers
from django.utils.translation import gettext_lazy as _

from participation.exceptions import ServiceError

NOT_A_NUMBER = _("This is not a phone number. Write it as +998 90 123 45 67.")
NOT_UZBEK_MOBILE = _("Only an Uzbek mobile number (+998) can receive the code.")

MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


class InvalidPhone(ServiceError):
    """The text is not an Uzbek mobile number."""


def phone_normalise(raw: str) -> str:
    """The Uzbek mobile number ``raw`` in E.164; raises ``InvalidPhone`` with a message to show."""
    try:
        number = phonenumbers.parse((raw or "").strip(), "UZ")
    except phonenumbers.NumberParseException:
        raise InvalidPhone(NOT_A_NUMBER) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(NOT_A_NUMBER)
    if phonenumbers.region_code_for_number(number) != "UZ" or phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise InvalidPhone(NOT_UZBEK_MOBILE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str) -> str:
    """How the number is written for people: ``+998 90 123 45 67``."""
    if len(e164) == 13 and e164.startswith("+998"):
        d = e164[4:]
        return f"+998 {d[:2]} {d[2:5]} {d[5:7]} {d[7:]}"
    return e164


def phone_masked(e164: str) -> str:
    """The number with its middle hidden (``+998 90 *** ** 67``), for pages another person may see."""
    shown = phone_display(e164)
    if len(shown) != 17:
        return shown
    return f"{shown[:8]}*** **{shown[14:]}"
