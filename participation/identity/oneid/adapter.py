"""allauth's social-account hooks, for OneID: who an answer from OneID signs in, and what is
refused. The rules themselves are in ``services``; this module applies them at allauth's steps."""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.exceptions import ServiceError
from participation.identity.oneid.client import REFUSED, UNAVAILABLE, OneIDError
from participation.identity.oneid.services import duplicate_person, oneid_link, oneid_owner

PROVIDER = "oneid"
NOT_LINKED = _("Signing in with OneID did not work")


def refusal(request, message, *, status=403):
    """The page that says why OneID did not sign the person in; nothing was written."""
    return render(request, "participation/oneid/refused.html", {"message": message}, status=status)


def _note(sociallogin) -> str:
    method = sociallogin.account.extra_data.get("auth_method", "")
    return f"OneID ({method})" if method else "OneID"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        # OneID's client is configured in settings (the environment), never in the database;
        # without a client id OneID is simply off.
        if settings.ONEID_CLIENT_ID and provider in (None, PROVIDER) and client_id in (None, settings.ONEID_CLIENT_ID):
            return [
                SocialApp(
                    provider=PROVIDER,
                    name="OneID",
                    client_id=settings.ONEID_CLIENT_ID,
                    secret=settings.ONEID_CLIENT_SECRET,
                )
            ]
        return []

    def pre_social_login(self, request, sociallogin):
        if sociallogin.account.provider != PROVIDER:
            return
        pinfl_hash = sociallogin.account.uid
        try:
            if sociallogin.state.get("process") == AuthProcess.CONNECT:
                # A signed-in person verifies with OneID: their account takes this identity.
                if request.user.is_authenticated:
                    oneid_link(user=request.user, pinfl_hash=pinfl_hash, note=_note(sociallogin))
                return
            owner = oneid_owner(pinfl_hash=pinfl_hash)
            if owner is None:
                if sociallogin.is_existing:
                    oneid_link(user=sociallogin.user, pinfl_hash=pinfl_hash, note=_note(sociallogin))
                return  # a new person: allauth's sign-up form asks for an e-mail address
            if sociallogin.is_existing and sociallogin.user.pk != owner.pk:
                raise ServiceError(NOT_LINKED)
            if not sociallogin.is_existing:
                # The person linked OneID before and the link was removed: the identity stays
                # theirs, so the link comes back rather than a second account.
                sociallogin.connect(request, owner)
            oneid_link(user=owner, pinfl_hash=pinfl_hash, note=_note(sociallogin))
        except ServiceError as refused:
            raise ImmediateHttpResponse(refusal(request, refused.message)) from None

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        if sociallogin.account.provider == PROVIDER:
            user.full_name = data.get("full_name") or ""
        return user

    def get_signup_form_initial_data(self, sociallogin):
        initial = super().get_signup_form_initial_data(sociallogin)
        initial["full_name"] = sociallogin.user.full_name
        initial.update(getattr(sociallogin, "typed_so_far", {}))
        return initial

    def save_user(self, request, sociallogin, form=None):
        if sociallogin.account.provider != PROVIDER:
            return super().save_user(request, sociallogin, form)
        # The account, its OneID link and its eID level are written together or not at all.
        # The same person may finish a second sign-up (another tab, another phone) after the
        # first: the link's unique uid or the unique hash stops it, and it is told where to go.
        pinfl_hash = sociallogin.account.uid
        try:
            with transaction.atomic():
                user = super().save_user(request, sociallogin, form)
                oneid_link(user=user, pinfl_hash=pinfl_hash, note=_note(sociallogin))
        except ServiceError as refused:
            raise ImmediateHttpResponse(refusal(request, refused.message)) from None
        except IntegrityError:
            owner = oneid_owner(pinfl_hash=pinfl_hash)
            if owner is None:
                raise
            raise ImmediateHttpResponse(refusal(request, duplicate_person(owner).message)) from None
        return user

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        if provider.id != PROVIDER:
            return super().on_authentication_error(request, provider, error, exception, extra_context)
        if isinstance(exception, OneIDError):
            message = exception.message
        elif exception is None:
            # No code, an error from OneID, or a state this browser did not start (an old tab,
            # an expired session): starting again is the remedy.
            message = REFUSED
        else:
            message = UNAVAILABLE
        status = 502 if message == UNAVAILABLE else 403
        raise ImmediateHttpResponse(refusal(request, message, status=status))

    def get_connect_redirect_url(self, request, socialaccount):
        return reverse("account_profile")
