"""The site's addresses with the development stand-in for OneID mounted, as `make run` with
DEBUG has them (the test settings run with DEBUG off, so the site itself never mounts it)."""

from django.urls import path

from participation.config.urls import urlpatterns as site
from participation.identity.oneid import dev_fake

urlpatterns = [
    path("dev/oneid/sso/oauth/Authorization.do", dev_fake.endpoint, name="oneid_dev_endpoint"),
    path("dev/oneid/choose/", dev_fake.choose, name="oneid_dev_choose"),
    *site,
]
