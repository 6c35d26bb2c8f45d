"""What a kiosk's browser gets: everything recorded through the kiosk channel, a sign-out after
each completed act and after ``KIOSK_IDLE_SECONDS`` idle, and nothing kept for the next person.

It sits after the session, the user and the messages (it reads and clears them) and wraps every
view in ``acting_through(Channel.KIOSK)``, so no feature needs to know about kiosks: a feature
asks ``participation_figures`` for the columns of the act it writes, which counts the act.

**An act completed** when, in one request, a feature asked for an act's figures, the view then
answered with a redirect (every feature redirects after an act it made: post/redirect/get) and
queued no warning or error message (every refusal after the figures were asked for, such as a
collection that closed meanwhile or a signature already there, is told by one). Then the person
is signed out and sent to the "Done" page, with a link to where the feature meant to send them
(a petition, a ballot's receipt).

**Idle.** The session of a kiosk expires ``KIOSK_IDLE_SECONDS`` after its last request, on the
server (the session's own expiry, and the time of the last request kept in it, checked here
against the clock) and in the browser (its cookie's age; and the pages carry the idle script,
which warns, then clears the screen to the signed-out page: ``templatetags.kiosk_tags``). A request
that arrives later finds the person signed out, whatever it was going to do.

**No history.** Every answer on a kiosk is ``Cache-Control: no-store`` (the back button shows
nothing of the person before), sign-out flushes the session and drops the messages, the forms
of the phone sign-in ask browsers not to remember what was typed, and the pages that sign in by
password or OneID send the kiosk to the phone sign-in (no password to save, no "remember me").
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language_from_path

from participation.demographics import acting_through
from participation.kiosk import device
from participation.kiosk.selectors import kiosk_from_cookie
from participation.models import Channel

# In the session: when this kiosk session last made a request (seconds since the epoch), and
# where to go once the person has signed in.
LAST_SEEN = "kiosk_last_seen"
AFTER_SIGN_IN = "kiosk_after_sign_in"

# Ways in that a kiosk does not offer: a password (a browser would offer to save it, and
# "remember me" would outlive the person) or OneID (another site's session left behind).
PASSWORD_AND_ONEID_PAGES = frozenset(
    {
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_from_key",
        "account_change_password",
        "account_set_password",
        "oneid_login",
        "socialaccount_signup",
    }
)
# The kiosk's own pages about signing out: they must render for someone already signed out.
SIGNED_OUT_PAGES = frozenset({"kiosk:done", "kiosk:signed_out"})


def _safe(request, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return None


def _queued_messages(request) -> list:
    # Only this request's messages (not iterating the storage, which would mark every message
    # read and drop them from the page that should show them).
    storage = getattr(request, "_messages", None)
    return list(getattr(storage, "_queued_messages", []))


def _discard_messages(request) -> None:
    storage = getattr(request, "_messages", None)
    if storage is not None:
        for _message in storage:  # read, so the storage drops them all when the response is sent
            pass
        storage.used = True


def kiosk_sign_out(request) -> None:
    """Sign the person out and forget everything the session and the messages held."""
    logout(request)  # flushes the session (a new, empty one: the next person gets a new key)
    _discard_messages(request)


def _act_completed(request, response, acts: int) -> bool:
    if not acts or not request.user.is_authenticated:
        return False
    if not 300 <= response.status_code < 400:
        return False
    return not any(message.level >= messages.WARNING for message in _queued_messages(request))


def _url_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


class KioskMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = request.COOKIES.get(settings.KIOSK_COOKIE_NAME, "")
        request.kiosk = kiosk_from_cookie(value) if value else None
        if request.kiosk is None:
            response = self.get_response(request)
            if value:
                device.cookie_delete(response)  # forged, damaged or revoked: forgotten
            return response
        response = self._on_kiosk(request)
        # Sent again with every answer: a kiosk in use never reaches the cookie's age.
        device.cookie_set(response, value, secure=request.is_secure())
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True)
        return response

    def _on_kiosk(self, request):
        now = timezone.now().timestamp()
        if self._idle_too_long(request, now):
            kiosk_sign_out(request)
            if request.path_info != reverse("kiosk:signed_out"):
                return redirect("kiosk:signed_out")
        language = get_language_from_path(request.path_info)
        if language and request.path_info == f"/{language}/":
            return redirect("kiosk:home")  # the simple home, not the site's
        signed_in_before = request.user.is_authenticated
        with acting_through(Channel.KIOSK) as acting:
            response = self.get_response(request)
        if _act_completed(request, response, acting.acts):
            after = _safe(request, response.get("Location"))
            kiosk_sign_out(request)
            done = reverse("kiosk:done")
            return redirect(f"{done}?{urlencode({'next': after})}" if after else done)
        if not signed_in_before and request.user.is_authenticated and 300 <= response.status_code < 400:
            response = redirect(_safe(request, request.session.pop(AFTER_SIGN_IN, None)) or reverse("kiosk:home"))
        if request.user.is_authenticated or not request.session.is_empty():
            request.session[LAST_SEEN] = now
            request.session.set_expiry(settings.KIOSK_IDLE_SECONDS)
        return response

    def _idle_too_long(self, request, now: float) -> bool:
        """The session's last request was longer ago than the kiosk allows, or the session it
        had has expired already (its cookie came, its data did not)."""
        if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return False
        last_seen = request.session.get(LAST_SEEN)
        if last_seen is None:
            return request.session.is_empty() and request.session.session_key is None
        return now - last_seen > settings.KIOSK_IDLE_SECONDS

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "kiosk", None) is None or _url_name(request) not in PASSWORD_AND_ONEID_PAGES:
            return None
        after = _safe(request, request.GET.get("next"))
        if after:
            request.session[AFTER_SIGN_IN] = after
        return redirect("identity:phone_sign_in")
