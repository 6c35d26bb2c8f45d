from functools import wraps

from allauth.socialaccount.internal import statekit
from allauth.socialaccount.models import SocialToken
from allauth.socialaccount.providers.oauth2.views import OAuth2Adapter, OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.views import SignupView as AllauthSocialSignupView
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from participation.forms import SHOW_MAHALLAS
from participation.identity.oneid.client import NO_PERSON, NOT_CONFIRMED, OneIDClient, OneIDError, endpoint
from participation.identity.oneid.services import PINFL
from participation.views import _typed_so_far


class OneIDOAuth2Adapter(OAuth2Adapter):
    provider_id = "oneid"
    client_class = OneIDClient

    @property
    def authorize_url(self):
        return endpoint()

    @property
    def access_token_url(self):
        return endpoint()

    def get_callback_url(self, request, app):
        # Language-less: OneID is given one redirect address (docs/identity.md).
        return build_absolute_uri(request, reverse("oneid_callback"))

    def parse_token(self, data):
        # Only the access token, for the one call below; no refresh token is kept.
        return SocialToken(token=data["access_token"])

    def complete_login(self, request, app, token, **kwargs):
        provider = self.get_provider()
        client = self.get_client(request, app)
        person = client.identify(token.token, " ".join(provider.get_scope()))
        if str(person.get("valid", "")).lower() != "true":
            raise OneIDError(NOT_CONFIRMED, "OneID answered valid=false")
        if not PINFL.match(str(person.get("pin") or "")):
            raise OneIDError(NO_PERSON, "OneID's answer has no 14-digit pin")
        return provider.sociallogin_from_response(request, person)


class OneIDCallbackView(OAuth2CallbackView):
    def dispatch(self, request, *args, **kwargs):
        stashed = statekit.get_states(request).get(request.GET.get("state") or "")
        language = stashed[0].get("language") if stashed else None
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return super().dispatch(request, *args, **kwargs)


def _only_when_configured(view):
    """Without a OneID client (ONEID_CLIENT_ID) OneID's addresses do not exist."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.ONEID_CLIENT_ID:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


oauth2_login = _only_when_configured(OAuth2LoginView.adapter_view(OneIDOAuth2Adapter))
oauth2_callback = _only_when_configured(OneIDCallbackView.adapter_view(OneIDOAuth2Adapter))


class SignupView(AllauthSocialSignupView):
    """allauth's sign-up of a new person arriving from OneID, with the no-JavaScript mahalla step
    of the e-mail sign-up: "Show mahallas" lists the district's mahallas and creates nothing."""

    def post(self, request, *args, **kwargs):
        if SHOW_MAHALLAS not in request.POST:
            return super().post(request, *args, **kwargs)
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        form_class = self.get_form_class()
        # allauth's form takes its initial values from the adapter, which adds these.
        self.sociallogin.typed_so_far = _typed_so_far(form_class(**kwargs), request.POST)
        return self.render_to_response(self.get_context_data(form=form_class(**kwargs)))
