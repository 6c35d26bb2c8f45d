"""The bench's two data sets, each in its own PostgreSQL database, seeded once and kept.

``participation_bench_demo``
    The demo (``manage.py seed_demo``): what ``make run`` shows, 10-ish signatures a petition,
    60 ballots in the published budget cycle.
``participation_bench_large``
    The demo, and Yangiqoʻrgʻon grown to national scale (the figures of issue 13): 200,000
    residents spread over its mahallas, 10,000 published petitions with 1,000,000 signatures
    (one with 200,000), 5,000 published questions (three in five answered), and one budget
    cycle of 100 projects and 100,000 ballots (1 to 5 choices, 3 on average), published
    through the project's own publication service; and, over the year before the seeding
    (``bench.large_civic``), 30 organisations, 40 consultations with 20,000 inputs, 300
    meetings with 15,000 registrations, their attendance counts and 1,000 action items, and
    a decided moderation item for everything published that the queue reviews. Every act
    (signature, vote, project, question, input, registration) records the figures the "who
    took part" report adds up: its channel, and the gender and age band of the 3 in 4 residents
    who consented to statistics.

The bulk rows are written by ``INSERT ... SELECT generate_series`` in the database and by
multi-row inserts (``bulk_create``) for the few thousand rows that need Python text; nothing
is written one row at a time. Every invariant the models promise holds: ``signature_count``
equals the valid signature rows, each signature carries its signer's mahalla, one signature
and one participation per person, ballots are in their opened shape (``Ballot`` and
``BallotChoice`` rows with random UUID keys, written in random order, as
``ballots_unseal`` leaves them) and the published result is what the service computed.

Kept between runs: a marker table (``bench_dataset``) holds the seed format and the scale.
When it is present and current, nothing is seeded; ``migrate`` still runs every time, so new
migrations apply to the kept data. When it is missing (a seeding that never finished) or
stale, the database is dropped and seeded again. ``BENCH_RESEED=1`` (``make bench-reset``)
forces that.

Run as ``python -m bench.large [--demo] [--database NAME] [--scale S]``; it prints the
database URL on its last line. ``seed_large(scale)`` is what the test runs at 1/1000.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from datetime import timedelta

SEED_FORMAT = 2  # raise when the data set changes shape: every kept database is reseeded
# 2: acts carry their participation figures; consultations, meetings and moderation items added
DEMO_DATABASE = "participation_bench_demo"
LARGE_DATABASE = "participation_bench_large"
SERVER = "postgres://postgres@127.0.0.1:5432"

# The large data set at scale 1 (issue 13).
RESIDENTS = 200_000
PETITIONS = 10_000
SIGNATURES = 1_000_000
BIG_PETITION_SIGNATURES = 200_000
QUESTIONS = 5_000
PROJECTS = 100
BALLOTS = 100_000
RESIDENT_EMAIL = "@large.bench.test"


def database_url(name: str) -> str:
    return f"{os.environ.get('BENCH_DATABASE_SERVER', SERVER).rstrip('/')}/{name}"


# --------------------------------------------------------------------------- database lifecycle


def read_marker(cursor) -> tuple[int, float] | None:
    """(seed format, scale) of the last finished seeding, None if none finished. ``cursor``:
    any DB-API cursor (psycopg's before Django is set up, Django's in the test)."""
    cursor.execute("SELECT to_regclass('bench_dataset') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return None
    cursor.execute("SELECT version, scale FROM bench_dataset ORDER BY seeded_at DESC LIMIT 1")
    row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def needs_seeding(marker: tuple[int, float] | None, scale: float | None) -> bool:
    """Seed unless a finished seeding of this format and scale is there (or BENCH_RESEED=1)."""
    return os.environ.get("BENCH_RESEED") == "1" or marker != (SEED_FORMAT, float(scale or 0))


def _marker(name: str) -> tuple[int, float] | None:
    import psycopg

    try:
        with psycopg.connect(database_url(name), autocommit=True) as conn:
            return read_marker(conn.cursor())
    except psycopg.OperationalError:  # no such database yet
        return None


def _recreate(name: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop(name: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ensure(name: str, *, scale: float | None) -> bool:
    """Make ``name`` hold the data set (``scale`` None: the demo only), seeding it only when
    it is missing or stale. Runs before Django is set up (it may drop the database). Returns
    whether it seeded."""
    seed = needs_seeding(_marker(name), scale)
    if seed:
        _recreate(name)
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participation.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    _quiet()

    call_command("migrate", verbosity=0, interactive=False)
    if seed:
        started = time.monotonic()
        seed_demo()
        if scale:
            seed_large(scale, log=_log)
        _vacuum_analyse()
        mark(scale=float(scale or 0), seconds=time.monotonic() - started)
        _log(f"{name}: seeded in {time.monotonic() - started:.0f} s")
    return seed


def mark(*, scale: float, seconds: float) -> None:
    """Record a finished seeding (the marker ``ensure`` looks for)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dataset "
            "(version integer NOT NULL, scale double precision NOT NULL, seconds double precision NOT NULL, "
            "seeded_at timestamptz NOT NULL DEFAULT now())"
        )
        cursor.execute(
            "INSERT INTO bench_dataset (version, scale, seconds) VALUES (%s, %s, %s)", [SEED_FORMAT, scale, seconds]
        )


