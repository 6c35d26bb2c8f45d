import re

import pytest

from participation.identity.sms.console import last_messages
from tests.factories.accounts import UserFactory
from tests.fixtures.fake_sms import fake_sms  # noqa: F401  (the fixture, for every test here)

PHONE = "+998901234567"


def last_code(phone: str = PHONE) -> str:
    """The code in the newest text message the console backend sent to ``phone``."""
    for message in last_messages():
        if message["to"] == phone:
            return re.search(r"\b(\d{6})\b", message["text"]).group(1)
    raise AssertionError(f"no text message to {phone}")


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def person(db, tree):
    return UserFactory(home_territory=tree.navbahor, verification_level=10)
