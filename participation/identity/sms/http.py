"""What the HTTP gateways share: one short timeout, and every failure turned into ``SmsError``."""

import logging

import requests
from django.conf import settings

from participation.identity.sms import SmsError

logger = logging.getLogger("participation.identity.sms")


def post(url: str, **kwargs) -> requests.Response:
    """POST with the gateway timeout; a network fault or a timeout is an ``SmsError``. The
    caller reads the status: some (Eskiz's 401) mean "try once more", not "failed"."""
    try:
        return requests.post(url, timeout=settings.SMS_TIMEOUT_SECONDS, **kwargs)
    except requests.RequestException as error:
        logger.warning("SMS gateway %s unreachable: %s", url, error.__class__.__name__)
        raise SmsError(f"gateway unreachable: {error.__class__.__name__}") from error


def refused(response: requests.Response, provider: str) -> SmsError:
    # The body may echo the message (and its code): only the status goes to the log.
    logger.warning("SMS gateway %s refused the message: HTTP %s", provider, response.status_code)
    return SmsError(f"{provider} answered HTTP {response.status_code}")


def digits(to_e164: str) -> str:
    """The number as both Uzbek providers want it: country code and number, no "+"."""
    return to_e164.lstrip("+")
