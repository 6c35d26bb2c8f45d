"""Signatures by mahalla are counted in the signing transaction, like the petition's own count:
the page, its chart and its exports read a row per mahalla instead of every signature, so a
petition with 200,000 signatures costs what one with ten does."""

import importlib
import random
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.comments.models import Comment
from participation.comments.services import comment_post
from participation.exceptions import ServiceError
from proposals.petitions.models import MahallaSignatureCount, Petition, Signature
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from tests.factories.territories import mahalla
from tests.fixtures.clock import T0
from tests.fixtures.petitions import published_recently, sign, url

MINUTE = timedelta(minutes=1)


def counted(petition) -> dict:
    """What the table says: valid signatures per mahalla id (None: no mahalla)."""
    rows = MahallaSignatureCount.objects.filter(petition=petition, count__gt=0)
    return dict(rows.values_list("mahalla_id", "count"))


def real(petition) -> dict:
    """What the signature rows say."""
    valid = Signature.objects.filter(petition=petition, withdrawn_at__isnull=True, invalidation__isnull=True)
    return dict(valid.values_list("mahalla_id").annotate(n=Count("pk")).values_list("mahalla_id", "n"))


def test_a_random_mix_of_signing_withdrawing_renewing_and_invalidating_keeps_the_counts_exact(
    make_petition, resident, tree, people
):
    petition = make_petition(S.COLLECTING, now=T0)
    # Three mahallas and people whose home is the district itself (counted without a mahalla).
    homes = [tree.navbahor, tree.istiqlol, mahalla(tree.yangiqorgon, "Guliston"), tree.yangiqorgon]
    signers = [resident(homes[i % len(homes)]) for i in range(24)]
    addresses = ["10.50.0.1", "10.50.0.2", "10.50.0.3"]
    rng = random.Random(13)
    now = T0
    invalidations = 0
    for _step in range(150):
        now += MINUTE
        person = rng.choice(signers)
        action = rng.choices(["sign", "unsign", "invalidate"], weights=[6, 3, 1])[0]
        try:
            if action == "sign":  # a first signature, a double tap or a renewal
                svc.petition_sign(petition=petition, user=person, ip=rng.choice(addresses), now=now)
            elif action == "unsign":
                svc.petition_unsign(petition=petition, user=person, now=now)
            else:
                svc.signatures_invalidate(
                    petition=petition,
                    staff=people.moderator,
                    ip=rng.choice(addresses),
                    start=now - 20 * MINUTE,
                    end=now,
                    reason="Bir qurilmadan koʻp imzo.",
                    now=now,
                )
                invalidations += 1
        except ServiceError:
            pass  # not signed, invalidated earlier, nothing to invalidate: refused, nothing changed
        assert counted(petition) == real(petition)
    petition.refresh_from_db()
    assert sum(counted(petition).values()) == petition.signature_count
    # The mix did what it says: every kind of change happened.
    rows = Signature.objects.filter(petition=petition)
    assert invalidations and rows.filter(invalidation__isnull=False).exists()
    assert rows.filter(withdrawn_at__isnull=False).exists() and None in counted(petition)


def test_a_renewed_signature_counts_where_the_signer_lives_now(make_petition, resident, tree):
    petition = make_petition(S.COLLECTING, now=T0)
    person = resident(tree.navbahor)
    svc.petition_sign(petition=petition, user=person, now=T0 + MINUTE)
    svc.petition_unsign(petition=petition, user=person, now=T0 + 2 * MINUTE)
    person.home_territory = tree.istiqlol
    person.save(update_fields=["home_territory"])
    svc.petition_sign(petition=petition, user=person, now=T0 + 3 * MINUTE)
    assert counted(petition) == real(petition) == {tree.istiqlol.pk: 1}


def test_a_refused_signature_counts_nowhere(make_petition, resident, tree):
    petition = make_petition(S.COLLECTING, now=published_recently())
    sign(petition, resident(tree.navbahor))
    Petition.objects.filter(pk=petition.pk).update(closes_at=T0)  # closed meanwhile
    with pytest.raises(ServiceError):
        svc.petition_sign(petition=petition, user=resident(tree.istiqlol), now=T0 - MINUTE + timedelta(days=1))
    assert counted(petition) == real(petition) == {tree.navbahor.pk: 1}


