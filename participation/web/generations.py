"""Generation tokens: one value in the shared cache that says "what you derived from these rows
is out of date".

Whatever is derived from rows and kept (a rendered sitemap page in Redis, a set of keys in a
process's memory) is stored with the token it was built under; a writer that changes those rows
calls ``changed(name)`` inside its transaction, and the new token is written once the transaction
commits, so a rolled-back change throws nothing away and no reader keeps a result built from
rows about to change under the new token.

The token is random rather than a counter: if Redis evicts it (or restarts), the next reader
makes a new one, and results kept under the old token are never used again. With Redis down,
``current`` answers ``None``, and callers build from the database.
"""

import secrets

from django.core.cache import cache
from django.db import transaction


def _key(name: str) -> str:
    return f"generation:{name}"


def renew(name: str) -> str:
    token = secrets.token_hex(8)
    cache.set(_key(name), token, timeout=None)
    return token


def changed(name: str) -> None:
    """The rows behind ``name`` changed: once the current transaction commits (at once outside
    one), everything kept under the current token is out of date."""
    transaction.on_commit(lambda: renew(name))


def current(name: str) -> str | None:
    """The token of the current state, made if there is none; ``None`` when the cache cannot be
    reached (nothing kept can then be trusted)."""
    token = cache.get(_key(name))
    if token is None:
        token = renew(name)
        if cache.get(_key(name)) != token:
            return None  # the cache did not keep it: unreachable
    return token
