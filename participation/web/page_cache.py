"""Anonymous pages, rendered once and served from Redis until what they show changes.

Most readers are not signed in, and every one of them sees the same page. So the page a
visitor without a session gets is kept, gzipped, in the cache and served to the next such
visitor before the session, the language, CSRF, the user, the URL resolver or the view run:
no database query at all. What is never kept:

* anything a session could have shaped: requests carrying the session cookie (signed in, an
  unlocked private page, a half-done sign-up) or the messages cookie (a flash message);
* responses that set a cookie, or that used a CSRF token (a form for one visitor only), or
  whose view set its own ``Cache-Control`` (``never_cache``), or that vary on more than the
  cookie and the encoding; anything but a 200; streamed responses; the account pages;
* addresses without a language prefix (their language comes from the visitor, not the path).

**Invalidation.** Each kept page belongs to a few *scopes* (``PAGE_CACHE_PATH_SCOPES``: the
petition pages to ``petitions`` and ``pages``, the budget pages to ``budgeting`` and ``pages``,
every other page, which may show anything, to all of them). Each scope has a generation in the
cache, part of every key; ``pages_changed(*scopes)`` replaces it after the change commits, so
the next reader gets a fresh page and the old copies simply expire. Services call it where they
change what public pages show. Scopes are coarse on purpose: a petition page shows the list's
counts' neighbours (territory, tags, timeline), the home page shows every feature, and a
generation per object would need every page to know every object it draws. A signature
invalidates the petition pages, not the budget ones. ``PAGE_CACHE_SECONDS`` (a short TTL) bounds
what no write announces: a date passing (a phase opening, "3 days left"), a bump lost while
Redis was away.

**Redis down.** The cache answers a miss and forgets writes (``participation.cache``), so pages
are rendered as if there were no cache.

**HTTP caching.** The same middleware labels responses: a page it may keep is ``public,
max-age=PUBLIC_PAGE_MAX_AGE`` with ``Vary: Cookie`` (a browser that signs in then sends another
cookie and does not reuse it; a shared cache that honours ``Vary`` cannot hand it to a signed-in
person either); anything shaped by a session or a CSRF token is ``private, no-cache``. The
weak ``ETag`` is computed once, when the page is kept; ``ConditionalGetMiddleware`` answers
``304`` to a matching ``If-None-Match``.
"""

import gzip
import hashlib
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile
from django.utils.translation import get_language_from_path

SCOPES = ("pages", "petitions", "questions", "budgeting")
KEY_PREFIX = "page-cache"
# Exports can be large; a page bigger than this is rendered every time rather than filling Redis.
MAX_BYTES = 2 * 1024 * 1024
# Headers the cached copy does not keep: the server sets them again for each response.
NOT_KEPT = {"content-length", "content-encoding", "set-cookie", "date"}
# What a kept page may vary on: the cookie (only cookie-less-session visitors get it) and the
# encoding (chosen here per request).
HARMLESS_VARY = {"cookie", "accept-encoding", ""}
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
NEVER_KEPT_PATHS = ("/accounts/",)


def pages_changed(*scopes: str) -> None:
    """Public pages of these scopes (all of them when none is named) show something new:
    after the current transaction commits, their kept copies stop being served."""
    names = scopes or SCOPES
    transaction.on_commit(lambda: _new_generations(names), robust=True)


def _new_generations(scopes) -> None:
    cache.set_many({_generation_key(scope): uuid.uuid4().hex for scope in scopes}, timeout=None)


def _generation_key(scope: str) -> str:
    return f"{KEY_PREFIX}:generation:{scope}"


def _page_scopes(path: str) -> tuple[str, ...]:
    """The scopes of a path without its language prefix (``/petitions/7/``)."""
    for prefix, scopes in settings.PAGE_CACHE_PATH_SCOPES.items():
        if path.startswith(prefix):
            return ("pages", *scopes)
    return SCOPES


def _unprefixed(request) -> str | None:
    """The path without its language prefix, or None when it has none (then the visitor's
    browser picks the language, which the key does not know)."""
    path = request.path_info
    if get_language_from_path(path) is None:
        return None
    return "/" + path.split("/", 2)[2]


def _anonymous_page(request) -> str | None:
    """The path without its language prefix when this request may get a shared copy: a
    GET or HEAD without a session or messages cookie, for a page outside the account pages."""
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return None
    path = _unprefixed(request)
    if path is None or path.startswith(NEVER_KEPT_PATHS):
        return None
    return path


def _entry_key(request, path: str) -> str | None:
    """The page's key, with the current generation of each of its scopes; None (no caching
    this time) when a generation is missing: it is set anew, so copies kept under an
    evicted one can never come back."""
    scopes = _page_scopes(path)
    keys = [_generation_key(scope) for scope in scopes]
    generations = cache.get_many(keys)
    missing = [scope for scope, key in zip(scopes, keys, strict=True) if key not in generations]
    if missing:
        _new_generations(missing)
        return None
    address = f"{request.scheme}://{request.get_host()}{request.path_info}?{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    language = get_language_from_path(request.path_info)
    return f"{KEY_PREFIX}:{language}:{digest}:" + ".".join(generations[key] for key in keys)


def _keepable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Cache-Control") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",")}
    if not vary <= HARMLESS_VARY:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage):
        return False
    return len(response.content) <= MAX_BYTES


def _mark_private_if_personal(request, response) -> None:
    personal = (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or getattr(getattr(request, "user", None), "is_authenticated", False)
    )
    if personal and not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)


def _served(request, entry: dict) -> HttpResponse:
    if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(entry["body"])
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(entry["body"]))
    for name, value in entry["headers"]:
        response[name] = value
    response["Content-Length"] = str(len(response.content))
    return response


class PageCacheMiddleware:
    """Serves kept anonymous pages before the rest of the stack; keeps the ones it may.

    Sits after ``ConditionalGetMiddleware`` (so a kept page still answers ``304``) and before
    the session middleware (so a hit costs no session, user or database work)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = _anonymous_page(request)
        key = _entry_key(request, path) if path is not None and settings.PAGE_CACHE_SECONDS > 0 else None
        if key is not None:
            entry = cache.get(key)
            if entry is not None:
                return _served(request, entry)
        response = self.get_response(request)
        if path is not None and _keepable(request, response):
            _label_public(response)
            if key is not None and request.method == "GET":
                _keep(key, response)
        else:
            _mark_private_if_personal(request, response)
        return response


def _label_public(response) -> None:
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
    response["ETag"] = f'W/"{digest}"'


def _keep(key: str, response) -> None:
    headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_KEPT]
    entry = {"body": gzip.compress(response.content, compresslevel=6, mtime=0), "headers": headers}
    cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
