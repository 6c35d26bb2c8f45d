"""Sealing a ballot until the count: AES-GCM under a key that never enters the database.

A sealed ballot sits next to its voter's participation (same transaction, neighbouring rows),
so the seal must hide everything: the plaintext is padded to a fixed size, so the length of a
ciphertext does not tell how many projects were chosen, and a random nonce makes two equal
ballots look different. Fernet is not used because its tokens carry the time they were made
in the clear, which is exactly what must not be kept.

The key comes from ``PB_BALLOT_SEAL_KEY`` (32 random bytes, URL-safe base64) or, when that is
unset, is derived from ``SECRET_KEY``; either way it lives in the server's environment, not in
the database or its backups (docs/ballot-secrecy.md says what that does and does not protect).
"""

import base64
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

# Every sealed ballot is this long before encryption (a ballot that does not fit takes the
# next multiple: only a ballot of roughly 60 or more choices is longer than the rest).
PADDED_SIZE = 1024
_NONCE_BYTES = 12
_PURPOSE = b"proposals.budgeting.sealed-ballot.v1"


def _derived(secret: str) -> bytes:
    return salted_hmac("proposals.budgeting.sealing", "ballot-seal-key", secret=secret, algorithm="sha256").digest()


def _keys() -> list[bytes]:
    """The sealing key first, then older ones that may still open ballots sealed before a
    rotation: the derived keys of ``SECRET_KEY_FALLBACKS``, so rotating ``SECRET_KEY`` the way
    Django documents (old key kept as a fallback until the count) never loses a vote."""
    configured = getattr(settings, "PB_BALLOT_SEAL_KEY", "")
    if configured:
        key = base64.urlsafe_b64decode(configured.encode() + b"=" * (-len(configured) % 4))
        if len(key) != 32:
            raise ValueError("PB_BALLOT_SEAL_KEY must be 32 bytes in URL-safe base64")
        return [key]
    return [_derived(secret) for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]]


def seal(cycle_id: int, payload: dict) -> bytes:
    """The ciphertext of ``payload`` (JSON-serialisable), bound to its cycle: a sealed ballot
    copied into another cycle fails to open."""
    plain = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    size = max(PADDED_SIZE, -(-(len(plain) + 1) // PADDED_SIZE) * PADDED_SIZE)
    padded = plain + b"\n" + b" " * (size - len(plain) - 1)
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_keys()[0]).encrypt(nonce, padded, _PURPOSE + b":" + str(cycle_id).encode())


def unseal(cycle_id: int, sealed: bytes) -> dict:
    """The payload of a sealed ballot; raises ``cryptography.exceptions.InvalidTag`` when the
    ciphertext was altered, belongs to another cycle or was sealed under another key."""
    sealed = bytes(sealed)
    nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
    associated = _PURPOSE + b":" + str(cycle_id).encode()
    keys = _keys()
    for key in keys[:-1]:
        try:
            return _payload(AESGCM(key).decrypt(nonce, body, associated))
        except InvalidTag:
            continue
    return _payload(AESGCM(keys[-1]).decrypt(nonce, body, associated))


def _payload(padded: bytes) -> dict:
    return json.loads(padded.split(b"\n", 1)[0])
