"""Anonymous pages, rendered once and served from memory or Redis until what they show changes.

Most readers are not signed in, and every one of them sees the same page. So the page a
visitor without a session gets is kept, gzipped, in the cache and served to the next such
visitor before the session, the language, CSRF, the user, the URL resolver or the view run:
no database query at all. What is never kept:

* anything a session could have shaped: requests carrying the session cookie (signed in, an
  unlocked private page, a half-done sign-up) or the messages cookie (a flash message), and
  anything a kiosk asks for (its pages are its own: ``participation.kiosk``);
* responses that set a cookie, or that used a CSRF token (a form for one visitor only), or
  whose view set its own ``Cache-Control`` (``never_cache``), or that vary on more than the
  cookie and the encoding; anything but a 200; the account pages;
* a streamed response (the list exports) that was not read to its end, or whose compressed
  size passed ``MAX_BYTES``: it is kept as it streams, chunk by chunk, so an export of ten
  thousand rows is built once per change instead of once per download, in constant memory;
* addresses without a language prefix (their language comes from the visitor, not the path).

**Two levels.** Each web process keeps the pages it served last in its own memory (at most
``LOCAL_ENTRIES``), and every process shares them through Redis. A hit in memory costs no
network round trip at all, which is what lets a kept page serve as fast as robots.txt: on a busy
machine one Redis round trip costs more than the whole robots.txt request. A hit in Redis costs
one round trip and fills the process's memory.

**Invalidation.** Each kept page belongs to a few *scopes* (``PAGE_CACHE_PATH_SCOPES``: the
petition pages to ``petitions``, the budget pages to ``budgeting``, search to every scope, the
Wagtail pages to ``questions``, which khokimiyat pages list; all of them to ``pages``). Each
scope has a generation in Redis, recorded with every kept copy; a copy is served only while
the generations it was rendered under are current. ``pages_changed(*scopes)`` replaces them
after the change commits, at most once a second per scope and process (a burst of changes, such
as a petition signed many times a second, renews once at its start and once a second after,
``_renew``). The process that made the change sees the new generations at once; the others
re-read them at most ``GENERATIONS_MAX_AGE`` (one second) later, so a change reaches every
reader within a second, or two in a burst. Services call it where they change what public pages show.
Scopes are coarse on purpose: a generation per object would need every page to know every
object it draws; a signature drops the petition pages and search, not the budget or the
khokimiyat pages. ``PAGE_CACHE_SECONDS`` (a short TTL) bounds what no write announces: a date
passing (a phase opening, "3 days left"), a change announced while Redis was away.

**Redis down.** The cache answers a miss and forgets writes (``participation.cache``), so pages
are rendered as if there were no cache (and no process serves from memory generations it
cannot re-read).

**HTTP caching.** The same middleware labels responses: a page it may keep is ``public,
max-age=PUBLIC_PAGE_MAX_AGE`` with ``Vary: Cookie`` (a browser that signs in then sends another
cookie and does not reuse it; a shared cache that honours ``Vary`` cannot hand it to a signed-in
person either); anything shaped by a session or a CSRF token is ``private, no-cache``. The
weak ``ETag`` is computed once, when the page is kept; ``ConditionalGetMiddleware`` answers
``304`` to a matching ``If-None-Match``.
"""

import atexit
import gzip
import hashlib
import threading
import time
import uuid
import zlib
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_path

from participation.opendata.responses import accepts_gzip

SCOPES = ("pages", "petitions", "questions", "budgeting", "organisations", "consultations", "meetings")
KEY_PREFIX = "page-cache"
# Exports can be large; a page bigger than this (gzipped, as kept) is rendered every time rather
# than filling Redis.
MAX_BYTES = 2 * 1024 * 1024
# Headers the cached copy does not keep: the server sets them again for each response.
NOT_KEPT = {"content-length", "content-encoding", "set-cookie", "date"}
# What a kept page may vary on: the cookie (only cookie-less-session visitors get it) and the
# encoding (chosen here per request).
HARMLESS_VARY = {"cookie", "accept-encoding", ""}
NEVER_KEPT_PATHS = ("/accounts/",)
# Seconds a process trusts the generations it read from Redis.
GENERATIONS_MAX_AGE = 1.0
# Pages a process keeps in its own memory (gzipped: ~5 KB each; an export up to MAX_BYTES),
# and the most bytes they may take together.
LOCAL_ENTRIES = 500
LOCAL_BYTES = 32 * 1024 * 1024


