"""A per-address request limit on the API, counted by ``participation.ratelimit``.

The same counters as residents' actions (clock-aligned windows in Redis, the same client
address rule), under the action ``api_read`` of ``settings.RATE_LIMITS``, so every web
process shares the count and operators tune it like any other limit. When Redis cannot be
reached nobody can be counted: the answer is 503 with ``Retry-After``, never a 500 and never
an API without a limit (see ``participation.cache``).
"""

import time

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.throttling import BaseThrottle

from participation.ratelimit import RateLimited, RateLimitUnavailable, client_ip, rate_limit, window_bounds

ACTION = "api_read"
RETRY_AFTER_UNAVAILABLE = 60


class APIUnavailable(APIException):
    """The counters cannot be reached. DRF sends ``wait`` as ``Retry-After``."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The API is unavailable for a moment because of a fault on our side. Please try again shortly.")
    default_code = "unavailable"
    wait = RETRY_AFTER_UNAVAILABLE


class AddressRateThrottle(BaseThrottle):
    """``RATE_LIMITS["api_read"]["ip"]`` = (count, seconds) requests per address per window."""

    retry_after = None

    def allow_request(self, request, view):
        now = time.time()
        try:
            rate_limit(ACTION, ip=client_ip(request._request), now=now)
        except RateLimitUnavailable as error:
            raise APIUnavailable from error
        except RateLimited:
            # Refused until the window ends: that is when its counter expires.
            _limit, window = settings.RATE_LIMITS[ACTION]["ip"]
            _start, end = window_bounds(window, now)
            self.retry_after = max(1, int(end - now))
            return False
        return True

    def wait(self):
        return self.retry_after
