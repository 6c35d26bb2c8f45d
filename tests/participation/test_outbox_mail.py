"""Every e-mail an action owes survives a broker that is down at commit, and goes out once.

Four kinds go through the outbox (participation.queue): a petition's events, the answer to a
question, a budget project's progress update and a moderation decision. Each action below is
saved while the broker refuses connections: the action stands, nothing is sent, the work waits
in the outbox. The sweep then sends each e-mail once; a second sweep, or several sweeps at the
same time (PostgreSQL), send nothing more.
"""

from collections import Counter
from contextlib import nullcontext
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction

from participation.models import Notification, OutboxEntry, ReasonCode
from participation.queue import outbox_sweep
from proposals.budgeting.models import Cycle, ImplementationStatus, ProjectStatus, ProjectUpdate
from proposals.budgeting.services import notifications as pb_notifications
from proposals.budgeting.services import projects as pb
from proposals.petitions.models import Petition, PetitionRules
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as petitions
from proposals.questions import services as questions
from proposals.questions.models import Question, QuestionTopic
from tests.fixtures.clock import T0
from tests.fixtures.concurrency import postgres_only, run_together, unexpected
from tests.fixtures.outage import DEAD_REDIS, broker_at


def sent() -> Counter:
    """(recipient, subject) → how many times it went out."""
    return Counter((message.to[0], message.subject) for message in mail.outbox)


def ask(people, pages, title: str) -> Question:
    return questions.question_ask(
        author=people.author,
        territory=pages.yangiqorgon.territory,
        title=title,
        text="Dushanbadan beri ichimlik suvi kelmayapti.",
        topic=QuestionTopic.WATER,
    )


@pytest.fixture
def scene(people, pages, make_petition, make_cycle, make_project, resident):
    """A petition past its threshold, a published question with a follower, a question
    waiting for moderation and a budget winner with followers: each about to owe e-mails."""
    people.now("moderator", "responder")
    PetitionRules.objects.filter(level="district").update(signatures_needed=2)
    petition = make_petition(S.THRESHOLD_REACHED, moderator=people.moderator)
    asked = ask(people, pages, "Navbahor koʻchasida suv yoʻq")
    questions.question_moderate(question=asked, moderator=people.moderator, publish=True)
    follower = resident(preferred_language="ru")
    questions.question_follow(question=asked, user=follower)
    waiting = ask(people, pages, "Istiqlol koʻchasida chiroq yoʻq")
    cycle = make_cycle("implementation")
    Cycle.objects.filter(pk=cycle.pk).update(results_published_at=T0 - timedelta(days=5))
    winner = make_project(Cycle.objects.get(pk=cycle.pk), status=ProjectStatus.SELECTED, title="Bogʻcha tomi")
    pb_followers = [resident() for _ in range(3)]
    for person in pb_followers:
        pb.project_follow(winner, user=person, now=T0)
    # What the setting-up owed is not this test's business.
    OutboxEntry.objects.all().delete()
    mail.outbox.clear()
    return {
        "petition": petition,
        "asked": asked,
        "follower": follower,
        "waiting": waiting,
        "winner": winner,
        "pb_followers": pb_followers,
    }


def act(scene, people, *, commit=nullcontext):
    """The four actions, each in its own transaction; ``commit`` wraps each one's commit."""
    # The shipped reasons come from a data migration, which a transactional test's flush removes.
    reason, _made = ReasonCode.objects.get_or_create(code="personal-data", defaults={"label_uz": "Shaxsiy maʼlumot"})
    with commit():
        petitions.petition_answer(petition=scene["petition"], responder=people.responder, answer="Javob.", now=T0)
    with commit():
        questions.question_answer(question=scene["asked"], responder=people.responder, answer="Suv tiklandi.")
    with commit():
        questions.question_moderate(
            question=scene["waiting"],
            moderator=people.moderator,
            publish=False,
            reason=reason,
            explanation="Shaxsiy maʼlumot bor.",
        )
    with commit():
        pb.project_report_progress(
            scene["winner"],
            staff=people.responder,
            text="Tender eʼlon qilindi.",
            status=ImplementationStatus.PROCUREMENT,
            progress=10,
            now=T0,
        )


