"""Development and tests: the message is printed (like Django's console e-mails) and the last
ones are kept in the cache, so the ``/dev/sms/`` page of a DEBUG server can show the code."""

import sys

from django.core.cache import cache
from django.utils import timezone

KEPT_KEY = "identity:sms:console:last"
KEPT = 20
# Long enough to read a code during a demo, short enough that none lingers.
KEPT_SECONDS = 3600


class ConsoleBackend:
    def send(self, to_e164: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to_e164}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()
        kept = cache.get(KEPT_KEY) or []
        kept.insert(0, {"to": to_e164, "text": text, "at": timezone.now()})
        cache.set(KEPT_KEY, kept[:KEPT], KEPT_SECONDS)


def last_messages() -> list[dict]:
    """The last messages sent, newest first (``to``, ``text``, ``at``)."""
    return cache.get(KEPT_KEY) or []
