"""The sitemap's cache generation: the token every cached sitemap page is keyed by.

The sitemap (``cms.sitemaps``) lists what every feature publishes; it is rebuilt only when
something it lists changes. Each feature's service that publishes, withdraws or changes the
status of a listed item calls ``sitemap_changed()`` inside its transaction, and Wagtail's
publish/unpublish/move/delete signals do the same for pages (``cms.signals``). The new token is
written once the transaction commits (``participation.web.generations``).
"""

import secrets

from participation.web import generations

NAME = "sitemap"


def sitemap_changed() -> None:
    """Something the sitemap lists was published, withdrawn, moved or changed."""
    generations.changed(NAME)


def sitemap_generation_renew() -> str:
    return generations.renew(NAME)


def sitemap_generation() -> str:
    """The token the cached sitemap pages of the current state are stored under; with the cache
    unreachable, a new one each time (nothing cached is read)."""
    return generations.current(NAME) or secrets.token_hex(8)