def test_the_migration_counts_the_signatures_already_there(make_petition, resident, tree):
    petition = make_petition(S.COLLECTING, now=published_recently())
    sign(
        petition, resident(tree.navbahor), resident(tree.navbahor), resident(tree.istiqlol), resident(tree.yangiqorgon)
    )
    svc.petition_unsign(petition=petition, user=Signature.objects.filter(petition=petition).first().user)
    expected = real(petition)
    MahallaSignatureCount.objects.all().delete()
    migration = importlib.import_module("proposals.migrations.0012_signing_mahalla_counts")
    migration.count_existing_signatures(apps, None)
    assert counted(petition) == expected and sum(expected.values()) == 3


# --- the page and its exports stay flat ----------------------------------------------------------

PAGES = ("", "export.csv", "export.json", "signatures.svg")


def grow(petition, resident, homes, *, signatures: int, comments: int):
    """Bring the petition to ``signatures`` signatures spread over ``homes`` and ``comments``
    published comments, each with a published reply."""
    while petition.signature_count < signatures:
        sign(petition, resident(homes[petition.signature_count % len(homes)]))
    while Comment.objects.filter(parent__isnull=True).count() < comments:
        comment = comment_post(petition, author=resident(), text="Toʻgʻri, yoʻl juda yomon ahvolda.")
        Comment.objects.filter(pk=comment.pk).update(approved_at=timezone.now())
        comment.refresh_from_db()
        reply = comment_post(petition, author=resident(), text="Qoʻshilaman.", parent=comment)
        Comment.objects.filter(pk=reply.pk).update(approved_at=timezone.now())


def test_the_page_and_its_exports_cost_the_same_at_many_signatures_and_never_read_them(client, publish, resident, tree):
    petition = publish()
    homes = [tree.navbahor, tree.istiqlol] + [mahalla(tree.yangiqorgon, f"Mahalla {i}") for i in range(10)]
    reader = resident(tree.istiqlol)
    costs = []
    for signatures, comments in ((3, 1), (36, 8)):
        grow(petition, resident, homes, signatures=signatures, comments=comments)
        cost = {}
        for who in ("anonymous", "signed in"):
            if who == "signed in":
                client.force_login(reader)
            for suffix in PAGES:
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url(petition, suffix))
                assert response.status_code == 200
                cost[who, suffix] = len(queries)
                # The counts come from their table; the only signature ever read is the reader's own.
                over_signatures = [q["sql"] for q in queries if 'FROM "proposals_signature"' in q["sql"]]
                assert all('"user_id" = ' in sql for sql in over_signatures), over_signatures
            client.logout()
        costs.append(cost)
    assert costs[0] == costs[1], costs
    assert "Mahalla 9" in client.get(url(petition, "export.csv")).content.decode()
    assert f"{petition.signature_count} of 500 signatures" in client.get(url(petition)).content.decode()


def test_a_signature_costs_the_same_statements_at_the_thirtieth_signer_as_at_the_first(client, publish, resident, tree):
    """The sign request: the session, the person with their home territory, then (on
    PostgreSQL) the INSERT with its place in the counting queue, and the count of that queue
    into the petition's and the mahalla's counts (one statement each); elsewhere the petition
    and the full path. Nothing counts signature rows, and no territory is read on its own."""
    petition = publish()
    costs = []
    for total in (1, 30):
        while petition.signature_count < total - 1:
            sign(petition, resident(tree.istiqlol))
        client.force_login(resident())
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url(petition, "sign/"), REMOTE_ADDR="10.60.0.1")
        assert response.status_code == 302
        petition.refresh_from_db()
        assert petition.signature_count == total
        statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
        assert len(statements) <= (4 if connection.vendor == "postgresql" else 6), statements
        assert not [sql for sql in statements if sql.startswith('SELECT "participation_territory"')], statements
        assert not [sql for sql in statements if "COUNT(" in sql.upper() and '"proposals_signature"' in sql]
        costs.append(len(queries))
    assert costs[0] == costs[1]
