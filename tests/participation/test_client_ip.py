"""The client's address, which the per-address rate limits and the PB anomaly flags count.

Behind the reverse proxy (``TRUST_X_FORWARDED_FOR``) the address is the one the proxy itself
appended to X-Forwarded-For, the last entry: whatever a client writes into the header comes
before it and is never taken. Without a trusted proxy the header is ignored altogether."""

import uuid

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from participation.exceptions import ServiceError
from participation.ratelimit import client_ip, rate_limit

PROXY = "10.0.0.2"
CLIENT = "203.0.113.7"
SPOOFED = "198.51.100.66"


def request(forwarded_for=None, remote_addr=PROXY):
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return RequestFactory().post("/", REMOTE_ADDR=remote_addr, **headers)


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        (CLIENT, CLIENT),  # the proxy wrote the only entry
        (f"{SPOOFED}, {CLIENT}", CLIENT),  # the client sent a header of its own; the proxy appended
        (f"{SPOOFED},{SPOOFED}, {CLIENT}", CLIENT),  # several forged hops change nothing
        (f" {CLIENT} ", CLIENT),  # spaces around the entry
        (None, PROXY),  # no header: the connection's address
        ("", PROXY),
    ],
)
def test_behind_the_trusted_proxy_the_address_the_proxy_appended_counts(settings, forwarded_for, expected):
    settings.TRUST_X_FORWARDED_FOR = True
    assert client_ip(request(forwarded_for)) == expected


@pytest.mark.parametrize("forwarded_for", [SPOOFED, f"{SPOOFED}, {CLIENT}", "", None])
def test_without_a_trusted_proxy_the_header_is_ignored(settings, forwarded_for):
    settings.TRUST_X_FORWARDED_FOR = False
    assert client_ip(request(forwarded_for, remote_addr=CLIENT)) == CLIENT


def test_the_header_is_not_trusted_unless_the_setting_says_so():
    """Off by default: a deployment without a proxy must not let clients choose their address."""
    assert django_settings.TRUST_X_FORWARDED_FOR is False
    assert client_ip(request(SPOOFED, remote_addr=CLIENT)) == CLIENT


def test_a_spoofed_header_does_not_escape_the_per_address_limit(settings):
    """Each request forges a new first hop; the limit still counts the one real address."""
    settings.TRUST_X_FORWARDED_FOR = True
    action = f"probe-{uuid.uuid4().hex}"  # counters of its own in the shared cache
    settings.RATE_LIMITS = {action: {"ip": (2, 60)}}
    for n in range(2):
        rate_limit(action, ip=client_ip(request(f"192.0.2.{n}, {CLIENT}")))
    with pytest.raises(ServiceError):
        rate_limit(action, ip=client_ip(request(f"192.0.2.99, {CLIENT}")))
