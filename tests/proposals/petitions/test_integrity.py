"""What keeps petition data honest: the append-only timeline, the nightly count check, the
rate limits, and the alarm on a burst of signatures from one address."""

import copy
import importlib
import logging
import uuid
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction

from participation.exceptions import ServiceError
from participation.models import ModerationItem, ModerationKind, ModerationPriority
from participation.ratelimit import TOO_MANY
from proposals.petitions.models import Cosponsor, Petition, PetitionEvent, Signature
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from proposals.petitions.tasks import reconcile_signature_counts
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)
append_only_migration = importlib.import_module("proposals.migrations.0002_defaults_and_append_only_events")


# --- the timeline -------------------------------------------------------------------------------


class RecordingSchemaEditor:
    def __init__(self):
        self.connection = connection
        self.executed: list[str] = []

    def execute(self, sql):
        self.executed.append(sql)


def test_the_timeline_is_append_only_on_postgresql(make_petition):
    """PostgreSQL refuses to change or delete a PetitionEvent row, whoever asks.

    The guarantee lives in a PostgreSQL trigger, so on SQLite (local runs only; CI and
    production use PostgreSQL) the migration deliberately does nothing and the rows are
    protected only by the code: no service updates or deletes an event, the admin is read-only.
    """
    petition = make_petition(S.GATHERING)
    event = petition.events.first()
    editor = RecordingSchemaEditor()
    append_only_migration.append_only(None, editor)
    if connection.vendor != "postgresql":
        assert editor.executed == []
        table = PetitionEvent._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
            assert cursor.fetchall() == []
        return
    assert editor.executed == [append_only_migration.APPEND_ONLY]

    def save_changed():
        event.note = "Boshqa izoh"
        event.save()

    def raw_delete():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM proposals_petitionevent WHERE id = %s", [event.pk])

    changes = [
        save_changed,
        lambda: PetitionEvent.objects.filter(petition=petition).update(to_status=S.COLLECTING),
        lambda: PetitionEvent.objects.get(pk=event.pk).delete(),
        raw_delete,
        lambda: Petition.objects.get(pk=petition.pk).delete(),  # a petition with a history stays
    ]
    for change in changes:
        with pytest.raises(DatabaseError, match="petition events are append-only"), transaction.atomic():
            change()
    event.refresh_from_db()
    assert (event.note, event.to_status) == ("", S.DRAFT)
    assert Petition.objects.filter(pk=petition.pk).exists()
    # Appending goes on, and a deliberate erasure can open the lock for its own transaction.
    svc.petition_withdraw(petition=petition, author=petition.author, now=T0)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL proposals.allow_event_delete = 'on'")
        Petition.objects.get(pk=petition.pk).delete()
    assert not PetitionEvent.objects.filter(petition_id=petition.pk).exists()


# --- the nightly count check ----------------------------------------------------------------------

TAMPERING = {
    "count raised": "UPDATE proposals_petition SET signature_count = signature_count + 7 WHERE id = %s",
    "row withdrawn behind the count's back": (
        "UPDATE proposals_signature SET withdrawn_at = created_at"
        " WHERE id = (SELECT MIN(id) FROM proposals_signature WHERE petition_id = %s)"
    ),
}


@pytest.mark.parametrize("tampering", TAMPERING, ids=list(TAMPERING))
def test_reconciliation_reports_a_count_that_drifted_from_the_rows(make_petition, resident, caplog, tampering):
    petition = make_petition(S.COLLECTING)
    untouched = make_petition(S.COLLECTING)
    for target in [petition, petition, petition, untouched]:
        svc.petition_sign(petition=target, user=resident(), now=T0 + MINUTE)
    assert svc.petitions_reconcile_counts() == []
    with connection.cursor() as cursor:
        cursor.execute(TAMPERING[tampering], [petition.pk])
    petition.refresh_from_db()
    shown = petition.signature_count
    real = Signature.objects.filter(petition=petition, withdrawn_at__isnull=True, invalidation__isnull=True).count()
    assert shown != real

    with caplog.at_level(logging.ERROR, logger="proposals.petitions.services.lifecycle"):
        assert svc.petitions_reconcile_counts() == [(petition.pk, shown, real)]
        assert reconcile_signature_counts.delay().get() == 1
    assert [record.getMessage() for record in caplog.records if record.levelno == logging.ERROR] == [
        f"Petition {petition.pk} shows {shown} signatures but has {real} valid ones"
    ] * 2
    petition.refresh_from_db()
    assert petition.signature_count == shown  # reported, never silently repaired


