"""Every demo account the README lists can be used as the README says: it signs in with the
demo password, and the budget initiator it names owns a 2025 winner he can sign off."""

import itertools
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from participation.demo import DEMO_PASSWORD
from participation.models import User
from proposals.budgeting.models import Cycle, ImplementationStatus, ProjectSignOff, ProjectStatus, SignOffRole
from proposals.budgeting.services.projects import project_report_progress

README = Path(settings.BASE_DIR) / "README.md"
_addresses = itertools.count(1)


def demo_table() -> list[tuple[str, str]]:
    """The rows (accounts cell, who cell) of the README's demo logins table."""
    section = README.read_text(encoding="utf-8").split("## Demo logins", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip().strip("|").split(" | ", 1) for line in section.splitlines() if line.startswith("| `")]
    return [(cells[0], cells[1]) for cells in rows]


def accounts_in(cell: str) -> list[str]:
    """``a@x``; ``editor.d@x``, ``moderator.…`` (the same tail); ``n1@x`` … ``n14@x`` (a range)."""
    ranges = re.findall(r"`([\w.]+?)(\d+)(@[\w.]+)` … `\1(\d+)\3`", cell)
    emails = []
    for prefix, first, domain, last in ranges:
        emails += [f"{prefix}{n}{domain}" for n in range(int(first), int(last) + 1)]
    tokens = re.findall(r"`([^`]+)`", cell)
    tail = None
    for token in tokens:
        if "@" in token and "…" not in token:
            tail = token.split(".", 1)[1] if token.count(".") > 1 else tail
            emails.append(token)
        elif token.endswith(".…") and tail:
            emails.append(token[:-1] + tail)
    return list(dict.fromkeys(emails))


def test_the_readme_table_is_read_whole():
    listed = [email for cell, _who in demo_table() for email in accounts_in(cell)]
    assert "moderator.zomin@demo.test" in listed and "qoshni14@demo.test" in listed
    assert "rais.navbahor@demo.test" in listed and "zomin.qoshni5@demo.test" in listed
    assert len(set(listed)) >= 35


def sign_in(email: str) -> Client:
    """A fresh browser from its own address (sign-in rate limits count per address)."""
    number = next(_addresses)
    client = Client(REMOTE_ADDR=f"10.9.{number // 250}.{number % 250 + 1}")
    response = client.post("/uz/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{email}: {response.status_code}"
    assert "confirm-email" not in response["Location"], f"{email} must confirm the e-mail first"
    return client


@pytest.mark.django_db
def test_every_listed_demo_account_signs_in(seeded):
    listed = {email for cell, _who in demo_table() for email in accounts_in(cell)}
    for email in sorted(listed):
        client = sign_in(email)
        assert int(client.session["_auth_user_id"]) == User.objects.get(email=email).pk


@pytest.mark.django_db
def test_the_listed_initiator_signs_off_a_2025_winner(seeded):
    (cell, who) = next((cell, who) for cell, who in demo_table() if "initiator" in who and "2025" in who)
    (initiator,) = accounts_in(cell)
    (responder,) = re.findall(r"`(responder\.[^`]+)`", who)
    past = Cycle.objects.get(title__contains="2025", results_published_at__isnull=False)
    winner = past.projects.get(author__email=initiator, status=ProjectStatus.SELECTED)
    assert winner.implementation_status != ImplementationStatus.DONE  # it is there to be tried
    project_report_progress(
        winner, staff=User.objects.get(email=responder), text="Tayyor.", status=ImplementationStatus.DONE, progress=100
    )
    client = sign_in(initiator)
    client.post(
        f"/uz/budget/projects/{winner.pk}/sign-off/", {"signoff-role": SignOffRole.INITIATOR, "signoff-note": "Rahmat"}
    )
    assert ProjectSignOff.objects.filter(project=winner, role=SignOffRole.INITIATOR, user__email=initiator).exists()
    chair = sign_in("rais.bogbon@demo.test")
    chair.post(f"/uz/budget/projects/{winner.pk}/sign-off/", {"signoff-role": SignOffRole.MAHALLA_CHAIR})
    assert ProjectSignOff.objects.filter(project=winner, role=SignOffRole.MAHALLA_CHAIR).exists()