def owed(scene, people) -> dict[str, set[str]]:
    """Who must hear of what: a word of each subject (titles are not translated) → addresses."""
    petition = Petition.objects.get(pk=scene["petition"].pk)
    signers = {signature.user.email for signature in petition.signatures.select_related("user")}
    cosponsors = {cosponsor.user.email for cosponsor in petition.cosponsors.select_related("user")}
    return {
        petition.title: {petition.author.email} | cosponsors | signers,
        "Navbahor koʻchasida suv yoʻq": {people.author.email, scene["follower"].email},
        "Istiqlol koʻchasida chiroq yoʻq": {people.author.email},
        "Bogʻcha tomi": {person.email for person in scene["pb_followers"]},
    }


def assert_each_told_once(expected: dict[str, set[str]]) -> None:
    counts = sent()
    assert counts and max(counts.values()) == 1, [item for item, n in counts.items() if n > 1]
    for title, addresses in expected.items():
        told = {to for to, subject in counts if title in subject}
        assert told == addresses, title


@pytest.mark.django_db
def test_broker_down_at_the_action_loses_nothing_and_the_sweep_sends_each_e_mail_once(
    scene, people, django_capture_on_commit_callbacks
):
    def outage_commit():
        class Commit:
            def __enter__(self):
                self.broker = broker_at(DEAD_REDIS).__enter__()
                self.capture = django_capture_on_commit_callbacks(execute=True)
                self.capture.__enter__()

            def __exit__(self, *exc):
                self.capture.__exit__(*exc)
                self.broker.__exit__(*exc)

        return Commit()

    act(scene, people, commit=outage_commit)
    # Saved, and nothing sent: the work waits.
    assert Petition.objects.get(pk=scene["petition"].pk).status == S.ANSWERED
    assert Question.objects.get(pk=scene["asked"].pk).answered_at is not None
    assert ProjectUpdate.objects.filter(project=scene["winner"]).exists()
    assert mail.outbox == []
    assert OutboxEntry.objects.filter(done_at__isnull=True).count() == 4

    assert outbox_sweep() == 4
    assert_each_told_once(owed(scene, people))
    assert not OutboxEntry.objects.filter(done_at__isnull=True).exists()
    assert outbox_sweep() == 0
    OutboxEntry.objects.update(done_at=None)  # even if every entry ran again (a crash before marking it done)
    assert outbox_sweep() == 4
    assert_each_told_once(owed(scene, people))


@pytest.mark.django_db
def test_a_mail_server_down_during_the_sweep_leaves_the_rest_for_the_next_one(scene, people, monkeypatch):
    act(scene, people)  # on-commit callbacks never run here: as if every message was lost
    calls = {"n": 0}
    real_send = mail.EmailMessage.send

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionRefusedError("SMTP down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", flaky)
    outbox_sweep()
    monkeypatch.undo()
    assert OutboxEntry.objects.filter(done_at__isnull=True).count() == 1
    outbox_sweep()
    assert_each_told_once(owed(scene, people))
    assert not Notification.objects.filter(sent_at__isnull=True, failed=False).exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_each_e_mail_exactly_once(scene, people):
    with broker_at(DEAD_REDIS):
        act(scene, people, commit=transaction.atomic)  # real commits, each refused by the broker
    assert mail.outbox == [] and OutboxEntry.objects.filter(done_at__isnull=True).count() == 4
    outcomes = run_together([outbox_sweep] * 8, workers=8)
    assert unexpected(outcomes) == []
    assert sum(outcomes) == 4  # each entry ran in exactly one sweep
    assert_each_told_once(owed(scene, people))


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_of_one_occasion_tell_each_person_once(scene, people):
    """Below the outbox: even runs of the same work at once (a claim that expired while its
    run was slow) never send one person two e-mails."""
    with broker_at(DEAD_REDIS):
        act(scene, people, commit=transaction.atomic)
    update = ProjectUpdate.objects.get(project=scene["winner"])
    outcomes = run_together([lambda: pb_notifications.notify_followers(update.pk)] * 8, workers=8)
    assert unexpected(outcomes) == []
    assert sum(outcomes) == len(scene["pb_followers"])
    assert sorted(to for to, _subject in sent()) == sorted(person.email for person in scene["pb_followers"])