# --- rate limits ---------------------------------------------------------------------------------


@pytest.fixture
def limits(settings):
    """Set tight limits for one action; counters start from zero in a key space of this test
    alone (the same cache backend, Redis in CI, under a prefix of its own)."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"{caches['default'].get('KEY_PREFIX', '')}-ratelimit-{uuid.uuid4().hex}"
    settings.CACHES = caches

    def set_limits(action: str, *, user: int, ip: int):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, action: {"user": (user, 3600), "ip": (ip, 3600)}}

    return set_limits


def too_many(call) -> None:
    with pytest.raises(ServiceError) as error:
        call()
    assert error.value.message == TOO_MANY


def test_signing_beyond_the_limits_is_refused_and_writes_nothing(make_petition, resident, limits):
    first, second = make_petition(S.COLLECTING), make_petition(S.COLLECTING)
    limits("petition_sign", user=1, ip=2)
    person = resident()
    svc.petition_sign(petition=first, user=person, ip="10.20.0.1", now=T0 + MINUTE)
    too_many(lambda: svc.petition_sign(petition=second, user=person, ip="10.20.0.2", now=T0 + MINUTE))
    svc.petition_sign(petition=second, user=resident(), ip="10.20.0.3", now=T0 + MINUTE)
    svc.petition_sign(petition=second, user=resident(), ip="10.20.0.3", now=T0 + MINUTE)
    too_many(lambda: svc.petition_sign(petition=second, user=resident(), ip="10.20.0.3", now=T0 + MINUTE))
    for petition, count in [(first, 1), (second, 2)]:
        petition.refresh_from_db()
        assert petition.signature_count == Signature.objects.filter(petition=petition).count() == count
    assert not Signature.objects.filter(petition=second, user=person).exists()


def test_drafting_beyond_the_limits_is_refused_and_writes_nothing(tree, resident, limits):
    limits("petition_create", user=1, ip=2)

    def draft(author, ip):
        return svc.petition_draft(
            author=author,
            territory=tree.yangiqorgon,
            title="Koʻcha chiroqlari",
            ip=ip,
            now=T0,
            text="Istiqlol mahallasining markaziy koʻchasida kechasi chiroq yonmaydi.",
        )

    author = resident()
    draft(author, "10.21.0.1")
    too_many(lambda: draft(author, "10.21.0.2"))
    draft(resident(), "10.21.0.3")
    draft(resident(), "10.21.0.3")
    too_many(lambda: draft(resident(), "10.21.0.3"))
    assert Petition.objects.filter(author=author).count() == 1
    assert Petition.objects.count() == 3


def test_cosponsoring_beyond_the_limits_is_refused_and_writes_nothing(make_petition, resident, limits):
    first, second = make_petition(S.GATHERING), make_petition(S.GATHERING)
    limits("petition_cosponsor", user=1, ip=2)

    def cosponsor(petition, user, ip):
        return svc.petition_cosponsor(petition=petition, user=user, token=petition.invite_token, ip=ip, now=T0)

    person = resident()
    cosponsor(first, person, "10.22.0.1")
    too_many(lambda: cosponsor(second, person, "10.22.0.2"))
    cosponsor(second, resident(), "10.22.0.3")
    cosponsor(second, resident(), "10.22.0.3")
    too_many(lambda: cosponsor(second, resident(), "10.22.0.3"))
    for petition, count in [(first, 1), (second, 2)]:
        petition.refresh_from_db()
        assert petition.cosponsor_count == Cosponsor.objects.filter(petition=petition).count() == count
    assert not Cosponsor.objects.filter(petition=second, user=person).exists()


# --- a burst of signatures from one address -------------------------------------------------------


def test_a_burst_is_flagged_when_the_checks_run_out_of_order(
    make_petition, resident, settings, django_capture_on_commit_callbacks
):
    """Concurrent signers commit out of order: here the sixth signature's after-commit check
    runs before the fifth's, which crossed the burst size; one item, from the first to run."""
    settings.PETITION_IP_BURST = (5, 3600)
    petition = make_petition(S.COLLECTING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for minute in range(6):
            svc.petition_sign(petition=petition, user=resident(), ip="10.30.0.7", now=T0 + minute * MINUTE)
    checks = [check for check in callbacks if "petition_sign" in check.__qualname__]
    for check in reversed(checks):
        check()
    flagged = ModerationItem.objects.get(
        object_id=petition.pk, content_type__model="petition", kind=ModerationKind.FLAGS
    )
    assert (flagged.priority, flagged.decided_at) == (ModerationPriority.URGENT, None)
    assert flagged.system_note == "6 signatures from one address (10.30.0.7) within an hour."


def test_a_burst_from_one_address_opens_one_urgent_item(
    make_petition, resident, settings, django_capture_on_commit_callbacks
):
    settings.PETITION_IP_BURST = (5, 3600)
    petition = make_petition(S.COLLECTING)

    def svc_sign(**kwargs):  # the flag is raised after each signature's commit
        with django_capture_on_commit_callbacks(execute=True):
            return svc.petition_sign(**kwargs)

    for minute in range(8):
        svc_sign(petition=petition, user=resident(), ip="10.30.0.5", now=T0 + minute * MINUTE)
    for minute in range(4):
        svc_sign(petition=petition, user=resident(), ip=f"10.30.1.{minute}", now=T0 + minute * MINUTE)
    # The same address again after the window: it is still the one open item.
    later = T0 + timedelta(hours=3)
    for minute in range(5):
        svc_sign(petition=petition, user=resident(), ip="10.30.0.5", now=later + minute * MINUTE)

    items = ModerationItem.objects.filter(object_id=petition.pk, content_type__model="petition")
    flagged = items.get(kind=ModerationKind.FLAGS)
    assert (flagged.priority, flagged.decided_at, flagged.flag_count) == (ModerationPriority.URGENT, None, 0)
    assert flagged.system_note == "5 signatures from one address (10.30.0.5) within an hour."
    assert items.filter(decided_at__isnull=True).count() == 1
    petition.refresh_from_db()
    assert petition.signature_count == 17  # flagged to moderators, never annulled by itself


def test_signatures_from_many_addresses_raise_no_alarm(make_petition, resident, settings):
    settings.PETITION_IP_BURST = (5, 3600)
    petition = make_petition(S.COLLECTING)
    for i in range(12):
        svc.petition_sign(petition=petition, user=resident(), ip=f"10.31.0.{i % 4}", now=T0 + i * MINUTE)
    assert not ModerationItem.objects.filter(object_id=petition.pk, kind=ModerationKind.FLAGS).exists()


def test_a_signer_who_moved_away_taps_again_and_is_told_they_signed(make_petition, resident, tree):
    """Whether someone may sign is asked of a new signature only: a person who signed and has
    since moved out of the district keeps the signature, and a second tap says so."""
    petition = make_petition(S.COLLECTING)
    person = resident()
    first = svc.petition_sign(petition=petition, user=person, ip="10.70.0.1", now=T0)
    person.home_territory = tree.zomin
    person.save(update_fields=["home_territory"])
    again = svc.petition_sign(petition=petition, user=person, ip="10.70.0.1", now=T0 + timedelta(minutes=1))
    petition.refresh_from_db()
    assert (again.pk, again.created_at, petition.signature_count) == (first.pk, first.created_at, 1)
