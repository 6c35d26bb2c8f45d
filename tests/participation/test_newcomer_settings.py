"""What a newcomer runs into on their own machine: e-mails link to the port `make run` serves
on, and come from the sender the README and .env.example promise."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)
OUR_VARIABLES = {"SITE_URL", "HOST", "PORT", "DEFAULT_FROM_EMAIL", "DJANGO_SETTINGS_MODULE"}


def dev_settings(env: dict, code: str) -> str:
    """Print something from the development settings, imported in a fresh interpreter as
    `make run` would (the variables this file is about are taken from ``env`` only)."""
    clean = {key: value for key, value in os.environ.items() if key not in OUR_VARIABLES}
    clean.update(env, DJANGO_SETTINGS_MODULE="participation.config.settings.dev")
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings as s; {code}"],
        env=clean,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8101"}, "http://127.0.0.1:8101"),
        ({"HOST": "localhost", "PORT": "8101"}, "http://localhost:8101"),
        ({"HOST": "::1", "PORT": "8101"}, "http://[::1]:8101"),
        ({"PORT": "8101", "SITE_URL": "https://ishtirok.example.uz/"}, "https://ishtirok.example.uz"),
    ],
)
def test_site_url_follows_the_development_server(env, expected):
    assert dev_settings(env, "print(s.SITE_URL, s.WAGTAILADMIN_BASE_URL)").split() == [expected, expected]


def test_make_run_passes_its_port_to_the_server_and_the_settings():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert "HOST=127.0.0.1 PORT=8101 .venv/bin/python manage.py runserver 127.0.0.1:8101" in result.stdout


def test_the_readme_tells_how_to_serve_on_another_port():
    assert "make run PORT=" in (ROOT / "README.md").read_text(encoding="utf-8")


def documented_sender() -> tuple[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    in_readme = re.search(r"^\| `DEFAULT_FROM_EMAIL` \| `([^`]+)` \|", readme, re.M).group(1)
    in_example = re.search(r"^DEFAULT_FROM_EMAIL=(.+)$", example, re.M).group(1)
    return in_readme, in_example


def test_the_default_sender_is_the_documented_one():
    default = dev_settings({}, "print(s.DEFAULT_FROM_EMAIL)")
    assert documented_sender() == (default, default) == ("Ishtirok <noreply@localhost>",) * 2


def test_a_sent_e_mail_comes_from_ishtirok(client, home_page):
    user = UserFactory(email="dilnoza@example.uz")
    response = client.post("/uz/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.message()["From"] == "Ishtirok <noreply@localhost>" == documented_sender()[0]
