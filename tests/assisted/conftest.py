import re

import pytest

from participation.assisted.views import DESK_CENTRE
from participation.identity.sms.console import last_messages
from participation.models import VerificationLevel
from tests.factories.accounts import UserFactory
from tests.fixtures.fake_sms import fake_sms  # noqa: F401  (the fixture, for the gateway tests)

PHONE = "+998901112233"


def last_code(phone: str = PHONE) -> str:
    """The code in the newest text message the console backend sent to ``phone``."""
    for message in last_messages():
        if message["to"] == phone:
            return re.search(r"\b(\d{6})\b", message["text"]).group(1)
    raise AssertionError(f"no text message to {phone}")


def last_text(phone: str = PHONE) -> str:
    return next(message["text"] for message in last_messages() if message["to"] == phone)


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def operator(people):
    return people.operator


@pytest.fixture
def elderly(tree):
    """A resident of Navbahor without e-mail, verified in person, with a phone (not confirmed)."""
    return UserFactory(
        email=None,
        full_name="Xadicha Mirzayeva",
        home_territory=tree.navbahor,
        verification_level=VerificationLevel.IN_PERSON,
        phone=PHONE,
        verified_email=False,
    )


@pytest.fixture
def desk(client, operator, service_centre_page):
    """The operator signed in, working at the Yangiqoʻrgʻon centre today."""
    client.force_login(operator)
    session = client.session
    session[DESK_CENTRE] = service_centre_page.pk
    session.save()
    return client