class _Local:
    """What one process remembers: the generations it last read, its latest pages, and when it
    last renewed each scope's generation (with the scopes changed since, awaiting renewal)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.generations: dict[str, str] = {}
        self.read_at = float("-inf")
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.entry_bytes = 0
        self.renewed_at: dict[str, float] = {}
        self.pending: set[str] = set()

    def forget(self) -> None:
        with self.lock:
            self.generations, self.read_at = {}, float("-inf")
            self.entries.clear()
            self.entry_bytes = 0
            self.renewed_at, self.pending = {}, set()


_local = _Local()


def pages_changed(*scopes: str) -> None:
    """Public pages of these scopes (all of them when none is named) show something new:
    after the current transaction commits, their kept copies stop being served."""
    names = scopes or SCOPES
    transaction.on_commit(lambda: _renew(names), robust=True)


def _renew(scopes) -> None:
    """Renew the generations of ``scopes``, each at most once per ``GENERATIONS_MAX_AGE`` in
    this process: readers re-read them only that often, so renewing them more often tells no
    reader anything more, and a petition signed a hundred times a second would otherwise cost a
    hundred Redis writes a second. The first change renews at once; the changes that follow
    within that time are renewed together when it has passed (a timer), so each still reaches
    every reader within two intervals of its commit."""
    now = time.monotonic()
    at_once, start_timer = [], False
    with _local.lock:
        for scope in scopes:
            if scope in _local.pending:
                continue
            if now - _local.renewed_at.get(scope, float("-inf")) >= GENERATIONS_MAX_AGE:
                at_once.append(scope)
                _local.renewed_at[scope] = now
            else:
                start_timer = start_timer or not _local.pending
                _local.pending.add(scope)
    if at_once:
        _new_generations(at_once)
    if start_timer:
        timer = threading.Timer(GENERATIONS_MAX_AGE, _renew_pending)
        timer.daemon = True
        timer.start()


def _renew_pending() -> None:
    with _local.lock:
        scopes, _local.pending = sorted(_local.pending), set()
        now = time.monotonic()
        for scope in scopes:
            _local.renewed_at[scope] = now
    if scopes:
        _new_generations(scopes)


# A process that ends within the second after a change (a management command, a worker being
# replaced) would take the timer's renewal with it: it is done on the way out instead.
atexit.register(_renew_pending)


def _new_generations(scopes) -> None:
    new = {scope: uuid.uuid4().hex for scope in scopes}
    cache.set_many({_generation_key(scope): generation for scope, generation in new.items()}, timeout=None)
    with _local.lock:
        _local.generations.update(new)


def _current_generations() -> dict[str, str] | None:
    """Every scope's generation, read from Redis at most once per ``GENERATIONS_MAX_AGE``;
    None when one is missing (a cold start, an eviction, Redis down): it is set anew, and
    nothing is served or kept this time, so a copy kept under a lost generation never returns."""
    now = time.monotonic()
    if now - _local.read_at < GENERATIONS_MAX_AGE:
        return dict(_local.generations)  # a copy: a change during this request must not alter it
    keys = {scope: _generation_key(scope) for scope in SCOPES}
    found = cache.get_many(list(keys.values()))
    missing = [scope for scope, key in keys.items() if key not in found]
    if missing:
        _new_generations(missing)
        return None
    with _local.lock:
        _local.generations = {scope: found[key] for scope, key in keys.items()}
        _local.read_at = now
        return dict(_local.generations)


def _generation_key(scope: str) -> str:
    return f"{KEY_PREFIX}:generation:{scope}"


def _page_scopes(path: str) -> tuple[str, ...]:
    """The scopes of a path without its language prefix (``/petitions/7/``)."""
    for prefix, scopes in settings.PAGE_CACHE_PATH_SCOPES.items():
        if path.startswith(prefix):
            return ("pages", *scopes)
    return ("pages", *settings.PAGE_CACHE_DEFAULT_SCOPES)


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
    if settings.KIOSK_COOKIE_NAME in request.COOKIES:
        return None  # a kiosk's pages are its own (large text, no-store): participation.kiosk
    path = _unprefixed(request)
    if path is None or path.startswith(NEVER_KEPT_PATHS):
        return None
    return path


def _entry_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.path_info}?{request.META.get('QUERY_STRING', '')}"
    language = get_language_from_path(request.path_info)
    return f"{KEY_PREFIX}:{language}:{hashlib.sha256(address.encode()).hexdigest()}"


def _kept(key: str, generations: dict[str, str]) -> dict | None:
    """The kept copy of this page if it is still current: from this process's memory, else
    from Redis (then remembered here too)."""
    entry = _local.entries.get(key)
    if entry is not None and _current(entry, generations):
        return entry
    entry = cache.get(key)
    if entry is None or not _current(entry, generations):
        return None
    _remember(key, entry)
    return entry


def _current(entry: dict, generations: dict[str, str]) -> bool:
    """Rendered under the current generation of each of its scopes, and not past its time."""
    if entry["expires"] < time.time():
        return False
    return all(generations[scope] == generation for scope, generation in entry["generations"].items())


def _remember(key: str, entry: dict) -> None:
    with _local.lock:
        replaced = _local.entries.pop(key, None)
        if replaced is not None:
            _local.entry_bytes -= len(replaced["body"])
        _local.entries[key] = entry
        _local.entry_bytes += len(entry["body"])
        while len(_local.entries) > LOCAL_ENTRIES or _local.entry_bytes > LOCAL_BYTES:
            _key, dropped = _local.entries.popitem(last=False)
            _local.entry_bytes -= len(dropped["body"])


def _keepable(request, response) -> bool:
    if response.status_code != 200 or response.cookies:
        return False
    if response.has_header("Cache-Control") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",")}
    if not vary <= HARMLESS_VARY:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage):
        return False
    return response.streaming or len(response.content) <= MAX_BYTES


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
    if accepts_gzip(request):
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
        key = generations = None
        if path is not None and settings.PAGE_CACHE_SECONDS > 0:
            generations = _current_generations()
            if generations is not None:
                key = _entry_key(request)
                entry = _kept(key, generations)
                if entry is not None:
                    return _served(request, entry)
        response = self.get_response(request)
        if path is not None and _keepable(request, response):
            _label_public(response)
            if key is not None and request.method == "GET":
                scopes = _page_scopes(path)
                kept_generations = {scope: generations[scope] for scope in scopes}
                if response.streaming:
                    _keep_while_streaming(key, response, kept_generations)
                else:
                    _keep(key, response, kept_generations)
        else:
            _mark_private_if_personal(request, response)
        return response


def _label_public(response) -> None:
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    if not response.streaming:  # a stream's validator is known only at its end: its kept copy has one
        response["ETag"] = _etag(hashlib.md5(response.content, usedforsecurity=False))


def _etag(digest) -> str:
    return f'W/"{digest.hexdigest()}"'


def _kept_headers(response) -> list[tuple[str, str]]:
    return [(name, value) for name, value in response.items() if name.lower() not in NOT_KEPT]


def _keep(key: str, response, generations: dict[str, str]) -> None:
    """Keep the page with the generations read before it was rendered: a change committed
    while it was being rendered makes it stale at once rather than kept as new."""
    _store(key, gzip.compress(response.content, compresslevel=6, mtime=0), _kept_headers(response), generations)


def _store(key: str, body: bytes, headers: list[tuple[str, str]], generations: dict[str, str]) -> None:
    entry = {
        "body": body,
        "headers": headers,
        "generations": generations,
        "expires": time.time() + settings.PAGE_CACHE_SECONDS,
    }
    cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
    _remember(key, entry)


def _keep_while_streaming(key: str, response, generations: dict[str, str]) -> None:
    """Keep a streamed response as it goes out: each chunk is compressed on its way, and the
    copy is kept when the last chunk has gone, with the validator of the whole. A stream the
    client abandons, or one that grows past ``MAX_BYTES`` compressed, is not kept (what was
    compressed so far is dropped at once, so memory stays bounded whatever the export's size).
    The headers are taken now, before an outer middleware encodes the stream."""
    headers = _kept_headers(response)
    source = response.streaming_content

    def passing_through():
        compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # the gzip format
        digest = hashlib.md5(usedforsecurity=False)
        parts: list[bytes] | None = []
        size = 0
        for chunk in source:
            if parts is not None:
                digest.update(chunk)
                part = compressor.compress(chunk)
                size += len(part)
                parts.append(part)
                if size > MAX_BYTES:
                    parts = None
            yield chunk
        if parts is not None:
            parts.append(compressor.flush())  # zlib holds back small chunks until here
            if size + len(parts[-1]) > MAX_BYTES:
                return
            _store(key, b"".join(parts), [*headers, ("ETag", _etag(digest))], generations)

    response.streaming_content = passing_through()
