"""OneID's addresses. allauth includes ``urlpatterns`` under /<language>/accounts/; the callback
is mounted without a language by the root URLconf (``callback``), so OneID is given one
redirect address; the development stand-in (``dev_fake``) only with DEBUG and ONEID_FAKE."""

from django.conf import settings
from django.urls import path

from participation.identity.oneid import dev_fake, views

urlpatterns = [path("oneid/login/", views.oauth2_login, name="oneid_login")]

callback = [path("accounts/oneid/callback/", views.oauth2_callback, name="oneid_callback")]


def dev_fake_patterns() -> list:
    """The stand-in for OneID that `make run` signs in with; never on a server with DEBUG off."""
    if not (settings.DEBUG and settings.ONEID_FAKE):
        return []
    return [
        path("dev/oneid/sso/oauth/Authorization.do", dev_fake.endpoint, name="oneid_dev_endpoint"),
        path("dev/oneid/choose/", dev_fake.choose, name="oneid_dev_choose"),
    ]
