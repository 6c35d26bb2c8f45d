"""Signature ingestion through the real stack: gunicorn, Django, PostgreSQL.

Two thousand verified residents, each with a real session, sign one petition from many
concurrent keep-alive connections; one in ten sends the form twice at the same moment (a
double tap). Measured: requests per second and the p95/p99 latency of the sign POST, against
``/bench/baseline/`` (``bench/urls.py``: session, CSRF, user, one INSERT, 204) on the same
server with the same sessions and concurrency; then the rows are checked, since speed is
worth nothing if a signature is lost or counted twice.
"""

import http.client
import queue
import statistics
import sys
import threading
import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string

from bench.server import Gunicorn as _Gunicorn

SIGNERS = 2000
DOUBLE_TAP_EVERY = 10  # every tenth person sends the form twice at once
CLIENTS = 48  # concurrent client connections
TURNS = 8  # slices in which baseline and signing alternate
CSRF = get_random_string(32)


def signature_benchmarks(emit) -> None:
    petition, sessions = _petition_and_signers()
    sign_trips, baseline_trips = _round_trips(petition)
    emit("petition_sign_db_queries", sign_trips[0], "queries", baseline_trips[0])
    emit("petition_sign_redis_round_trips", sign_trips[1], "round trips", baseline_trips[1])
    baseline, signing = _throughput(petition, sessions)
    duplicates, lost = _check(petition, signing.accepted)
    emit("petition_sign_http_throughput", signing.per_second, "requests/s", baseline.per_second)
    emit("petition_sign_http_p95_ms", signing.percentile(95), "ms", baseline.percentile(95))
    emit("petition_sign_http_p99_ms", signing.percentile(99), "ms", baseline.percentile(99))
    emit("signatures_duplicates", duplicates, "rows", 0)
    emit("signatures_lost", lost, "signatures", 0)
    emit("signature_requests_failed", len(signing.failed), "requests", len(baseline.failed))
    # Once more as production runs (settings.production: DATABASE_CONN_MAX_AGE 60): each
    # worker thread keeps its PostgreSQL connection, where the line above opens one per
    # request as the test settings do. Both requests get about twice as fast; the ratio drops,
    # since a new backend's start-up, the same for both, no longer dilutes the difference.
    second = _petition(petition.author, petition.territory)
    baseline, signing = _throughput(second, sessions, extra_env={"DATABASE_CONN_MAX_AGE": "60"})
    duplicates, lost = _check(second, signing.accepted)
    emit("petition_sign_http_throughput_kept_connections", signing.per_second, "requests/s", baseline.per_second)
    emit("signatures_duplicates_kept_connections", duplicates, "rows", 0)
    emit("signatures_lost_kept_connections", lost, "signatures", 0)


def _throughput(petition, sessions, extra_env=None) -> tuple["_Run", "_Run"]:
    """Every signer signs ``petition`` through gunicorn, in turns with the baseline."""
    with _Gunicorn(extra_env=extra_env) as port:
        _fire(port, sessions, list(range(100)), lambda index: "/bench/baseline/")  # warm both workers up
        # Baseline and signing take turns, a slice of the signers each, so that whatever else
        # the machine does meanwhile weighs on both alike (run one after the other, a load
        # arriving during the second moved the ratio by half).
        baseline, signing = _Run(), _Run()
        for turn in range(TURNS):
            # A double tap's two requests stay in one slice, sent one after the other.
            part = [index for index in range(turn, SIGNERS, TURNS) for _ in range(_taps(index))]
            _fire(port, sessions, part, lambda index: "/bench/baseline/", baseline)
            _fire(port, sessions, part, lambda index: f"/uz/petitions/{petition.pk}/sign/", signing)
    return baseline, signing


def _taps(index: int) -> int:
    return 2 if index % DOUBLE_TAP_EVERY == 0 else 1


def _petition_and_signers():
    """One petition collecting with a goal out of reach, and SIGNERS residents of its district,
    verified by e-mail, each signed in (a session row, as a login would write)."""
    from participation.models import Territory, TerritoryKind, User, VerificationLevel

    mahalla = Territory.objects.filter(kind=TerritoryKind.MAHALLA).first()
    if mahalla is None:
        from participation.demo import demo_seed

        demo_seed()
        mahalla = Territory.objects.filter(kind=TerritoryKind.MAHALLA).first()
    district = mahalla.get_parent()
    password = make_password(None)
    User.objects.bulk_create(
        User(
            email=f"signer{i}@bench.test",
            full_name=f"Signer {i}",
            password=password,
            home_territory=mahalla,
            verification_level=VerificationLevel.EMAIL,
        )
        for i in range(SIGNERS)
    )
    users = list(User.objects.filter(email__endswith="@bench.test").order_by("pk"))
    now = timezone.now()
    petition = _petition(users[0], district)
    store = SessionStore()
    sessions = [get_random_string(32) for _ in users]
    Session.objects.bulk_create(
        Session(
            session_key=key,
            session_data=store.encode(
                {
                    "_auth_user_id": str(user.pk),
                    "_auth_user_backend": "participation.auth_backends.ModelBackend",
                    "_auth_user_hash": user.get_session_auth_hash(),
                }
            ),
            expire_date=now + timedelta(days=1),
        )
        for key, user in zip(sessions, users, strict=True)
    )
    return petition, list(zip(sessions, [user.pk for user in users], strict=True))


