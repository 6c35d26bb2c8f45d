"""The statements of the signing transaction, each a single round trip to the database.

Signing is the platform's hottest write (a viral petition takes hundreds of thousands of
signatures in days), so each step is one statement that both writes and answers: the
signature is inserted unless the person's row exists (``ON CONFLICT DO NOTHING RETURNING``),
the count comes back from the ``UPDATE`` that changes it, and the count of a mahalla is an
upsert. On PostgreSQL a first signature does all three in one statement (a data-modifying
WITH). PostgreSQL and SQLite (3.35 or newer) both speak the rest; the ORM has no words for
it, hence the few lines of SQL here, built from the models' own tables and columns.

Only ``proposals.petitions.services.lifecycle`` calls these: it holds the rules and the
transaction around them.
"""

import functools
from collections.abc import Iterable
from datetime import UTC, datetime

from django.db import OperationalError, connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from participation.models import Territory
from proposals.petitions.models import MahallaSignatureCount, Petition, Signature, UncountedSignature

DEADLOCK_DETECTED = "40P01"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _fetchone(sql: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _insert_once(signature: Signature) -> tuple[str, list]:
    fields = [field for field in Signature._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    values = [field.get_db_prep_save(getattr(signature, field.attname), connection) for field in fields]
    return (
        f"INSERT INTO {_table(Signature)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({_column(Signature, 'petition')}, {_column(Signature, 'user')}) DO NOTHING "
        f"RETURNING {_column(Signature, 'id')}",
        values,
    )


def _inserted(signature: Signature, pk: int) -> None:
    signature.pk = pk
    signature._state.adding = False
    signature._state.db = connection.alias


def signature_insert_once(signature: Signature) -> bool:
    """Insert ``signature`` unless this person's row for this petition exists (valid, withdrawn
    or invalidated). True when inserted; ``signature`` then has its id. The unique constraint
    decides, so concurrent requests of one person insert exactly one row between them."""
    row = _fetchone(*_insert_once(signature))
    if row is None:
        return False
    _inserted(signature, row[0])
    return True


def signature_insert_counted(
    signature: Signature, *, open_statuses: Iterable[str], open_at: datetime
) -> tuple[bool, tuple[int, str] | None]:
    """A first signature: ``signature_insert_once``, then, when it inserted, the petition's and
    the mahalla's count up by one (``petition_and_mahalla_count_add`` with ``open_at``).
    Returns (inserted, the new (count, status) or None when the petition was not open), in
    one statement on PostgreSQL: each sub-statement runs only when the one before it wrote,
    as the separate statements would, so a double tap changes no count. The caller's
    transaction is rolled back when the petition was not open, since the row was inserted."""
    if connection.vendor != "postgresql":
        if not signature_insert_once(signature):
            return False, None
        return True, petition_and_mahalla_count_add(
            signature.petition_id, signature.mahalla_id, 1, open_statuses=open_statuses, open_at=open_at
        )
    insert, insert_params = _insert_once(signature)
    update, update_params = _petition_update(
        signature.petition_id, 1, open_statuses, open_at, only_if="EXISTS (SELECT 1 FROM inserted)"
    )
    upsert, upsert_params = _mahalla_upsert(signature.petition_id, signature.mahalla_id, 1, source="FROM changed")
    pk, count, status = _fetchone(
        f"WITH inserted AS ({insert}), changed AS ({update}), counted AS ({upsert}) "
        "SELECT (SELECT * FROM inserted), changed.* FROM (SELECT 1) AS one LEFT JOIN changed ON TRUE",
        [*insert_params, *update_params, *upsert_params],
    )
    if pk is None:
        return False, None
    _inserted(signature, pk)
    return True, (None if count is None else (count, status))


def signature_insert_if_eligible(
    signature: Signature,
    *,
    verification_level: int,
    home_path: str | None,
    open_statuses: Iterable[str],
    open_at: datetime,
    short_of_threshold: str,
    threshold_margin: int,
) -> int | None:
    """A first signature without reading the petition first (PostgreSQL only): one statement,
    run on its own (autocommit: its own transaction, one round trip), that inserts
    ``signature`` only if the person may sign the petition now and has no row for it yet, and
    queues it to be counted (``UncountedSignature``). Returns the petition's signatures needed,
    or None when it wrote nothing.

    The petition qualifies when it is in ``open_statuses`` and closes after ``open_at``, asks
    no more than ``verification_level``, admits the person's home (``home_path``: None for
    nobody's) when it is for residents only, and, while it is in the status
    ``short_of_threshold``, its count is more than ``threshold_margin`` short of the
    threshold, so that the signature which reaches it is always made by the full path, which
    counts it at once and changes the status. The rules are those of the full path
    (``lifecycle._support_refusal`` and ``petition_collecting``); a test runs both on the same
    people.

    No lock on the petition: signers no longer queue for its row. A signature made at the
    moment a transition (closing, hiding) commits is therefore taken as made just before it,
    and is counted like every other."""
    statuses = tuple(open_statuses)
    sql = _eligible_insert_sql(len(statuses), home_path is not None)
    values = [field.get_db_prep_save(getattr(signature, field.attname), connection) for field in _signature_fields()]
    row = _fetchone(
        sql,
        [
            signature.petition_id,
            *statuses,
            connection.ops.adapt_datetimefield_value(open_at),
            verification_level,
            *([home_path] if home_path is not None else []),
            short_of_threshold,
            threshold_margin,
            *values,
        ],
    )
    if row is None:
        return None
    pk, signatures_needed = row
    _inserted(signature, pk)
    return signatures_needed


def signature_counts_roll_up(petition_id: int, *, wait: bool) -> tuple[int, int, str, int] | None:
    """Move the petition's uncounted signatures into its counts (the petition's and each
    mahalla's), under the petition's row lock, in one statement. Returns (signatures moved, the
    new count, status, signatures needed), or None when there was nothing to move or, without
    ``wait``, when someone else holds the lock (they are moving them, or will: the rows stay).

    Only a holder of the petition's lock deletes these rows, so no two roll-ups count one row;
    a row committed after this statement began stays for the next one. Off PostgreSQL there
    are none (the fast path runs on PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return None
    row = _fetchone_retrying_deadlock(_roll_up_sql(wait), [petition_id, petition_id, petition_id, petition_id])
    if row is None or not row[0]:
        return None
    return row


def signature_counts_pending() -> list[int]:
    """The petitions with signatures waiting to be counted."""
    petition = _column(UncountedSignature, "petition")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT {petition} FROM {_table(UncountedSignature)}")
        return [row[0] for row in cursor.fetchall()]


@functools.cache
def _roll_up_sql(wait: bool) -> str:
    p_id, count, status, needed = (
        _column(Petition, name) for name in ("id", "signature_count", "status", "signatures_needed")
    )
    petitions, uncounted, counts = _table(Petition), _table(UncountedSignature), _table(MahallaSignatureCount)
    u_petition, u_mahalla = _column(UncountedSignature, "petition"), _column(UncountedSignature, "mahalla")
    m_petition, m_mahalla, m_count = (_column(MahallaSignatureCount, name) for name in ("petition", "mahalla", "count"))
    territories, t_id = _table(Territory), _column(Territory, "id")

    def add_to_mahallas(which: str, target: str) -> str:
        return (
            f"INSERT INTO {counts} ({m_petition}, {m_mahalla}, {m_count}) "
            f"SELECT CAST(%s AS bigint), mahalla, moved FROM by_mahalla WHERE mahalla IS {which} "
            f"ON CONFLICT {target} DO UPDATE SET {m_count} = {counts}.{m_count} + EXCLUDED.{m_count}"
        )

    return (
        f"WITH locked AS (SELECT {p_id} FROM {petitions} WHERE {p_id} = %s "
        f"FOR NO KEY UPDATE{'' if wait else ' SKIP LOCKED'}), "
        f"gone AS (DELETE FROM {uncounted} AS uncounted USING locked "
        f"WHERE uncounted.{u_petition} = locked.{p_id} RETURNING uncounted.{u_mahalla} AS mahalla), "
        # A mahalla deleted meanwhile (territories are retired, not deleted, but a queued row
        # has no key to stop it) counts as none, as its signatures' SET_NULL makes them.
        f"by_mahalla AS (SELECT (SELECT {t_id} FROM {territories} WHERE {t_id} = gone.mahalla) AS mahalla, "
        "count(*) AS moved FROM gone GROUP BY 1), "
        f"in_mahallas AS ({add_to_mahallas('NOT NULL', f'({m_petition}, {m_mahalla}) WHERE {m_mahalla} IS NOT NULL')}), "
        f"outside AS ({add_to_mahallas('NULL', f'({m_petition}) WHERE {m_mahalla} IS NULL')}), "
        f"changed AS (UPDATE {petitions} SET {count} = {count} + (SELECT count(*) FROM gone) "
        f"WHERE {p_id} = %s AND EXISTS (SELECT 1 FROM gone) RETURNING {count}, {status}, {needed}) "
        "SELECT (SELECT count(*) FROM gone), changed.* FROM changed"
    )


# PostgreSQL breaks a lock cycle by aborting one statement of it ("deadlock detected"). When
# signers queued for the petition's row, two statements that each locked it and then updated
# it were seen to close such a cycle on the row's lock queue (the UPDATE re-taking the row its
# own FOR NO KEY UPDATE holds, shared with the key-share locks of signatures being inserted,
# while the next in the queue holds the tuple lock). A roll-up run on its own is such a
# statement; aborted, it wrote nothing, so running it again is safe; inside a caller's
# transaction it is not (the transaction is aborted), and the error goes up.
DEADLOCK_RETRIES = 3


def _fetchone_retrying_deadlock(sql: str, params: list):
    for attempt in range(DEADLOCK_RETRIES):
        try:
            return _fetchone(sql, params)
        except OperationalError as error:
            deadlock = getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED
            if not deadlock or connection.in_atomic_block or attempt == DEADLOCK_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


@functools.cache
def _signature_fields() -> list:
    return [field for field in Signature._meta.concrete_fields if not field.primary_key]


@functools.cache
def _eligible_insert_sql(statuses: int, has_home: bool) -> str:
    """The statement of ``signature_insert_if_eligible``, built once per shape: composing it
    cost as much as a third of a bare POST's time."""
    p, t = "petition", "territory"
    residence = f"NOT {p}.{_column(Petition, 'residents_only')}"
    if has_home:
        path = f"{t}.{_column(Territory, 'path')}"
        residence = f"({residence} OR left(%s, length({path})) = {path})"
    count, needed, status = (
        f"{p}.{_column(Petition, name)}" for name in ("signature_count", "signatures_needed", "status")
    )
    eligible = (
        f"SELECT {p}.{_column(Petition, 'id')}, {needed} AS needed FROM {_table(Petition)} AS {p} "
        f"JOIN {_table(Territory)} AS {t} ON {t}.{_column(Territory, 'id')} = {p}.{_column(Petition, 'territory')} "
        f"WHERE {p}.{_column(Petition, 'id')} = %s AND {status} IN ({', '.join(['%s'] * statuses)}) "
        f"AND {p}.{_column(Petition, 'closes_at')} > %s "
        f"AND {p}.{_column(Petition, 'verification_level')} <= %s AND {residence} "
        f"AND ({status} <> %s OR {count} + %s < {needed})"
    )
    fields = _signature_fields()
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    # Typed placeholders: in SELECT ... FROM, PostgreSQL cannot infer a bare NULL's type.
    typed = ", ".join(f"CAST(%s AS {field.cast_db_type(connection)})" for field in fields)
    petition_column, mahalla_column = _column(Signature, "petition"), _column(Signature, "mahalla")
    insert = (
        f"INSERT INTO {_table(Signature)} ({columns}) SELECT {typed} FROM eligible "
        f"ON CONFLICT ({petition_column}, {_column(Signature, 'user')}) DO NOTHING "
        f"RETURNING {_column(Signature, 'id')}, {petition_column}, {mahalla_column}"
    )
    queue = (
        f"INSERT INTO {_table(UncountedSignature)} "
        f"({_column(UncountedSignature, 'petition')}, {_column(UncountedSignature, 'mahalla')}) "
        f"SELECT {petition_column}, {mahalla_column} FROM inserted"
    )
    return (
        f"WITH eligible AS ({eligible}), inserted AS ({insert}), queued AS ({queue}) "
        f"SELECT inserted.{_column(Signature, 'id')}, eligible.needed FROM inserted, eligible"
    )


def signature_withdraw(
    *, petition_id: int, user_id: int, now: datetime
) -> tuple[int | None, str | None, datetime] | None:
    """Mark the person's valid signature withdrawn; its (mahalla id, address, signing time), or
    None when there was no valid signature to withdraw."""
    withdrawn = _column(Signature, "withdrawn_at")
    row = _fetchone(
        f"UPDATE {_table(Signature)} SET {withdrawn} = %s "
        f"WHERE {_column(Signature, 'petition')} = %s AND {_column(Signature, 'user')} = %s "
        f"AND {withdrawn} IS NULL AND {_column(Signature, 'invalidation')} IS NULL "
        f"RETURNING {_column(Signature, 'mahalla')}, {_column(Signature, 'ip')}, {_column(Signature, 'created_at')}",
        [connection.ops.adapt_datetimefield_value(now), petition_id, user_id],
    )
    if row is None:
        return None
    mahalla_id, ip, signed_at = row
    if not isinstance(signed_at, datetime):  # SQLite answers text
        signed_at = parse_datetime(signed_at)
    if timezone.is_naive(signed_at):
        signed_at = timezone.make_aware(signed_at, UTC)
    return mahalla_id, (str(ip) if ip else None), signed_at


def _petition_update(
    petition_id: int, delta: int, open_statuses: Iterable[str], open_at: datetime | None, *, only_if: str = ""
) -> tuple[str, list]:
    count = _column(Petition, "signature_count")
    status = _column(Petition, "status")
    sql = f"UPDATE {_table(Petition)} SET {count} = {count} + %s WHERE {_column(Petition, 'id')} = %s"
    params: list = [delta, petition_id]
    if open_at is not None:
        statuses = list(open_statuses)
        sql += f" AND {status} IN ({', '.join(['%s'] * len(statuses))}) AND {_column(Petition, 'closes_at')} > %s"
        params += [*statuses, connection.ops.adapt_datetimefield_value(open_at)]
    if only_if:
        sql += f" AND {only_if}"
    return f"{sql} RETURNING {count}, {status}", params


def petition_count_add(
    petition_id: int, delta: int, *, open_statuses: Iterable[str] = (), open_at: datetime | None = None
) -> tuple[int, str] | None:
    """Add ``delta`` to the petition's count; its new (count, status), or None when the petition
    is not open (with ``open_at``: in one of ``open_statuses`` and closing after ``open_at``).

    The UPDATE takes the petition's row lock, so concurrent signers queue here for a moment and
    the count is exact."""
    return _fetchone(*_petition_update(petition_id, delta, open_statuses, open_at))


def petition_and_mahalla_count_add(
    petition_id: int,
    mahalla_id: int | None,
    delta: int,
    *,
    open_statuses: Iterable[str] = (),
    open_at: datetime | None = None,
) -> tuple[int, str] | None:
    """``petition_count_add`` and ``mahalla_count_add`` of a positive ``delta`` in one statement
    on PostgreSQL (a data-modifying WITH: the mahalla's upsert runs only when the petition's
    UPDATE found it open, after it took the row lock, as the two statements would); two
    statements elsewhere. This is the first signature's path, a round trip less per signer."""
    if connection.vendor != "postgresql" or delta <= 0:
        changed = petition_count_add(petition_id, delta, open_statuses=open_statuses, open_at=open_at)
        if changed is not None:
            mahalla_count_add(petition_id, mahalla_id, delta)
        return changed
    update, params = _petition_update(petition_id, delta, open_statuses, open_at)
    upsert, upsert_params = _mahalla_upsert(petition_id, mahalla_id, delta, source="FROM changed")
    return _fetchone(
        f"WITH changed AS ({update}), counted AS ({upsert}) SELECT * FROM changed", [*params, *upsert_params]
    )


def mahalla_count_add(petition_id: int, mahalla_id: int | None, delta: int) -> None:
    """Add ``delta`` to the petition's count from one mahalla (None: signers from no mahalla);
    the first signature from a mahalla creates its row."""
    mahalla = _column(MahallaSignatureCount, "mahalla")
    petition = _column(MahallaSignatureCount, "petition")
    count = _column(MahallaSignatureCount, "count")
    table = _table(MahallaSignatureCount)
    with connection.cursor() as cursor:
        if delta < 0:
            # A plain UPDATE: an upsert would first check its proposed row (a negative count)
            # against the column's "never below zero" and fail. No row to lower is a bug.
            same_mahalla = f"{mahalla} IS NULL" if mahalla_id is None else f"{mahalla} = %s"
            cursor.execute(
                f"UPDATE {table} SET {count} = {count} + %s WHERE {petition} = %s AND {same_mahalla}",
                [delta, petition_id] + ([] if mahalla_id is None else [mahalla_id]),
            )
            if cursor.rowcount != 1:
                raise MahallaSignatureCount.DoesNotExist(f"no count of petition {petition_id}, mahalla {mahalla_id}")
            return
        cursor.execute(*_mahalla_upsert(petition_id, mahalla_id, delta))


def _mahalla_upsert(petition_id: int, mahalla_id: int | None, delta: int, *, source: str = "") -> tuple[str, list]:
    """The upsert adding a positive ``delta`` to one mahalla's count; with ``source`` (a FROM
    clause) it adds it once per row of that source: none when the petition was not open."""
    mahalla = _column(MahallaSignatureCount, "mahalla")
    petition = _column(MahallaSignatureCount, "petition")
    count = _column(MahallaSignatureCount, "count")
    table = _table(MahallaSignatureCount)
    # The conflict target names the partial unique index that applies (see the model).
    target = f"({petition}) WHERE {mahalla} IS NULL"
    if mahalla_id is not None:
        target = f"({petition}, {mahalla}) WHERE {mahalla} IS NOT NULL"
    values = "VALUES (%s, %s, %s)"
    if source:
        # Typed placeholders: in SELECT ... FROM, PostgreSQL cannot infer a bare NULL's type.
        values = f"SELECT CAST(%s AS bigint), CAST(%s AS bigint), CAST(%s AS integer) {source}"
    return (
        f"INSERT INTO {table} ({petition}, {mahalla}, {count}) {values} "
        f"ON CONFLICT {target} DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}",
        [petition_id, mahalla_id, delta],
    )