def _vacuum_analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _quiet() -> None:
    """Seeding runs hundreds of tasks inline (e-mails, search index); their log lines would
    bury the bench's own."""
    import logging

    for name in ("celery", "django_tasks", "wagtail", "django.request"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _log(message: str) -> None:
    sys.stderr.write(f"[bench.large] {message}\n")
    sys.stderr.flush()


# --------------------------------------------------------------------------- seeding


def seed_demo() -> None:
    """The demo, as ``make run`` seeds it (e-mails it sends go to the test settings' outbox)."""
    import contextlib
    import io

    from django.core.management import call_command

    with contextlib.redirect_stdout(io.StringIO()):
        call_command("seed_demo", stdout=io.StringIO())


def seed_large(scale: float = 1.0, *, log=lambda message: None) -> dict:
    """Grow the demo district to the large data set times ``scale`` (1/1000 in the test).
    Needs the demo. Returns what was written: ``{"residents", "petitions", "signatures",
    "big_petition", "questions", "cycle", "ballots", "consultations", "inputs", "meetings",
    "registrations", "action_items", "moderation_items", ...}``."""
    from django.db import transaction

    from bench import large_civic
    from participation.models import Territory, TerritoryKind

    rng = random.Random(13)
    district = Territory.objects.get(kind=TerritoryKind.DISTRICT, name_uz="Yangiqoʻrgʻon tumani")
    mahallas = list(
        Territory.objects.filter(kind=TerritoryKind.MAHALLA, path__startswith=district.path).order_by("path")
    )
    counts = {
        "residents": max(200, round(RESIDENTS * scale)),
        "petitions": max(10, round(PETITIONS * scale)),
        "signatures": max(400, round(SIGNATURES * scale)),
        "big": max(200, round(BIG_PETITION_SIGNATURES * scale)),
        "questions": max(5, round(QUESTIONS * scale)),
        "projects": max(10, min(PROJECTS, round(PROJECTS * scale * 10))),
        "ballots": max(100, round(BALLOTS * scale)),
        "consultations": max(4, min(large_civic.CONSULTATIONS, round(large_civic.CONSULTATIONS * scale * 100))),
        "inputs": max(40, round(large_civic.INPUTS * scale)),
        "meetings": max(10, round(large_civic.MEETINGS * scale)),
        "registrations": max(100, round(large_civic.REGISTRATIONS * scale)),
        "action_items": max(10, round(large_civic.ACTION_ITEMS * scale)),
    }
    steps = [
        ("residents", lambda: seed_residents(counts["residents"], mahallas)),
        ("petitions", lambda: seed_petitions(counts["petitions"], district, mahallas, rng)),
        ("signatures", lambda: seed_signatures(counts["signatures"], counts["big"], rng)),
        ("questions", lambda: seed_questions(counts["questions"], district, rng)),
        ("budget cycle", lambda: seed_budget_cycle(counts["projects"], counts["ballots"], district, mahallas, rng)),
    ]
    written = {}
    for label, step in steps:
        started = time.monotonic()
        with transaction.atomic():
            written.update(step())
        log(f"{label}: {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    publish_cycle(written["cycle"])
    log(f"budget publication: {time.monotonic() - started:.1f} s")
    civic = [
        ("organisations", lambda: large_civic.seed_organisations(large_civic.ORGANISATIONS, district, mahallas)),
        (
            "consultations",
            lambda: large_civic.seed_consultations(counts["consultations"], counts["inputs"], district, rng),
        ),
        (
            "meetings",
            lambda: large_civic.seed_meetings(
                counts["meetings"], counts["registrations"], counts["action_items"], district, mahallas, rng
            ),
        ),
        ("moderation items", lambda: large_civic.seed_moderation_items(written)),
    ]
    for label, step in civic:
        started = time.monotonic()
        with transaction.atomic():
            written.update(step())
        log(f"{label}: {time.monotonic() - started:.1f} s")
    return written


# A resident's age from their number g: about 3 % under 18, 30 % 18-29, 32 % 30-44, 22 % 45-59,
# 13 % 60 and over (a young country's adult mix), spread inside each band by g.
_AGE_SQL = (
    "CASE WHEN (g * 7919) %% 100 < 3 THEN 14 + g %% 4 WHEN (g * 7919) %% 100 < 33 THEN 18 + g %% 12 "
    "WHEN (g * 7919) %% 100 < 65 THEN 30 + g %% 15 WHEN (g * 7919) %% 100 < 87 THEN 45 + g %% 15 "
    "ELSE 60 + g %% 25 END"
)


def _age_band_sql(age: str) -> str:
    """SQL of the band of ``age`` (an SQL expression), from ``AGE_BANDS``, as reports band it."""
    from participation.demographics import AGE_BANDS

    whens = " ".join(f"WHEN {age} < {limit} THEN '{label}'" for limit, label in AGE_BANDS)
    return f"CASE {whens} END"


def act_figures_sql(resident: str, at: str) -> str:
    """SQL of the ``ParticipationFigures`` columns (channel, gender, age_band) of an act the
    resident (``bench_residents`` alias) does at the moment ``at`` (an SQL expression), as
    ``participation.demographics.participation_figures`` records them: the age band of the act's
    year in Tashkent, blank without consent."""
    age = f"(extract(year FROM ({at}) AT TIME ZONE 'Asia/Tashkent')::int - {resident}.birth_year)"
    band = f"CASE WHEN {resident}.birth_year IS NULL THEN '' ELSE {_age_band_sql(age)} END"
    return f"{resident}.channel, {resident}.gender, {band}"


def _residents_table() -> None:
    """``bench_residents (n, id, mahalla, channel, gender, birth_year)``: the seeded residents
    numbered 1..N, for joins, with what the ``ParticipationFigures`` of their acts come from
    (``act_figures_sql``): gender and year of birth from their profile when they consented to
    statistics (3 in 4 did), else blank; the channel from their number (mostly the web, 4 in
    100 at a mahalla kiosk, 2 in 100 helped by an operator)."""
    from django.db import connection

    from participation.models import User

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_residents")
        cursor.execute(
            f"""
            CREATE TEMP TABLE bench_residents AS
            SELECT n, id, mahalla,
                CASE WHEN (n * 37) %% 100 < 4 THEN 'kiosk' WHEN (n * 37) %% 100 < 6 THEN 'assisted'
                     ELSE 'web' END AS channel,
                CASE WHEN consent IS NULL THEN '' ELSE gender END AS gender,
                CASE WHEN consent IS NULL THEN NULL ELSE birth_year END AS birth_year
            FROM (SELECT row_number() OVER (ORDER BY id) AS n, id, home_territory_id AS mahalla, gender,
                         birth_year, demographics_consent_at AS consent
                  FROM {User._meta.db_table} WHERE email LIKE %s) u
            """,
            [f"%{RESIDENT_EMAIL}"],
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_residents (n)")
        cursor.execute("ANALYZE bench_residents")


def seed_residents(count: int, mahallas) -> dict:
    """Residents verified by e-mail, spread over the district's mahallas (more in the first
    ones, as real mahallas differ in size), each mahalla's population set above its residents."""
    from django.db import connection

    from participation.models import Territory, User

    weights = [1 + (index % 4) for index in range(len(mahallas))]
    slots = [m.pk for m, weight in zip(mahallas, weights, strict=True) for _ in range(weight)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {User._meta.db_table} (password, last_login, is_superuser, email, full_name,
                preferred_language, home_territory_id, gender, birth_year, demographics_consent_at,
                verification_level, is_staff, is_active, date_joined)
            SELECT '!bench', NULL, false, 'resident' || g || %s, 'Rezident ' || g, 'uz',
                (%s::bigint[])[1 + (g * 7919) %% %s],
                CASE WHEN g %% 4 = 0 THEN '' WHEN (g / 4) %% 2 = 0 THEN 'female' ELSE 'male' END,
                CASE WHEN g %% 4 = 0 THEN NULL ELSE extract(year FROM now())::int - ({_AGE_SQL}) END,
                CASE WHEN g %% 4 = 0 THEN NULL ELSE now() - (g %% 700) * interval '1 day' END,
                10, false, true, now() - (g %% 700) * interval '1 day'
            FROM generate_series(1, %s) AS g
            """,
            [RESIDENT_EMAIL, slots, len(slots), count],
        )
        cursor.execute(
            f"""
            UPDATE {Territory._meta.db_table} t SET population = greatest(coalesce(t.population, 0), r.n * 13 / 10)
            FROM (SELECT home_territory_id, count(*) AS n FROM {User._meta.db_table}
                  WHERE email LIKE %s GROUP BY home_territory_id) r
            WHERE t.id = r.home_territory_id
            """,
            [f"%{RESIDENT_EMAIL}"],
        )
    _residents_table()
    return {"residents": count}


PETITION_SUBJECTS = [
    ("koʻchasini asfaltlash", "Yoʻl 2019-yildan beri taʼmirlanmagan, yomgʻirdan keyin loy boʻladi."),
    ("ichimlik suvi quvuri", "Xonadonlar suvni tashib keladi, tarmoq tortishni soʻraymiz."),
    ("koʻchalarni yoritish", "Kechqurun koʻchalar qorongʻi, chiroq oʻrnatishni soʻraymiz."),
    ("maktabni taʼmirlash", "Maktab tomi oqadi, sinflar sovuq."),
    ("bogʻcha qurish", "Mahallada bogʻcha yoʻq, bolalar uzoqqa qatnaydi."),
    ("avtobus yoʻnalishi", "Tuman markaziga avtobus qatnamaydi."),
    ("bolalar maydonchasi", "Bolalar koʻchada oʻynaydi, maydoncha kerak."),
    ("kanalizatsiya tarmogʻi", "Oqova suv koʻchaga chiqadi."),
    ("gaz taʼminoti", "Qishda gaz bosimi past boʻladi."),
    ("sport zali", "Yoshlar uchun sport zali kerak."),
]


def seed_petitions(count: int, district, mahallas, rng: random.Random) -> dict:
    """Published petitions to the district, newest first by a day or so each;
    all still collecting (a goal of 500, the shipped district default), but the first, which
    gathers the big petition's signatures and so has reached its threshold."""
    from django.utils import timezone

    from participation.models import User, VerificationLevel
    from participation.translit import search_key
    from proposals.petitions.models import Petition, PetitionEvent, PetitionStatus

    now = timezone.now()
    authors = list(
        User.objects.filter(email__endswith=RESIDENT_EMAIL).order_by("pk").values_list("pk", flat=True)[:5000]
    )
    petitions = []
    for index in range(count):
        subject, why = PETITION_SUBJECTS[index % len(PETITION_SUBJECTS)]
        # Addressed to the district (its residents may all sign); the subject names a mahalla.
        territory = district
        title = f"{mahallas[index % len(mahallas)].name_uz}: {subject} ({index + 1})"
        text = f"{why} Murojaat raqami {index + 1}. " + "Iltimos, koʻrib chiqing. " * (1 + index % 5)
        # Spread over the last 80 days: every petition still collecting (90-day window).
        published = now - timedelta(days=80 * (index + 1) / count, minutes=rng.randrange(600))
        big = index == 0
        petitions.append(
            Petition(
                territory=territory,
                author_id=authors[index % len(authors)],
                title=title,
                text=text,
                status=PetitionStatus.THRESHOLD_REACHED if big else PetitionStatus.COLLECTING,
                created_at=published - timedelta(days=3),
                signatures_needed=500,
                cosponsors_needed=0,
                collection_days=90,
                verification_level=VerificationLevel.EMAIL,
                residents_only=True,
                published_at=published,
                closes_at=published + timedelta(days=90),
                threshold_reached_at=published + timedelta(days=2) if big else None,
                answer_due_at=published + timedelta(days=32) if big else None,
                search_text=search_key(f"{title} {text}"),
            )
        )
    created = Petition.objects.bulk_create(petitions, batch_size=1000)
    _petition_search_keys(created)
    PetitionEvent.objects.bulk_create(
        (
            PetitionEvent(
                petition=petition,
                from_status=PetitionStatus.MODERATION,
                to_status=PetitionStatus.COLLECTING,
                created_at=petition.published_at,
            )
            for petition in created
        ),
        batch_size=2000,
    )
    big = created[0]
    PetitionEvent.objects.create(
        petition=big,
        from_status=PetitionStatus.COLLECTING,
        to_status=PetitionStatus.THRESHOLD_REACHED,
        created_at=big.threshold_reached_at,
    )
    return {"petitions": count, "big_petition": big.pk, "petition_ids": [p.pk for p in created]}


def _petition_search_keys(petitions) -> None:
    """The search key in its own row, as drafting writes it, where the petitions list searches
    (``PetitionSearch``, issue 13's list fix); without that model the key on the row is all."""
    from django.apps import apps

    try:
        search = apps.get_model("proposals", "PetitionSearch")
    except LookupError:
        return
    search.objects.bulk_create((search(petition=p, key=p.search_text) for p in petitions), batch_size=2000)


def seed_signatures(total: int, big: int, rng: random.Random, petition_ids=None) -> dict:
    """``total`` signatures by the seeded residents: ``big`` on the first seeded petition (one
    per resident, the first ``big`` of them), the rest over the others in a long tail (the
    second-newest petitions gather most); each carries its signer's mahalla, a time after the
    petition's publication and an address. ``signature_count`` and the per-mahalla counts are
    then set from the rows, as signing would have kept them."""
    from django.db import connection

    from proposals.petitions.models import MahallaSignatureCount, Petition, Signature

    if petition_ids is None:
        petition_ids = list(
            Petition.objects.filter(author__email__endswith=RESIDENT_EMAIL).order_by("pk").values_list("pk", flat=True)
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_residents")
        residents = cursor.fetchone()[0]
    big = min(big, residents)
    rest = petition_ids[1:]
    weights = [1 / (rank + 20) ** 1.1 for rank in range(len(rest))]
    scale = (total - big) / sum(weights)
    plan = [min(residents, max(1, math.floor(weight * scale))) for weight in weights]
    plan[0] = min(residents, plan[0] + (total - big - sum(plan)))
    rng.shuffle(plan)
    rows = [(petition_ids[0], big, 0)] + [(pk, k, rng.randrange(residents)) for pk, k in zip(rest, plan, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plan")
        cursor.execute("CREATE TEMP TABLE bench_plan (petition_id bigint, k integer, start integer)")
        with cursor.copy("COPY bench_plan (petition_id, k, start) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"""
            INSERT INTO {Signature._meta.db_table}
                (petition_id, user_id, mahalla_id, created_at, ip, withdrawn_at, invalidation_id,
                 channel, gender, age_band)
            SELECT p.id, r.id, r.mahalla, x.at,
                ('10.' || (r.n / 65536) %% 256 || '.' || (r.n / 256) %% 256 || '.' || r.n %% 256)::inet,
                NULL, NULL, {act_figures_sql("r", "x.at")}
            FROM bench_plan p2
            JOIN {Petition._meta.db_table} p ON p.id = p2.petition_id
            CROSS JOIN LATERAL generate_series(0, p2.k - 1) AS i
            JOIN bench_residents r ON r.n = 1 + (p2.start + i) %% %s
            CROSS JOIN LATERAL (SELECT p.published_at + (now() - p.published_at) * ((i + random()) / (p2.k + 1)) AS at) x
            """,
            [residents],
        )
        cursor.execute(
            f"""
            UPDATE {Petition._meta.db_table} p SET signature_count = s.n
            FROM (SELECT petition_id, count(*) AS n FROM {Signature._meta.db_table}
                  WHERE withdrawn_at IS NULL AND invalidation_id IS NULL GROUP BY petition_id) s
            WHERE p.id = s.petition_id AND p.id = ANY(%s)
            """,
            [petition_ids],
        )
        # The per-mahalla counts the petition page reads, kept by signing in the same
        # transaction as each signature (proposals.petitions.services.signature_rows).
        counts = MahallaSignatureCount._meta.db_table
        cursor.execute(f"DELETE FROM {counts} WHERE petition_id = ANY(%s)", [petition_ids])
        cursor.execute(
            f"""
            INSERT INTO {counts} (petition_id, mahalla_id, count)
            SELECT petition_id, mahalla_id, count(*) FROM {Signature._meta.db_table}
            WHERE withdrawn_at IS NULL AND invalidation_id IS NULL AND petition_id = ANY(%s)
            GROUP BY petition_id, mahalla_id
            """,
            [petition_ids],
        )
    return {"signatures": total}


QUESTION_SUBJECTS = [
    ("roads", "Koʻchamizdagi chuqurlar qachon tuzatiladi?", "Yoʻl 2027-yil rejasiga kiritildi."),
    ("water", "Nega suv faqat kechasi keladi?", "Nasos stansiyasi yangilanmoqda, iyulgacha tiklanadi."),
    ("energy", "Elektr nega tez-tez oʻchadi?", "Transformator almashtirildi."),
    ("education", "Maktabga yangi oʻqituvchi qachon keladi?", "Sentyabrdan ikki oʻqituvchi tayinlandi."),
    ("health", "Poliklinikada pediatr bormi?", "Pediatr har kuni 9 dan 17 gacha qabul qiladi."),
    ("social", "Nafaqa uchun qayerga murojaat qilish kerak?", "Mahalla yettiligiga murojaat qiling."),
    ("land", "Yer uchastkasi qanday olinadi?", "E-auksion orqali."),
    ("services", "Pasport qayerda olinadi?", "Davlat xizmatlari markazida."),
]


def seed_questions(count: int, district, rng: random.Random) -> dict:
    """Published questions to the district's khokimiyat, three in five answered, and their
    entries in the site search index (what ``update_index`` would write)."""
    from django.db.models import F
    from django.utils import timezone
    from wagtail.search.backends import get_search_backend

    from participation.models import User
    from proposals.questions.models import Question, QuestionStatus

    now = timezone.now()
    authors = list(
        User.objects.filter(email__endswith=RESIDENT_EMAIL).order_by("-pk").values_list("pk", flat=True)[:5000]
    )
    staff = User.objects.get(email="responder.yangiqorgon@demo.test")
    questions = []
    for index in range(count):
        topic, title, answer = QUESTION_SUBJECTS[index % len(QUESTION_SUBJECTS)]
        published = now - timedelta(days=200 * (index + 1) / count, minutes=rng.randrange(600))
        answered = index % 5 < 3
        questions.append(
            Question(
                territory=district,
                author_id=authors[index % len(authors)],
                title=f"{title} ({index + 1})",
                text=f"{title} Savol raqami {index + 1}. Javob kutamiz.",
                topic=topic,
                status=QuestionStatus.PUBLISHED,
                moderated_by=staff,
                moderated_at=published,
                published_at=published,
                due_at=published + timedelta(days=15),
                answer=answer if answered else "",
                answered_at=published + timedelta(days=5) if answered else None,
                answered_by=staff if answered else None,
                answered_office="Yangiqoʻrgʻon tumani hokimligi" if answered else "",
            )
        )
    created = Question.objects.bulk_create(questions, batch_size=1000)
    ids = [question.pk for question in created]
    Question.objects.filter(pk__in=ids).update(created_at=F("published_at") - timedelta(hours=20))
    figures_from_authors(Question, ids)
    backend = get_search_backend()
    for start in range(0, len(ids), 1000):
        backend.add_bulk(Question, list(Question.objects.filter(pk__in=ids[start : start + 1000])))
    return {"questions": count}


def figures_from_authors(model, ids) -> None:
    """The ``ParticipationFigures`` of rows written by bulk_create, from their seeded author, as
    the service that writes one would have recorded them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {model._meta.db_table} t SET (channel, gender, age_band) = ({act_figures_sql("r", "t.created_at")})
            FROM bench_residents r WHERE t.author_id = r.id AND t.id = ANY(%s)
            """,
            [list(ids)],
        )


def seed_budget_cycle(projects: int, ballots: int, district, mahallas, rng: random.Random) -> dict:
    """A cycle in its results phase: ``projects`` feasible projects and ``ballots`` opened
    ballots of 1 to 5 choices (3 on average, a few projects far more popular), each voter a
    seeded resident with a participation. Published afterwards by ``publish_cycle``."""
    from django.db import connection
    from django.utils import timezone
    from wagtail.search.backends import get_search_backend

    from participation.demo import load_demo
    from participation.models import User
    from proposals.budgeting import demo as budgeting_demo
    from proposals.budgeting.models import (
        Ballot,
        BallotChoice,
        Participation,
        PBCategory,
        PhaseKind,
        Project,
        ProjectStatus,
    )
    from proposals.budgeting.services.cycles import consecutive_phases, cycle_create

    days = load_demo(budgeting_demo.__file__, "cycles.yaml")["rules"]["phase_days"]
    now = timezone.now()
    start = now - timedelta(days=days["submission"] + days["review"] + days["voting"] + 1)
    categories = list(PBCategory.objects.filter(is_active=True))
    cycle = cycle_create(
        territory=district,
        title="Ochiq budjet 2026: Yangiqoʻrgʻon tumani (katta)",
        description="Bench: 100 loyiha, 100 000 ovoz.",
        staff=None,
        budget=20_000_000_000,
        max_project_cost=2_000_000_000,
        winner_rule="mes-add1",
        ballot_type="approval",
        max_choices=5,
        categories=categories,
        phases=consecutive_phases(start, days),
        now=start - timedelta(days=7),
    )
    voting = cycle.phases.get(kind=PhaseKind.VOTING)
    authors = list(
        User.objects.filter(email__endswith=RESIDENT_EMAIL).order_by("pk").values_list("pk", flat=True)[:projects]
    )
    submitted = start + timedelta(days=1)
    created = Project.objects.bulk_create(
        Project(
            cycle=cycle,
            author_id=authors[index % len(authors)],
            title=f"{mahallas[index % len(mahallas)].name_uz}: {PETITION_SUBJECTS[index % 10][0]} ({index + 1})",
            description=PETITION_SUBJECTS[index % 10][1],
            category=categories[index % len(categories)],
            mahalla=mahallas[index % len(mahallas)],
            estimated_cost=cost,
            staff_cost=cost,
            status=ProjectStatus.FEASIBLE,
            created_at=submitted,
            feasibility_at=submitted + timedelta(days=days["submission"]),
            feasibility_note="Amalga oshirish mumkin.",
        )
        for index, cost in enumerate(rng.randrange(200, 2000) * 1_000_000 for _ in range(projects))
    )
    get_search_backend().add_bulk(Project, created)
    project_ids = [project.pk for project in created]
    figures_from_authors(Project, project_ids)
    voting_days = max(1, (voting.ends_at - voting.starts_at).days)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Participation._meta.db_table} (id, cycle_id, user_id, mahalla_id, voted_hour, ip, device,
                receipt_code, channel, gender, age_band)
            SELECT gen_random_uuid(), %s, r.id, r.mahalla, x.at, NULL, '',
                upper(substr(md5(random()::text || r.n), 1, 10)), {act_figures_sql("r", "x.at")}
            FROM bench_residents r
            CROSS JOIN LATERAL (
                SELECT date_trunc('hour', %s::timestamptz + (r.n %% (%s * 24)) * interval '1 hour') AS at
            ) x
            WHERE r.n <= %s
            """,
            [cycle.pk, voting.starts_at, voting_days, ballots],
        )
        # Ballots: ids made first, written in the order of their random ids (as a count's shuffle).
        cursor.execute("DROP TABLE IF EXISTS bench_ballots")
        cursor.execute(
            """
            CREATE TEMP TABLE bench_ballots AS
            SELECT gen_random_uuid() AS id, g,
                (%s::date + (g %% %s)) AS cast_on,
                1 + floor(random() * 5)::int AS choices,
                floor(%s * power(random(), 2))::int AS first,
                1 + floor(random() * 19)::int AS step
            FROM generate_series(1, %s) AS g
            """,
            [timezone.localtime(voting.starts_at).date(), voting_days, len(project_ids), ballots],
        )
        cursor.execute(
            f"INSERT INTO {Ballot._meta.db_table} (id, cycle_id, cast_on, annulment_id) "
            "SELECT id, %s, cast_on, NULL FROM bench_ballots ORDER BY id",
            [cycle.pk],
        )
        # Choice j of a ballot is project (first + j * step) mod P: distinct, as j * step < P.
        step_cap = max(1, (len(project_ids) - 1) // 4)
        cursor.execute(
            f"""
            INSERT INTO {BallotChoice._meta.db_table} (id, ballot_id, project_id, points)
            SELECT gen_random_uuid(), b.id, (%s::bigint[])[1 + (b.first + j * (1 + (b.step - 1) %% %s)) %% %s], 1
            FROM bench_ballots b CROSS JOIN LATERAL generate_series(0, least(b.choices, %s) - 1) AS j
            ORDER BY 1
            """,
            [project_ids, step_cap, len(project_ids), len(project_ids)],
        )
    return {"cycle": cycle.pk, "ballots": ballots, "projects": projects}


def publish_cycle(cycle_id: int) -> None:
    """Publish the seeded cycle the way a manager does, so whatever publication writes
    (the stored result and turnout, winners' statuses, files) is written.

    The one call to the publication service: when publication becomes a background task, this
    is where the bench calls (and waits for) it instead."""
    from participation.models import User
    from proposals.budgeting.models import Cycle
    from proposals.budgeting.services.results import cycle_publish_results

    manager = User.objects.get(email="manager.yangiqorgon@demo.test")
    cycle_publish_results(Cycle.objects.get(pk=cycle_id), staff=manager)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", action="store_true", help="the demo data set only")
    parser.add_argument("--database", help="database name (default: participation_bench_demo / _large)")
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_LARGE_SCALE", "1")))
    parser.add_argument("--drop", action="store_true", help="drop the database and exit")
    args = parser.parse_args()
    default = (
        os.environ.get("BENCH_DEMO_DATABASE", DEMO_DATABASE)
        if args.demo
        else os.environ.get("BENCH_LARGE_DATABASE", LARGE_DATABASE)
    )
    name = args.database or default
    if args.drop:
        drop(name)
        return
    ensure(name, scale=None if args.demo else args.scale)
    print(database_url(name), flush=True)


if __name__ == "__main__":
    main()
