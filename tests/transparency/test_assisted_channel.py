"""An act an operator did for a resident counts in the report's "by channel" table under
"With an operator's help", on the live report page as in the computed section."""

import re

import pytest
from django.db import transaction

from participation.assisted.models import AssistedActKind, ConsentMethod
from participation.assisted.services import Assistance, assisted_act_record
from participation.demographics import acting_through
from participation.models import Channel, StaffRoleKind
from participation.transparency.participants import participants_report
from participation.transparency.periods import period_parse
from proposals.petitions.services import lifecycle as petitions
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db

NOVEMBER = period_parse(f"{T0.year}-{T0.month:02d}")


def by_channel(report) -> dict:
    table = next(item for item in report["tables"] if item["key"] == "acts_by_channel")
    return {row["key"]: row["value"] for row in table["rows"]}


def test_assisted_signatures_count_under_with_an_operators_help(
    at_t0, client, pages, publish, resident, make_staff, tree
):
    operator = make_staff(StaffRoleKind.OPERATOR, tree.yangiqorgon)
    petition = publish("Suv quvuri")
    for number in range(6):
        person = resident()
        with acting_through(Channel.ASSISTED), transaction.atomic():
            signature = petitions.petition_sign(petition=petition, user=person)
            assisted_act_record(
                assistance=Assistance(
                    operator=operator,
                    resident=person,
                    centre_id=None,
                    consent_method=ConsentMethod.PAPER_FORM,
                    consent_reference=f"PSC-{number}",
                ),
                kind=AssistedActKind.PETITION_SIGNATURE,
                target=signature,
            )
    for _ in range(5):  # on their own, online (enough that no cell is hidden as small)
        petitions.petition_sign(petition=petition, user=resident())
    channels = by_channel(participants_report(tree.yangiqorgon, NOVEMBER))
    assert (channels[Channel.ASSISTED], channels[Channel.WEB]) == (6, 5)

    html = client.get(f"{pages.yangiqorgon.url}report/{NOVEMBER.slug}/".replace("/uz/", "/en/", 1)).content.decode()
    assert re.search(r"With an operator(&#x27;|')s help</th>\s*<td[^>]*>\s*6\s*<", html), html[
        html.find("operator") - 200 :
    ][:600]
