"""Staff sign in through the residents' door, and managers with a second factor.

Wagtail's and Django's admin logins check a password with no limit on tries: thirty guesses
then the right one got in, and they answered "wrong password" for any resident's address.
Both now send people to allauth's login, which counts failures (``ACCOUNT_RATE_LIMITS``, per
address and per account-and-address pair, see ``participation.adapters``) and asks for the
authenticator code of anyone who has enrolled one.

A manager grants staff roles and verifies residents across a whole territory; where
``MFA_REQUIRED_FOR_MANAGERS`` is on (production), such a person (and any superuser) is sent to
set up an authenticator app before any page of either admin, however they signed in.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from participation.predicates import manages_somewhere

# The admins' own entry points; ``urls.py`` sends their login pages to ``staff_login``.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# Signing out stays possible for someone who will not enrol now.
ALWAYS_OPEN = ("/admin/logout/", "/django-admin/logout/")

SET_UP_TWO_FACTOR_FIRST = _(
    "Managers sign in with a second factor. Set up an authenticator app on your phone to continue to the staff area."
)


def two_factor_required(user) -> bool:
    """Whether this person must have an authenticator before reaching the admin."""
    if not getattr(settings, "MFA_REQUIRED_FOR_MANAGERS", False) or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or manages_somewhere(user)


def two_factor_enrolled(user) -> bool:
    # Imported here: allauth's mfa models need the app registry, which this module (loaded by
    # the settings' middleware list) must not.
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def two_factor_missing(user) -> bool:
    return two_factor_required(user) and not two_factor_enrolled(user)


def may_enter(user, admin: str) -> bool:
    if admin == "/django-admin/":
        return user.is_active and user.is_staff
    return user.has_perm("wagtailadmin.access_admin")


def staff_login(request, *, default_next: str):
    """The admins' login pages: to allauth's login, keeping where the person was going.

    Nothing posted here is read, so this address checks no password at all. Someone already
    signed in is sent on if they may enter, and refused if not: sending them to allauth's
    login would bounce them straight back to the admin, which sends them here again."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = default_next
    if request.user.is_authenticated:
        if may_enter(request.user, default_next):
            return redirect(next_url)
        raise PermissionDenied
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


def staff_password_reset(request):
    """Wagtail's "forgot password" form sends e-mail with no limit; allauth's counts per
    address and per e-mail address, and sets the new password through the same validators."""
    return redirect("account_reset_password")


def two_factor_setup_redirect(request):
    messages.warning(request, SET_UP_TWO_FACTOR_FIRST)
    return redirect("mfa_activate_totp")


class StaffTwoFactorMiddleware:
    """Turns a manager without an authenticator away from both admins, to the setup page.

    A middleware rather than a login step, so a session that began before the setting was
    turned on, or before the person became a manager, is held back too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(ADMIN_PREFIXES) and not path.startswith(ALWAYS_OPEN) and two_factor_missing(request.user):
            return two_factor_setup_redirect(request)
        return self.get_response(request)
