"""The bench's large data set (``bench/large.py``) keeps the platform's invariants, seeded here
at 1/1000 of its size on the test database: what the growth bench measures is data the
platform itself could have written, and a kept data set is not seeded twice."""

import pytest
from django.db import connection
from django.db.models import Count, F, Q

from bench import large
from participation.models import User
from proposals.budgeting.models import Ballot, BallotChoice, Cycle, Participation, ProjectStatus
from proposals.petitions.models import MahallaSignatureCount, Petition, Signature
from proposals.questions.models import Question
from tests.fixtures.concurrency import postgres_only

# Bulk SQL (generate_series, gen_random_uuid, COPY, temporary tables) is PostgreSQL's.
pytestmark = postgres_only


@pytest.fixture(scope="module")
def grown_once(seeded_once, django_db_blocker):
    """Seeded once for the module, inside the demo's module transaction (rolled back after)."""
    with django_db_blocker.unblock():
        return large.seed_large(0.001)


@pytest.fixture
def grown(grown_once, seeded):
    return grown_once


def test_every_petition_counts_exactly_its_valid_signatures(grown):
    petitions = Petition.objects.annotate(
        rows=Count("signatures", filter=Q(signatures__withdrawn_at=None, signatures__invalidation=None))
    )
    assert [p.pk for p in petitions if p.signature_count != p.rows] == []
    seeded = Signature.objects.filter(user__email__endswith=large.RESIDENT_EMAIL)
    assert seeded.count() == 1000
    assert Petition.objects.get(pk=grown["big_petition"]).signature_count == 200
    # Each signature carries its signer's mahalla, as signing writes it.
    assert not seeded.exclude(mahalla=F("user__home_territory")).exists()
    # The per-mahalla counts the petition page reads agree with the rows, as signing keeps them.
    kept = {(c.petition_id, c.mahalla_id): c.count for c in MahallaSignatureCount.objects.all()}
    counted = {
        (row["petition_id"], row["mahalla_id"]): row["n"]
        for row in Signature.objects.filter(withdrawn_at=None, invalidation=None)
        .values("petition_id", "mahalla_id")
        .annotate(n=Count("pk"))
    }
    assert kept == counted


def test_the_grown_district_has_its_residents_and_questions(grown):
    assert User.objects.filter(email__endswith=large.RESIDENT_EMAIL, home_territory__kind="mahalla").count() == 200
    assert Question.objects.filter(author__email__endswith=large.RESIDENT_EMAIL, status="published").count() == 5


def test_the_large_cycle_is_published_by_the_service_from_its_ballots(grown):
    cycle = Cycle.objects.get(pk=grown["cycle"])
    assert cycle.results_published_at is not None
    result = cycle.result
    assert result.ballots_counted == Ballot.objects.filter(cycle=cycle).count() == 100
    assert result.participants == Participation.objects.filter(cycle=cycle).count() == 100
    assert result.eligible >= 200  # stored turnout: the district's verified residents
    choices = BallotChoice.objects.filter(ballot__cycle=cycle).values("ballot").annotate(n=Count("id"))
    assert {row["n"] for row in choices} <= {1, 2, 3, 4, 5}
    assert sum(result.votes.values()) == BallotChoice.objects.filter(ballot__cycle=cycle).count()
    winners = set(cycle.projects.filter(status=ProjectStatus.SELECTED).values_list("pk", flat=True))
    assert winners == set(result.selected)


def test_a_finished_seeding_is_kept_and_a_stale_one_is_not(db, monkeypatch):
    monkeypatch.delenv("BENCH_RESEED", raising=False)
    with connection.cursor() as cursor:
        assert large.read_marker(cursor) is None
        assert large.needs_seeding(None, 1.0)
        large.mark(scale=1.0, seconds=60)
        marker = large.read_marker(cursor)
    assert not large.needs_seeding(marker, 1.0)
    assert large.needs_seeding(marker, 0.5)  # another size
    assert large.needs_seeding((large.SEED_FORMAT - 1, 1.0), 1.0)  # an older shape
    monkeypatch.setenv("BENCH_RESEED", "1")
    assert large.needs_seeding(marker, 1.0)


def test_every_seeded_act_records_its_figures_from_the_consenting_profile(grown):
    """The "who took part" columns, as the services write them: the channel always, gender and
    age band only for a signer who consented to statistics (about 3 in 4), from their profile."""
    from participation.demographics import AGE_BANDS, consented_demographics
    from participation.models import Channel

    seeded = Signature.objects.filter(user__email__endswith=large.RESIDENT_EMAIL).select_related("user")
    bands = {label for _limit, label in AGE_BANDS}
    consented = 0
    for signature in seeded:
        assert signature.channel in Channel.values
        assert (signature.gender, signature.age_band) == consented_demographics(signature.user, signature.created_at)
        if signature.gender:
            consented += 1
            assert signature.age_band in bands
    assert 0.6 < consented / seeded.count() < 0.9
    assert {s.channel for s in seeded} >= {"web"}
    # Votes, questions and meeting registrations record theirs the same way, at their own moment.
    from meetings.meetings.models import Registration

    acts = [
        (Participation.objects.filter(user__email__endswith=large.RESIDENT_EMAIL), "user", "voted_hour"),
        (Question.objects.filter(author__email__endswith=large.RESIDENT_EMAIL), "author", "created_at"),
        (Registration.objects.filter(user__email__endswith=large.RESIDENT_EMAIL), "user", "created_at"),
    ]
    for rows, person, moment in acts:
        rows = list(rows.select_related(person))
        assert any(row.gender for row in rows) and not all(row.gender for row in rows)
        for row in rows:
            expected = consented_demographics(getattr(row, person), getattr(row, moment))
            assert (row.gender, row.age_band) == expected and row.channel in Channel.values


