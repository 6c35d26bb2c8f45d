"""The large data set's consultations, meetings, organisations and moderation decisions
(``bench.large.seed_large`` calls these after the petitions, questions and budget cycle).

Over the year before the seeding: 30 verified organisations of the district, 40 consultations
(through the consultation services: phases, versions, publication and conclusion as staff
make them) with 20,000 inputs (individuals and organisations, online and recorded from paper
or meetings, a disposition on every published input of a consultation past its input phase),
300 meetings with 15,000 registrations, their attendance counts and 1,000 action items, and a
decided moderation item for everything the seeding published that the moderation queue
reviews (petitions, questions, projects, inputs given online), as publication needs one.

Bulk rows are written by ``INSERT ... SELECT generate_series`` against the ``bench_residents``
table of ``bench.large`` (so every figure is derived from a resident's number and is the same
on every seeding) or by ``bulk_create``; the few dozen consultations go through the services.
"""

from __future__ import annotations

import random
from datetime import timedelta

ORGANISATIONS = 30
CONSULTATIONS = 40
INPUTS = 20_000
MEETINGS = 300
REGISTRATIONS = 15_000
ACTION_ITEMS = 1_000
DAYS = 330  # everything happens in the last DAYS days before the seeding

ORGANISATION_KINDS = ["wag", "ngo", "mahalla_body", "youth", "professional", "other"]
DISPOSITIONS = ["accepted", "partly", "not_accepted", "out_of_scope"]


