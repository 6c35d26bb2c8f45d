"""Signatures under concurrency: one per person, an exact count, one threshold event.

These tests commit (``transactional_db``) because every thread works on its own database
connection and must see the others' rows, as web processes do.

The calls really run at once, from a pool of threads, on PostgreSQL (CI, production). On
SQLite (a local ``make test`` without DATABASE_URL) these tests are skipped, with the reason
shown: SQLite lets one writer in at a time, so a serial run would prove no race.
"""

import http.client
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string

from participation.calendar import end_of_day
from participation.exceptions import ServiceError
from participation.models import ModerationItem, ModerationKind, ModerationPriority, User
from proposals.petitions.models import Petition, PetitionEvent, Signature
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from tests.fixtures.clock import T0
from tests.fixtures.concurrency import postgres_only, run_together, unexpected

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]


def sign(petition_id: int, user_id: int, *, ip: str = "", now=None):
    """What a web request does: load the petition and the person afresh, then sign."""
    return lambda: svc.petition_sign(
        petition=Petition.objects.select_related("territory").get(pk=petition_id),
        user=User.objects.select_related("home_territory").get(pk=user_id),
        ip=ip,
        now=now or T0 + timedelta(hours=1),
    )


def unsign(petition_id: int, user_id: int):
    return lambda: svc.petition_unsign(
        petition=Petition.objects.select_related("territory").get(pk=petition_id),
        user=User.objects.get(pk=user_id),
        now=T0 + timedelta(hours=1),
    )


def valid_rows(petition) -> int:
    return Signature.objects.filter(petition=petition, withdrawn_at__isnull=True, invalidation__isnull=True).count()


def collecting(make_petition, *, needed: int = 100_000, **fields) -> Petition:
    petition = make_petition(S.COLLECTING, **fields)
    Petition.objects.filter(pk=petition.pk).update(signatures_needed=needed)
    petition.refresh_from_db()
    return petition


def threshold_events(petition) -> int:
    events = PetitionEvent.objects.filter(petition=petition, from_status=S.COLLECTING, to_status=S.THRESHOLD_REACHED)
    return events.count()


# --- the services, from many threads ------------------------------------------------------------


def test_fifty_signs_by_one_person_make_one_signature(make_petition, resident):
    petition = collecting(make_petition)
    person = resident()
    outcomes = run_together([sign(petition.pk, person.pk, ip="10.1.0.1") for _ in range(50)])
    assert unexpected(outcomes) == []
    assert {signature.pk for signature in outcomes} == {Signature.objects.get(petition=petition, user=person).pk}
    petition.refresh_from_db()
    assert Signature.objects.filter(petition=petition).count() == 1
    assert petition.signature_count == 1
    assert svc.petitions_reconcile_counts() == []


def test_two_hundred_signers_count_exactly_and_cross_the_threshold_once(make_petition, resident):
    petition = collecting(make_petition, needed=150)
    people = [resident() for _ in range(200)]
    outcomes = run_together([sign(petition.pk, person.pk, ip=f"10.2.0.{i % 250}") for i, person in enumerate(people)])
    assert [o for o in outcomes if isinstance(o, Exception)] == []  # nobody refused
    petition.refresh_from_db()
    assert Signature.objects.filter(petition=petition).count() == 200
    assert petition.signature_count == 200
    assert petition.status == S.THRESHOLD_REACHED
    assert threshold_events(petition) == 1
    assert petition.answer_due_at == end_of_day(petition.threshold_reached_at + timedelta(days=15))
    assert svc.petitions_reconcile_counts() == []


def test_withdrawals_and_signatures_at_once_keep_the_count_exact(make_petition, resident):
    petition = collecting(make_petition)
    signed = [resident() for _ in range(40)]
    for person in signed:
        svc.petition_sign(petition=petition, user=person, now=T0 + timedelta(minutes=1))
    newcomers = [resident() for _ in range(20)]
    calls = [unsign(petition.pk, p.pk) for p in signed[:20]]
    # The same people withdraw and sign again at the same moment: either order is fine.
    calls += [c for p in signed[20:40] for c in (unsign(petition.pk, p.pk), sign(petition.pk, p.pk))]
    calls += [sign(petition.pk, p.pk) for p in newcomers for _ in range(2)]
    outcomes = run_together(calls)
    assert unexpected(outcomes) == []
    petition.refresh_from_db()
    assert petition.signature_count == valid_rows(petition)
    assert 20 <= petition.signature_count <= 40
    assert Signature.objects.filter(petition=petition).count() == 60
    assert svc.petitions_reconcile_counts() == []


def test_invalidation_while_people_sign_and_withdraw_keeps_the_count_exact(make_petition, resident, people):
    petition = collecting(make_petition)
    suspicious = [resident() for _ in range(20)]
    for person in suspicious:
        svc.petition_sign(petition=petition, user=person, ip="10.3.0.66", now=T0 + timedelta(minutes=1))
    newcomers = [resident() for _ in range(30)]

    def invalidate():
        return svc.signatures_invalidate(
            petition=Petition.objects.get(pk=petition.pk),
            staff=User.objects.get(pk=people.moderator.pk),
            ip="10.3.0.66",
            start=T0,
            end=T0 + timedelta(hours=2),
            reason="Bir manzildan koʻp imzo",
            now=T0 + timedelta(hours=1),
        )

    calls = [invalidate]
    calls += [unsign(petition.pk, p.pk) for p in suspicious[:10]]
    calls += [sign(petition.pk, p.pk, ip="10.3.0.66") for p in suspicious[10:]]  # already signed: no change
    calls += [sign(petition.pk, p.pk, ip="10.3.0.66" if i % 2 else "10.3.0.7") for i, p in enumerate(newcomers)]
    outcomes = run_together(calls)
    assert unexpected(outcomes) == []
    invalidation = outcomes[0]
    assert not isinstance(invalidation, Exception)
    petition.refresh_from_db()
    assert petition.signature_count == valid_rows(petition)
    assert invalidation.count == Signature.objects.filter(invalidation=invalidation).count()
    assert svc.petitions_reconcile_counts() == []