def test_the_consultations_are_answered_as_their_services_require(grown):
    from meetings.consultations.models import Consultation, Input

    consultations = Consultation.objects.filter(pk__in=grown["consultation_ids"])
    assert consultations.count() == 4 and grown["inputs"] == 40
    inputs = Input.objects.filter(consultation__in=consultations)
    assert inputs.count() == 40
    # A concluded consultation has answered every published input (consultation_conclude's rule).
    concluded = consultations.filter(status="concluded")
    assert concluded.exists()
    assert not inputs.filter(consultation__in=concluded, status="published", disposition="").exists()
    # Inputs for an organisation count as its kind; offline inputs have no author but a recorder.
    assert not inputs.filter(organisation__isnull=False).exclude(participant_kind=F("organisation__kind")).exists()
    assert inputs.filter(organisation__isnull=True, participant_kind="individual").exists()
    assert not inputs.exclude(channel="online").filter(author__isnull=False).exists()
    # Every input was given while its consultation was open for input.
    assert not inputs.filter(
        created_at__lt=F("consultation__phases__starts_at"), consultation__phases__kind="open"
    ).exists()


def test_everything_published_passed_one_decided_moderation_item(grown):
    from django.contrib.contenttypes.models import ContentType

    from meetings.consultations.models import Input
    from participation.models import ModerationItem
    from proposals.budgeting.models import Project

    def decided(model, ids):
        items = ModerationItem.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
        assert not items.filter(decided_at__isnull=True).exists()
        return {item.object_id: item for item in items}

    petitions = list(Petition.objects.filter(author__email__endswith=large.RESIDENT_EMAIL).values_list("pk", flat=True))
    assert set(decided(Petition, petitions)) == set(petitions)
    questions = list(Question.objects.filter(author__email__endswith=large.RESIDENT_EMAIL).values_list("pk", flat=True))
    assert set(decided(Question, questions)) == set(questions)
    projects = list(Project.objects.filter(cycle=grown["cycle"]).values_list("pk", flat=True))
    assert set(decided(Project, projects)) == set(projects)
    online = {i.pk: i for i in Input.objects.filter(channel="online", author__email__endswith=large.RESIDENT_EMAIL)}
    items = decided(Input, list(online))
    assert set(items) == set(online)
    for pk, item in items.items():
        assert item.outcome == ("reject" if online[pk].status == "rejected" else "approve")


def test_meetings_keep_their_seats_and_attendance_counts(grown):
    from meetings.meetings.models import ActionItem, AttendanceCount, Meeting, Registration

    meetings = Meeting.objects.filter(registrations__user__email__endswith=large.RESIDENT_EMAIL).distinct()
    assert meetings.count() == grown["meetings"] == 10
    assert Registration.objects.filter(meeting__in=meetings).count() == grown["registrations"] == 100
    for meeting in meetings:
        confirmed = Registration.objects.filter(meeting=meeting, status="confirmed")
        assert meeting.seats_taken == sum(r.people for r in confirmed)
        # The door's check-in cells add up the checked-in registrations' people, by their figures.
        checked = {
            (row["gender"], row["age_band"]): row["n"]
            for row in confirmed.filter(checked_in_at__isnull=False)
            .values("gender", "age_band")
            .annotate(n=Count("pk"))
        }
        cells = {
            (cell.gender, cell.age_band): cell.count
            for cell in AttendanceCount.objects.filter(meeting=meeting, source="check_in")
        }
        assert cells == checked
    assert ActionItem.objects.filter(meeting__in=meetings).count() == grown["action_items"] == 10


def test_the_district_year_report_has_something_in_every_section(grown):
    """What the report bench measures: every section of the seeded year has figures to add up.
    (Read before the audit across periods, which may hide a count a month gives back.)"""
    from bench.reports import report_district_and_year
    from participation.transparency.registry import report_sections

    district, period = report_district_and_year()
    sections = {section.key: section.compute(district, period) for section in report_sections()}
    figures = {key: {f["key"]: f["value"] for f in content["figures"]} for key, content in sections.items()}
    assert figures["petitions"]["published"] >= 10
    assert figures["questions"]["published"] >= 5
    assert figures["budgeting"]["projects_submitted"] >= 10
    assert figures["consultations"]["inputs"] >= 30
    assert figures["meetings"]["held"] >= 5 and figures["meetings"]["actions_created"] >= 5
    assert figures["moderation"]["decided"] >= 10
    assert figures["participants"]["acts"] >= 1000