def seed_organisations(count: int, district, mahallas) -> dict:
    """Verified organisations of every kind working in the district, each with one seeded
    resident as its representative (named publicly, as a representative agrees to be)."""
    from django.db import connection
    from django.utils import timezone

    from participation.organisations.models import Membership, MembershipRole, Organisation

    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM bench_residents ORDER BY n DESC LIMIT %s", [count])
        representatives = [row[0] for row in cursor.fetchall()]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name_uz=f"{mahallas[index % len(mahallas)].name_uz} jamoat birlashmasi {index + 1}",
            name_ru=f"Общественное объединение {index + 1}",
            slug=f"bench-organisation-{index + 1}",
            kind=ORGANISATION_KINDS[index % len(ORGANISATION_KINDS)],
            territory=district if index % 3 == 0 else mahallas[index % len(mahallas)],
            registry_number=f"BENCH-{index + 1:05d}" if ORGANISATION_KINDS[index % 6] == "ngo" else None,
            status="verified",
            verified_at=now - timedelta(days=DAYS + 30),
            verification_evidence="documents",
            verification_expires_on=(now + timedelta(days=365)).date(),
            verified_office="Yangiqoʻrgʻon tumani hokimligi",
        )
        for index in range(min(count, len(representatives)))
    )
    Membership.objects.bulk_create(
        Membership(
            organisation=organisation,
            user_id=user_id,
            role=MembershipRole.REPRESENTATIVE,
            starts_on=(now - timedelta(days=DAYS + 30)).date(),
            named_publicly=True,
        )
        for organisation, user_id in zip(organisations, representatives, strict=False)
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_organisations")
        cursor.execute("CREATE TEMP TABLE bench_organisations (k integer, id bigint, kind text, representative bigint)")
        for k, (organisation, user_id) in enumerate(zip(organisations, representatives, strict=False)):
            cursor.execute(
                "INSERT INTO bench_organisations VALUES (%s, %s, %s, %s)",
                [k, organisation.pk, organisation.kind, user_id],
            )
    return {"organisations": len(organisations)}


def seed_consultations(count: int, inputs: int, district, rng: random.Random) -> dict:
    """``count`` consultations of the district, opening every ``DAYS / count`` days, each made,
    published and (when its analysis is over) concluded through the services, with ``inputs``
    inputs among them. A consultation concluded after its outcome date every fifth time."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    import meetings.consultations.demo as consultations_demo
    from bench.large import act_figures_sql
    from meetings.consultations.demo import _paragraphs
    from meetings.consultations.models import Consultation, Input, Invitation, PhaseKind
    from meetings.consultations.services import consultations as services
    from meetings.consultations.services import documents
    from participation.demo import load_demo
    from participation.models import User

    spec = load_demo(consultations_demo.__file__, "consultations.yaml")["open"]
    staff = User.objects.get(email="manager.yangiqorgon@demo.test")
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_residents")
        residents = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM bench_organisations")
        organisations = cursor.fetchone()[0]
    weights = [1 + (index * 7) % 5 for index in range(count)]
    plan = [max(1, round(inputs * weight / sum(weights))) for weight in weights]
    plan[-1] = max(1, plan[-1] + inputs - sum(plan))
    rows, to_conclude = [], []
    for index in range(count):
        open_at = now - timedelta(days=DAYS) + timedelta(days=DAYS * index / count, hours=rng.randrange(48))
        created = open_at - timedelta(days=3)
        consultation = services.consultation_create(
            staff=staff,
            territory=district,
            title=f"{spec['title']} ({index + 1})",
            summary=spec["summary"].strip(),
            audience="both",
            questions=spec.get("questions", []),
            open_at=open_at,
            now=created,
        )
        documents.version_from_text(consultation=consultation, staff=staff, text=spec["text"], now=created)
        consultation = services.consultation_publish(
            consultation=consultation, staff=staff, now=open_at - timedelta(hours=12)
        )
        # Every kind of organisation of the district invited, as staff invite before publishing;
        # written after it, so that publication does not e-mail the bench's representatives.
        Invitation.objects.bulk_create(
            Invitation(consultation=consultation, kind=kind, territory=district, created_at=created, created_by=staff)
            for kind in ORGANISATION_KINDS
        )
        phases = {phase.kind: phase for phase in consultation.phases.all()}
        closes, analysis_ends = phases[PhaseKind.OPEN].ends_at, phases[PhaseKind.ANALYSIS].ends_at
        late = index % 5 == 4
        concluded = analysis_ends + timedelta(days=5) if late else closes + timedelta(days=20)
        # Dispositions once the analysis has run a while; conclusion when its day has come.
        disposed = closes + timedelta(days=10) < now
        rows.append(
            (
                consultation.pk,
                consultation.versions.get().pk,
                plan[index],
                open_at,
                # Inputs are spread over the open phase up to the moment of seeding.
                min(closes, now - timedelta(hours=1)),
                closes + timedelta(days=2 + index % 5),
                disposed,
                rng.randrange(residents),
                [paragraph.anchor for paragraph in _paragraphs(consultation)],
                index,
            )
        )
        if concluded < now:
            to_conclude.append((consultation, concluded))
    # Concluded before their inputs are written: the conclusion e-mails every participant
    # (thousands of bench residents nobody reads); the rows it leaves are the same.
    for consultation, when in to_conclude:
        services.consultation_conclude(
            consultation=consultation,
            staff=staff,
            outcome_summary="Takliflar koʻrib chiqildi; qabul qilinganlari rejaga kiritildi.",
            now=when,
        )
    input_table = Input._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_consultations")
        cursor.execute(
            "CREATE TEMP TABLE bench_consultations (id bigint, version bigint, k integer, opens timestamptz, "
            "closes timestamptz, disposed_at timestamptz, disposed boolean, start integer, anchors text[], "
            "idx integer)"
        )
        with cursor.copy("COPY bench_consultations FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # One input in 20 from a paper sheet, one in 20 said at a meeting (recorded by staff, no
        # author, published at once); one in 8 given online for an organisation by its
        # representative; one online input in 25 refused by the moderator.
        cursor.execute(
            f"""
            INSERT INTO {input_table} (consultation_id, version_id, target, section_anchor, paragraph_anchor,
                question_id, text, author_id, organisation_id, channel, recorded_by_id, attributed_to, status,
                created_at, published_at, participant_kind, gender, age_band, disposition, disposition_reason,
                disposition_version_id, disposition_anchor, disposition_at, disposition_by_id)
            SELECT c.id, c.version,
                CASE WHEN i %% 5 = 0 THEN 'document' ELSE 'paragraph' END, '',
                CASE WHEN i %% 5 = 0 THEN '' ELSE c.anchors[1 + i %% array_length(c.anchors, 1)] END,
                NULL, 'Taklif raqami ' || (i + 1) || ': ushbu bandni aniqroq yozishni soʻraymiz.',
                CASE WHEN x.offline THEN NULL WHEN x.org THEN o.representative ELSE r.id END,
                CASE WHEN x.org THEN o.id END,
                CASE WHEN i %% 20 = 0 THEN 'paper' WHEN i %% 20 = 10 THEN 'meeting' ELSE 'online' END,
                CASE WHEN x.offline THEN %s::bigint END,
                CASE WHEN x.offline THEN 'Rezident ' || r.n ELSE '' END,
                CASE WHEN x.refused THEN 'rejected' ELSE 'published' END,
                x.at, CASE WHEN x.refused THEN NULL WHEN x.offline THEN x.at ELSE x.at + interval '3 hours' END,
                CASE WHEN x.org THEN o.kind ELSE 'individual' END,
                CASE WHEN x.offline OR x.org THEN '' ELSE f.gender END,
                CASE WHEN x.offline OR x.org THEN '' ELSE f.age_band END,
                CASE WHEN x.answered THEN (%s::text[])[1 + (i * 7) %% 4] ELSE '' END,
                CASE WHEN x.answered AND (i * 7) %% 4 <> 0 THEN 'Rejaning moliyaviy imkoniyatlaridan tashqarida.'
                     ELSE '' END,
                CASE WHEN x.answered THEN c.version END, '',
                CASE WHEN x.answered THEN c.disposed_at END,
                CASE WHEN x.answered THEN %s::bigint END
            FROM bench_consultations c
            CROSS JOIN LATERAL generate_series(0, c.k - 1) AS i
            JOIN bench_residents r ON r.n = 1 + (c.start + i) %% %s
            LEFT JOIN bench_organisations o ON o.k = (c.idx * 7 + i) %% greatest(%s, 1)
            CROSS JOIN LATERAL (
                SELECT i %% 10 = 0 AS offline,
                       i %% 8 = 3 AND o.id IS NOT NULL AS org,
                       i %% 25 = 7 AS refused,
                       c.disposed AND i %% 25 <> 7 AS answered,
                       c.opens + (c.closes - c.opens) * ((i + 0.5) / c.k) AS at
            ) x
            CROSS JOIN LATERAL (SELECT {act_figures_sql("r", "x.at")}) AS f (channel, gender, age_band)
            """,
            [staff.pk, DISPOSITIONS, staff.pk, residents, organisations],
        )
    # Everything online went through the moderation queue (``input_give``): its decided item.
    moderation_items_for(
        ContentType.objects.get_for_model(Input),
        f"""
        SELECT i.id, c.territory_id, i.author_id, left(i.text, 255), i.created_at,
            coalesce(i.published_at, i.created_at + interval '3 hours'), i.status = 'rejected'
        FROM {input_table} i JOIN {Consultation._meta.db_table} c ON c.id = i.consultation_id
        WHERE i.consultation_id IN (SELECT id FROM bench_consultations) AND i.channel = 'online'
        """,
    )
    return {
        "consultations": count,
        "consultation_ids": [row[0] for row in rows],
        "inputs": sum(plan),
        "concluded": len(to_conclude),
    }


def moderation_items_for(content_type, select_sql: str, params=()) -> int:
    """A decided review item for each row of ``select_sql`` ``(object id, territory, author,
    title, received, decided, refused)``: approved, or refused as spam; due
    ``MODERATION_DUE_WORKING_DAYS`` working days after it arrived, as ``moderation_submit`` sets."""
    from django.conf import settings
    from django.db import connection

    from participation.calendar import add_working_days
    from participation.models import ModerationItem, ReasonCode, User

    moderator = User.objects.get(email="moderator.yangiqorgon@demo.test")
    reason = ReasonCode.objects.filter(is_active=True).order_by("position", "code").last()
    with connection.cursor() as cursor:
        cursor.execute(select_sql, list(params))
        rows = cursor.fetchall()
    days = settings.MODERATION_DUE_WORKING_DAYS
    ModerationItem.objects.bulk_create(
        (
            ModerationItem(
                content_type=content_type,
                object_id=object_id,
                kind="review",
                territory_id=territory_id,
                author_id=author_id,
                title=title or "-",
                created_at=received,
                due_at=add_working_days(received, days),
                decided_at=decided,
                decided_by=moderator,
                outcome="reject" if refused else "approve",
                reason=reason if refused else None,
                explanation="Takroriy yoki mavzudan tashqari." if refused else "",
                author_notified_at=decided,
            )
            for object_id, territory_id, author_id, title, received, decided, refused in rows
        ),
        batch_size=2000,
    )
    return len(rows)


def seed_moderation_items(written: dict) -> dict:
    """The approved review item of every petition, question and project the seeding published
    directly (their services publish only through one)."""
    from django.contrib.contenttypes.models import ContentType

    from bench.large import RESIDENT_EMAIL
    from participation.models import User
    from proposals.budgeting.models import Cycle, Project
    from proposals.petitions.models import Petition
    from proposals.questions.models import Question

    petitions = Petition._meta.db_table
    count = moderation_items_for(
        ContentType.objects.get_for_model(Petition),
        f"SELECT id, territory_id, author_id, left(title, 255), created_at, published_at, false FROM {petitions} "
        "WHERE id = ANY(%s)",
        [written["petition_ids"]],
    )
    users = User._meta.db_table
    count += moderation_items_for(
        ContentType.objects.get_for_model(Question),
        f"SELECT q.id, q.territory_id, q.author_id, left(q.title, 255), q.created_at, q.moderated_at, false "
        f"FROM {Question._meta.db_table} q JOIN {users} u ON u.id = q.author_id WHERE u.email LIKE %s",
        [f"%{RESIDENT_EMAIL}"],
    )
    count += moderation_items_for(
        ContentType.objects.get_for_model(Project),
        f"SELECT p.id, c.territory_id, p.author_id, left(p.title, 255), p.created_at, "
        f"p.created_at + interval '1 day', false FROM {Project._meta.db_table} p "
        f"JOIN {Cycle._meta.db_table} c ON c.id = p.cycle_id WHERE p.cycle_id = %s",
        [written["cycle"]],
    )
    return {"moderation_items": count}


def seed_meetings(meetings: int, registrations: int, actions: int, district, mahallas, rng: random.Random) -> dict:
    """``meetings`` meetings of the district and its mahallas over the year (one in 15
    cancelled, the last few still to come), ``registrations`` registrations among them (one in
    20 cancelled; seven in ten of the rest checked in once held), the attendance counts the
    check-ins, walk-ins and paper sheets leave, and ``actions`` action items of the meetings held."""
    from django.db import connection
    from django.utils import timezone
    from wagtail.search.backends import get_search_backend

    from bench.large import act_figures_sql
    from meetings.meetings.models import ActionItem, AttendanceCount, Meeting, Registration
    from meetings.meetings.selectors.registrations import CODE_ALPHABET
    from participation.demographics import AGE_BANDS
    from participation.models import User

    staff = User.objects.get(email="manager.yangiqorgon@demo.test")
    now = timezone.now()
    kinds = ["hearing", "mahalla", "kengash", "other"]
    rows = []
    for index in range(meetings):
        starts = now - timedelta(days=DAYS) + timedelta(days=(DAYS + 14) * index / meetings, hours=rng.randrange(8))
        starts = starts.replace(hour=10 + index % 6, minute=0, second=0, microsecond=0)
        created = starts - timedelta(days=14)
        cancelled = index % 15 == 7
        mahalla = mahallas[index % len(mahallas)]
        rows.append(
            Meeting(
                territory=district if index % 3 == 0 else mahalla,
                kind=kinds[index % len(kinds)],
                title=f"{mahalla.name_uz}: ochiq yigʻilish ({index + 1})",
                purpose="Mahalla obodonligi va tuman dasturlari boʻyicha fikr almashish.",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                address=f"{mahalla.name_uz} MFY binosi, majlislar zali",
                languages=["uz"],
                capacity=None if index % 4 else 120,
                status="cancelled" if cancelled else "announced",
                created_by=staff,
                created_at=created,
                updated_at=created + timedelta(days=1),
                announced_at=created + timedelta(days=1),
                announced_by=staff,
                cancelled_at=min(now, starts - timedelta(days=2)) if cancelled else None,
                cancellation_reason="Bino taʼmirlanmoqda." if cancelled else "",
                sequence=1 if cancelled else 0,
            )
        )
    created = Meeting.objects.bulk_create(rows, batch_size=500)
    get_search_backend().add_bulk(Meeting, created)
    meeting_table, registration_table = Meeting._meta.db_table, Registration._meta.db_table
    per_meeting = max(1, registrations // meetings)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_residents")
        residents = cursor.fetchone()[0]
        per_meeting = min(per_meeting, residents)
        # Distinct residents per meeting (a run of consecutive numbers), so each has one active
        # registration; a code of 8 letters from the door's alphabet, unique by construction
        # (the registration's number written in base 27). Capped meetings take the first 120.
        cursor.execute(
            f"""
            INSERT INTO {registration_table} (meeting_id, user_id, organisation_id, people, status, code,
                needs_sign_language, needs_step_free, needs_elderly_help, language, created_at, promoted_at,
                cancelled_at, checked_in_at, checked_in_people, checked_in_by_id, channel, gender, age_band)
            SELECT m.id, r.id, NULL, 1, x.status, x.code, false, i %% 40 = 0, i %% 25 = 0, 'uz',
                x.registered, NULL,
                CASE WHEN x.status = 'cancelled' THEN least(now() - interval '1 hour', m.starts_at - interval '1 day') END,
                CASE WHEN x.checked THEN m.starts_at + (i %% 30) * interval '1 minute' END,
                CASE WHEN x.checked THEN 1 ELSE 0 END,
                CASE WHEN x.checked THEN %s::bigint END,
                {act_figures_sql("r", "x.registered")}
            FROM (SELECT id, starts_at, ends_at, status, row_number() OVER (ORDER BY id) AS k
                  FROM {meeting_table} WHERE id = ANY(%s)) m
            CROSS JOIN LATERAL generate_series(0, %s - 1) AS i
            JOIN bench_residents r ON r.n = 1 + ((m.k * 7919) + i) %% %s
            CROSS JOIN LATERAL (
                SELECT CASE WHEN i %% 20 = 19 THEN 'cancelled' ELSE 'confirmed' END AS status,
                       least(now() - interval '2 hours', m.starts_at - interval '10 days' + i * interval '1 minute')
                           AS registered,
                       m.status = 'announced' AND m.ends_at < now() AND i %% 20 <> 19 AND i %% 10 < 7 AS checked,
                       (SELECT string_agg(substr(%s, 1 + ((m.k * %s + i) / (27 ^ d)::bigint %% 27)::int, 1), '' ORDER BY d)
                        FROM generate_series(0, 7) AS d) AS code
            ) x
            """,
            [staff.pk, [m.pk for m in created], per_meeting, residents, CODE_ALPHABET, per_meeting],
        )
        cursor.execute(
            f"""
            UPDATE {meeting_table} m SET seats_taken = s.seats
            FROM (SELECT meeting_id, sum(people) AS seats FROM {registration_table}
                  WHERE status = 'confirmed' AND meeting_id = ANY(%s) GROUP BY meeting_id) s
            WHERE m.id = s.meeting_id
            """,
            [[m.pk for m in created]],
        )
        cursor.execute(
            f"UPDATE {meeting_table} SET capacity = greatest(capacity, seats_taken) WHERE id = ANY(%s) "
            "AND capacity IS NOT NULL",
            [[m.pk for m in created]],
        )
        # The door's counts: every check-in in its consenting person's gender and age band
        # (``attendance.check_in``), and for held meetings some walk-ins and a paper sheet.
        cursor.execute(
            f"""
            INSERT INTO {AttendanceCount._meta.db_table} (meeting_id, source, gender, age_band, count)
            SELECT meeting_id, 'check_in', gender, age_band, sum(checked_in_people) FROM {registration_table}
            WHERE checked_in_at IS NOT NULL AND meeting_id = ANY(%s) GROUP BY meeting_id, gender, age_band
            """,
            [[m.pk for m in created]],
        )
    held = [m for m in created if m.status == "announced" and m.ends_at < now]
    bands = [label for _limit, label in AGE_BANDS]
    cells = []
    for index, meeting in enumerate(held):
        cells.append(AttendanceCount(meeting=meeting, source="walk_in", count=3 + index % 9))
        if index % 3 == 0:
            cells.append(
                AttendanceCount(
                    meeting=meeting,
                    source="paper",
                    gender="female" if index % 2 else "male",
                    age_band=bands[1 + index % 4],
                    count=5 + index % 11,
                )
            )
            cells.append(AttendanceCount(meeting=meeting, source="paper", count=2 + index % 6))
    AttendanceCount.objects.bulk_create(cells, batch_size=2000)
    items = []
    statuses = ["done", "done", "in_progress", "open", "done", "cancelled", "open", "done"]
    for index in range(actions if held else 0):
        meeting = held[index % len(held)]
        status = statuses[index % len(statuses)]
        made = meeting.ends_at + timedelta(hours=1)
        due = made + timedelta(days=14 + index % 60)
        done = made + timedelta(days=5 + index % 40) if status == "done" else None
        if done is not None and done > now:
            status, done = "in_progress", None
        items.append(
            ActionItem(
                meeting=meeting,
                kind="decision" if index % 5 == 0 else "action",
                text=f"Yigʻilish qarori {index + 1}: koʻcha chiroqlarini taʼmirlash.",
                owner_department="Obodonlashtirish boshqarmasi",
                due_at=due,
                status=status,
                overdue_since=due if status in ("open", "in_progress") and due < now else None,
                done_at=done,
                created_at=made,
                created_by=staff,
            )
        )
    ActionItem.objects.bulk_create(items, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {registration_table} WHERE meeting_id = ANY(%s)", [[m.pk for m in created]]
        )
        written = cursor.fetchone()[0]
    return {"meetings": len(created), "registrations": written, "action_items": len(items)}
