"""Sending a text message, through whichever gateway ``SMS_BACKEND`` names.

Every caller uses ``send(to_e164, text)`` and handles one exception, ``SmsError``: a timeout,
an HTTP error, bad credentials and a refusal by the provider look the same to a resident ("the
message could not be sent, try again"), and the caller must undo what it prepared for a
message that never left (a one-time code nobody received must not stay usable).

Backends: ``console`` (development and tests: printed and kept for the ``/dev/sms/`` page),
``eskiz`` (notify.eskiz.uz) and ``playmobile`` (Playmobile's broker API). A dotted path to a
class with a ``send(to_e164, text)`` method is accepted too.
"""

from django.conf import settings
from django.utils.module_loading import import_string

BACKENDS = {
    "console": "participation.identity.sms.console.ConsoleBackend",
    "eskiz": "participation.identity.sms.eskiz.EskizBackend",
    "playmobile": "participation.identity.sms.playmobile.PlaymobileBackend",
}


class SmsError(Exception):
    """The message was not accepted by the gateway (for whatever reason); nothing was sent."""


def get_backend():
    name = settings.SMS_BACKEND
    return import_string(BACKENDS.get(name, name))()


def send(to_e164: str, text: str) -> None:
    """Hand ``text`` to the gateway for the number ``to_e164`` (``+998…``). Raises ``SmsError``
    when the gateway did not take it."""
    get_backend().send(to_e164, text)
