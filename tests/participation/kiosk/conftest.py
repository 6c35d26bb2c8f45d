"""A mahalla self-service zone in Navbahor (Yangiqoʻrgʻon) and one in Zomin, and browsers made
kiosks of them through the registration service, as a manager would."""

import pytest
from django.conf import settings

from cms.models import CentreKind, ServiceCentreIndexPage
from participation.kiosk.services import kiosk_register
from participation.models import StaffRoleKind
from tests.factories.accounts import staff_member
from tests.factories.pages import centre, publish


@pytest.fixture
def navbahor_zone(pages, tree):
    index = publish(pages.yangiqorgon, ServiceCentreIndexPage(title="Xizmat markazlari", slug="markazlar"))
    return centre(index, "Navbahor mahallasi oʻz-oʻziga xizmat zonasi", tree.navbahor, kind=CentreKind.MAHALLA_ZONE)


@pytest.fixture
def zomin_zone(pages, tree):
    index = publish(pages.zomin, ServiceCentreIndexPage(title="Xizmat markazlari", slug="markazlar"))
    return centre(index, "Duoba mahallasi oʻz-oʻziga xizmat zonasi", tree.duoba, kind=CentreKind.MAHALLA_ZONE)


@pytest.fixture
def kiosk_at(tree):
    """Registers a kiosk of ``centre`` (by a manager of Yangiqoʻrgʻon unless ``by`` is given);
    returns the registration (the kiosk and the cookie its browser gets)."""

    def make(centre, *, by=None, name="Eshik oldidagi stol"):
        by = by or staff_member(StaffRoleKind.MANAGER, tree.yangiqorgon)
        return kiosk_register(centre=centre, name=name, by=by)

    return make


@pytest.fixture
def kiosk_client(client, kiosk_at, navbahor_zone):
    """A test client whose browser is a kiosk of the Navbahor zone; ``kiosk_client.kiosk``."""
    registration = kiosk_at(navbahor_zone)
    client.cookies[settings.KIOSK_COOKIE_NAME] = registration.cookie
    client.kiosk = registration.kiosk
    return client
