"""OneID's OAuth2 dialect: the standard flow with its own names (docs/identity.md, "OneID").

Every call goes to one address, ``{ONEID_BASE_URL}/sso/oauth/Authorization.do``: the browser
is sent there with ``response_type=one_code``; the server then POSTs ``grant_type=
one_authorization_code`` for a token and ``grant_type=one_access_token_identify`` for the person.
"""

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.client import OAuth2Client
from django.conf import settings
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from requests import RequestException

ENDPOINT = "/sso/oauth/Authorization.do"
RESPONSE_TYPE = "one_code"
GRANT_TOKEN = "one_authorization_code"
GRANT_IDENTIFY = "one_access_token_identify"

# What the person is told; each names what they can do next.
UNAVAILABLE = _(
    "OneID did not answer properly. Nothing was changed. Try again in a few minutes, or sign in with your e-mail and password."
)
REFUSED = _("OneID did not accept this sign-in (it may have taken too long). Nothing was changed. Please try again.")
NOT_CONFIRMED = _(
    "OneID has not confirmed your identity yet (your OneID account is not verified). Nothing was "
    "changed. Confirm your identity with OneID (for example at a public service centre), then try again."
)
NO_PERSON = _("OneID did not tell us who you are (no personal number). Nothing was changed.")


class OneIDError(ProviderException):
    """A OneID step failed; ``message`` is what the person reads."""

    def __init__(self, message, detail: str = ""):
        super().__init__(detail or str(message))
        self.message = message


def endpoint() -> str:
    return f"{settings.ONEID_BASE_URL.rstrip('/')}{ENDPOINT}"


class OneIDClient(OAuth2Client):
    def get_redirect_url(self, authorization_url, scope, extra_params) -> str:
        params = {
            "response_type": RESPONSE_TYPE,
            "client_id": self.consumer_key,
            "redirect_uri": self.callback_url,
            "scope": self.scope_delimiter.join(scope),
        }
        if self.state:
            params["state"] = self.state
        params.update(extra_params)
        return f"{authorization_url}?{urlencode(params)}"

    def get_access_token(self, code, pkce_code_verifier=None, extra_data=None):
        answer = _post(
            {
                "grant_type": GRANT_TOKEN,
                "client_id": self.consumer_key,
                "client_secret": self.consumer_secret,
                "code": code,
                "redirect_uri": self.callback_url,
            }
        )
        if not answer.get("access_token"):
            raise OneIDError(REFUSED, f"no access_token in OneID's answer (keys: {sorted(answer)})")
        return answer

    def identify(self, access_token: str, scope: str) -> dict:
        return _post(
            {
                "grant_type": GRANT_IDENTIFY,
                "client_id": self.consumer_key,
                "client_secret": self.consumer_secret,
                "access_token": access_token,
                "scope": scope,
            }
        )


def _post(data: dict) -> dict:
    """POST a form to OneID's endpoint; a JSON object back, or a OneIDError saying why not.

    A 4xx is OneID refusing this code or token; anything else unexpected is OneID being
    unavailable. The secret is never part of the error.
    """
    try:
        with get_adapter().get_requests_session() as session:
            response = session.post(endpoint(), data=data, timeout=settings.ONEID_TIMEOUT_SECONDS)
    except RequestException as error:
        raise OneIDError(UNAVAILABLE, f"OneID unreachable: {type(error).__name__}") from None
    if 400 <= response.status_code < 500:
        raise OneIDError(REFUSED, f"OneID refused {data['grant_type']}: HTTP {response.status_code}")
    if response.status_code != 200:
        raise OneIDError(UNAVAILABLE, f"OneID answered {data['grant_type']} with HTTP {response.status_code}")
    try:
        answer = response.json()
    except ValueError:
        raise OneIDError(UNAVAILABLE, f"OneID answered {data['grant_type']} with something other than JSON") from None
    if not isinstance(answer, dict):
        raise OneIDError(UNAVAILABLE, f"OneID answered {data['grant_type']} with JSON that is not an object")
    if answer.get("error"):
        raise OneIDError(REFUSED, f"OneID refused {data['grant_type']}: {answer.get('error')}")
    return answer
