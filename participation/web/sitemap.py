"""The sitemap's cache generation: one token that every cached sitemap page is keyed by.

The sitemap (``cms.sitemaps``) lists what every feature publishes; it is rebuilt only when
something it lists changes. Each feature's service that publishes, withdraws or changes the
status of a listed item calls ``sitemap_changed()`` inside its transaction, and Wagtail's
publish/unpublish/move/delete signals do the same for pages (``cms.signals``). The new token is
written once the transaction commits, so a rolled-back change never throws the cache away and
a crawler never caches a page that still shows the old state under the new token.

The token is random rather than a counter: if Redis evicts it (or restarts), the next reader
makes a new one, and pages cached under the old token are never read again (they expire).
With Redis down, ``set`` does nothing and every request builds its page from the database.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "sitemap:generation"


def sitemap_generation_renew() -> str:
    generation = secrets.token_hex(8)
    cache.set(GENERATION_KEY, generation, timeout=None)
    return generation


def sitemap_changed() -> None:
    """Something the sitemap lists was published, withdrawn, moved or changed: once the current
    transaction commits (at once outside one), every cached sitemap page is out of date."""
    transaction.on_commit(sitemap_generation_renew)


def sitemap_generation() -> str:
    """The token the cached sitemap pages of the current state are stored under."""
    return cache.get(GENERATION_KEY) or sitemap_generation_renew()
