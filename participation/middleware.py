"""A shared service that is down (Redis as cache or broker) gives a resident a clear page, not a 500.

``participation.cache`` already serves pages without the cache and ``participation.ratelimit``
turns a counter it cannot reach into a form error, input kept; services queue their work
through the outbox (``participation.queue``), which never raises. What is left is code we do
not own that needs a counter or a lock, such as allauth's sign-in limits: when it cannot reach
Redis, this middleware answers 503 in the visitor's language with ``Retry-After``, instead of a
500 that tells people nothing and invites them to resend. It is one place for every view, so no
view needs its own ``try``.

Nothing is half-done by the time the error arrives here: the checks that can raise it (limits,
locks, one-time codes) run before the view writes anything, and our own writes never wait on
Redis (the outbox is a database row).
"""

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from participation.cache import CacheUnavailable

logger = logging.getLogger(__name__)

# Seconds a client (or a proxy) should wait before trying again: Redis restarts in seconds,
# and a minute keeps a waiting crowd from hammering a recovering server.
RETRY_AFTER = 60

# Redis only: a mail server that is down is another fault (what was saved before the e-mail
# differs per view), which this page's "nothing was saved" would misdescribe.
SERVICE_DOWN = (CacheUnavailable, BrokerUnavailable, RedisConnectionError, RedisTimeoutError)


def service_unavailable(request) -> HttpResponse:
    """The 503 page, in the active language. It needs neither the cache nor the database."""
    response = HttpResponse(render_to_string("503.html", request=None), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    # A proxy must not keep this page in place of the real one.
    response["Cache-Control"] = "no-store"
    return response


class ServiceUnavailableMiddleware:
    """Answers 503 when a view fails because Redis (cache or broker) cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SERVICE_DOWN):
            return None
        logger.error(
            "A shared service is unreachable; answered %s %s with 503.",
            request.method,
            request.path,
            exc_info=exception,
        )
        return service_unavailable(request)
