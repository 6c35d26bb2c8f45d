from allauth.socialaccount.providers.base import AuthProcess, ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from participation.identity.oneid.services import pinfl_hash
from participation.identity.oneid.views import OneIDOAuth2Adapter

# Kept from OneID's answer on the linked account: how the person signed in to OneID and that
# OneID vouched for them. Never the PINFL, the names, the phone or passport data.
KEPT_FIELDS = ("valid", "auth_method")


def person_name(data: dict) -> str:
    """ "Dilnoza Karimova" from OneID's names, which often come in capitals (KARIMOVA)."""
    words = f"{data.get('first_name') or ''} {data.get('sur_name') or ''}".split()
    return " ".join(word.capitalize() if word.isupper() else word for word in words)


class OneIDAccount(ProviderAccount):
    def to_str(self):
        return "OneID"


class OneIDProvider(OAuth2Provider):
    id = "oneid"
    name = "OneID"
    account_class = OneIDAccount
    oauth2_adapter_class = OneIDOAuth2Adapter

    def get_default_scope(self):
        return [settings.ONEID_SCOPE] if settings.ONEID_SCOPE else []

    def get_redirect_from_request_kwargs(self, request):
        kwargs = super().get_redirect_from_request_kwargs(request)
        # The callback has no language in its address (one address to register with OneID);
        # it answers in the language the person started in, and returns them to a page in it.
        kwargs["language"] = get_language()
        if not kwargs.get("next_url"):
            connecting = kwargs["process"] == AuthProcess.CONNECT
            kwargs["next_url"] = reverse("account_profile") if connecting else f"/{get_language()}/"
        return kwargs

    def extract_uid(self, data):
        # The account's key at allauth is the keyed hash: allauth's own lookup then finds the
        # person's account, and the raw number is never written.
        return pinfl_hash(str(data["pin"]))

    def extract_extra_data(self, data):
        return {field: str(data[field]) for field in KEPT_FIELDS if field in data}

    def extract_common_fields(self, data):
        return {"email": (data.get("email") or "").strip(), "full_name": person_name(data)}

    def extract_email_addresses(self, data):
        # OneID's e-mail is whatever the person typed there, unconfirmed: it only fills the
        # sign-up form, and the address is confirmed here like any other.
        return []


provider_classes = [OneIDProvider]