def test_closing_at_the_deadline_while_people_sign_keeps_the_count_exact(make_petition, resident):
    """The beat task closes the petition at ``closes_at`` while the last signers are still
    inside their requests: each is either counted before the close or refused after it."""
    petition = collecting(make_petition)
    people = [resident() for _ in range(60)]
    last_second = petition.closes_at - timedelta(seconds=1)
    calls = [sign(petition.pk, p.pk, now=last_second) for p in people[:30]]
    calls.append(lambda: svc.petitions_close_expired(now=petition.closes_at))
    calls += [sign(petition.pk, p.pk, now=last_second) for p in people[30:]]
    outcomes = run_together(calls)
    assert unexpected(outcomes) == []
    assert outcomes[30] == 1
    petition.refresh_from_db()
    assert petition.status == S.CLOSED
    assert petition.signature_count == valid_rows(petition) == Signature.objects.filter(petition=petition).count()
    refused = [o for o in outcomes if isinstance(o, ServiceError)]
    assert len(refused) + petition.signature_count == 60
    assert svc.petitions_reconcile_counts() == []


def test_a_burst_from_one_address_under_concurrency_opens_one_urgent_item(make_petition, resident, settings):
    settings.PETITION_IP_BURST = (5, 3600)
    petition = collecting(make_petition)
    people = [resident() for _ in range(20)]
    outcomes = run_together([sign(petition.pk, p.pk, ip="10.4.0.9") for p in people])
    assert unexpected(outcomes) == []
    items = ModerationItem.objects.filter(object_id=petition.pk, kind=ModerationKind.FLAGS)
    assert [(item.priority, item.decided_at) for item in items] == [(ModerationPriority.URGENT, None)]
    assert "10.4.0.9" in items[0].system_note


# --- the same through HTTP: the live server, real sessions, CSRF ----------------------------------

CSRF = get_random_string(32)


def session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def post(server_url: str, session: str, path: str):
    """A signed-in person's form POST (session cookie, CSRF cookie and header); the status."""
    url = urlsplit(server_url)

    def send() -> int:
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        try:
            connection.request(
                "POST",
                path,
                body="",
                headers={
                    "Cookie": f"sessionid={session}; csrftoken={CSRF}",
                    "X-CSRFToken": CSRF,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    return send


def live_petition(make_petition, *, needed: int = 100_000) -> Petition:
    """Published now, since the views sign at the real time."""
    return collecting(make_petition, needed=needed, now=timezone.now() - timedelta(minutes=5))


def test_fifty_sign_requests_by_one_person_over_http(live_server, home_page, tree, make_petition, resident):
    petition = live_petition(make_petition)
    session = session_of(resident())
    statuses = run_together(
        [post(live_server.url, session, f"/uz/petitions/{petition.pk}/sign/") for _ in range(50)], database=False
    )
    assert set(statuses) <= {302, 303}, statuses
    petition.refresh_from_db()
    assert Signature.objects.filter(petition=petition).count() == 1
    assert petition.signature_count == 1


def test_two_hundred_signers_over_http(live_server, home_page, tree, make_petition, resident):
    petition = live_petition(make_petition, needed=150)
    sessions = [session_of(resident()) for _ in range(200)]
    statuses = run_together(
        [post(live_server.url, session, f"/uz/petitions/{petition.pk}/sign/") for session in sessions],
        workers=32,
        database=False,
    )
    assert set(statuses) <= {302, 303}, statuses
    petition.refresh_from_db()
    assert Signature.objects.filter(petition=petition).count() == 200
    assert petition.signature_count == 200
    assert petition.status == S.THRESHOLD_REACHED
    assert threshold_events(petition) == 1
    assert svc.petitions_reconcile_counts() == []


def test_a_transition_does_not_wait_for_signers_holding_the_petitions_key(make_petition, resident):
    """A signer's INSERT holds FOR KEY SHARE on the petition (its foreign key) while it queues
    for the count's row lock. The threshold's transition runs under that count lock: had it
    asked FOR UPDATE it would wait for the signer, who waits for it (a deadlock PostgreSQL broke
    with a 500 under two hundred signers). Its lock must not conflict with the key share."""
    import psycopg
    from django.db import connection, transaction

    petition = collecting(make_petition)
    settings = connection.settings_dict
    signer = psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    try:
        signer.execute("BEGIN")
        signer.execute(f"SELECT 1 FROM {Petition._meta.db_table} WHERE id = %s FOR KEY SHARE", [petition.pk])
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Not a timing assertion: a compatible lock is granted at once, a conflicting
                # one would wait for the other connection forever; the timeout turns that into
                # an error instead of a hang.
                cursor.execute("SET LOCAL lock_timeout = '5s'")
            svc.petition_transition(petition, S.THRESHOLD_REACHED, mover="system", actor=None)
    finally:
        signer.rollback()
        signer.close()
    petition.refresh_from_db()
    assert petition.status == S.THRESHOLD_REACHED