def _petition(author, district):
    """A petition of ``district`` collecting, for residents verified by e-mail, with a goal out
    of reach."""
    from participation.models import VerificationLevel
    from proposals.petitions.models import Petition, PetitionStatus

    now = timezone.now()
    petition = Petition.objects.create(
        territory=district,
        author=author,
        title="Benchmark",
        text="Signature ingestion benchmark petition.",
        status=PetitionStatus.COLLECTING,
        created_at=now,
        published_at=now,
        closes_at=now + timedelta(days=90),
        signatures_needed=1_000_000,
        cosponsors_needed=0,
        collection_days=90,
        verification_level=VerificationLevel.EMAIL,
        residents_only=True,
    )
    return petition


def _round_trips(petition) -> tuple[tuple[int, int], tuple[int, int]]:
    """(database queries, Redis round trips) of one first signature and of one bare POST, in
    this process, by a person who is not one of the measured signers (the signature is
    withdrawn afterwards). Django does not log BEGIN and COMMIT: both requests make one
    transaction, so add two to each for the database round trips.

    The measured signature follows the unmeasured one within a second, as signatures of a
    petition being signed in earnest do: its renewal of the kept pages is coalesced with the
    first's (``participation.web.page_cache._renew``), so Redis sees the rate limits' round trip
    only, and its count is left to the next count of the petition (production's
    ``PETITION_COUNT_ROLL_UP_SECONDS``). A lone signature makes one more Redis round trip,
    after its commit, and one more statement, which counts it."""
    import redis.connection
    from django.db import connection as db
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from participation.models import User, VerificationLevel

    signers = [
        User.objects.create(
            email=f"round-trips-{index}@bench-trips.test",
            full_name="Round trips",
            home_territory=petition.author.home_territory,
            verification_level=VerificationLevel.EMAIL,
        )
        for index in range(2)
    ]
    client = Client()
    sent = []
    real_send = redis.connection.Connection.send_packed_command

    def counting_send(self, *args, **kwargs):
        sent.append(1)
        return real_send(self, *args, **kwargs)

    def trips(path: str) -> tuple[int, int]:
        sent.clear()
        with CaptureQueriesContext(db) as queries:
            response = client.post(path, REMOTE_ADDR="10.255.0.1")
        assert response.status_code in (204, 302), response.status_code
        return len(queries), len(sent)

    redis.connection.Connection.send_packed_command = counting_send
    try:
        with override_settings(ROOT_URLCONF="bench.urls", PETITION_COUNT_ROLL_UP_SECONDS=1):
            # The first requests of a process connect to Redis and load what they cache: the
            # first person signs unmeasured, the second is measured.
            for signer in signers:
                client.force_login(signer)
                baseline = trips("/bench/baseline/")
                sign = trips(f"/uz/petitions/{petition.pk}/sign/")
                client.post(f"/uz/petitions/{petition.pk}/unsign/")  # the run starts at zero
    finally:
        redis.connection.Connection.send_packed_command = real_send
    return sign, baseline


class _Run:
    def __init__(self):
        self.latencies: list[float] = []
        self.accepted: set[int] = set()  # users whose request was answered with the redirect/204
        self.failed: list = []
        self.lock = threading.Lock()
        self.seconds = 0.0

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]


def _fire(port: int, sessions, jobs, path_for, run: "_Run | None" = None) -> "_Run":
    """POST once per job from CLIENTS keep-alive connections; times every request, adding to
    ``run`` (its time included) when given."""
    run = run if run is not None else _Run()
    pending: queue.SimpleQueue = queue.SimpleQueue()
    for index in jobs:
        pending.put(index)

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            while True:
                try:
                    index = pending.get_nowait()
                except queue.Empty:
                    return
                session, user_id = sessions[index]
                headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF}
                start = time.perf_counter()
                try:
                    conn.request("POST", path_for(index), headers=headers)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                except (http.client.HTTPException, OSError) as error:
                    conn.close()  # reconnect on the next request
                    status = repr(error)
                elapsed = (time.perf_counter() - start) * 1000
                with run.lock:
                    run.latencies.append(elapsed)
                    if status in (204, 302):
                        run.accepted.add(user_id)
                    else:
                        run.failed.append(status)
        finally:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds += time.perf_counter() - start
    if run.failed:
        sys.stderr.write(f"{len(run.failed)} requests failed, e.g. {run.failed[:5]}\n")
    return run


def _check(petition, accepted: set[int]) -> tuple[int, int]:
    """Duplicates: rows beyond one per person. Lost: people whose request was accepted but
    who have no valid signature, plus any difference between the shown count and the rows."""
    from proposals.petitions.models import Signature
    from proposals.petitions.services.lifecycle import petitions_count_signatures

    petitions_count_signatures()  # the run's last signatures, as the task every few seconds does
    petition.refresh_from_db()
    rows = Signature.objects.filter(petition=petition)
    signed = set(rows.filter(withdrawn_at__isnull=True, invalidation__isnull=True).values_list("user_id", flat=True))
    duplicates = rows.count() - rows.values("user_id").distinct().count()
    lost = len(accepted - signed) + abs(petition.signature_count - len(signed))
    return duplicates, lost
