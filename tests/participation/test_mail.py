"""E-mails to many people: once each, and one bad address never silences the rest."""

import smtplib
from unittest import mock

import pytest
from django.core import mail

from participation.mail import email_users_once
from participation.models import Notification
from tests.factories import UserFactory

TEMPLATE = "participation/email/moderation_decided.txt"


def send(users):
    return email_users_once(
        users, key="occasion:1", template=TEMPLATE, subject="Mavzu", context={"item": None, "url": "/"}
    )


@pytest.mark.django_db
def test_each_person_is_told_once_even_when_the_task_runs_twice():
    people = UserFactory.create_batch(3)
    assert send(people) == 3
    assert send(people) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


@pytest.mark.django_db
def test_a_refused_address_is_skipped_and_the_others_are_still_told():
    people = UserFactory.create_batch(3)
    refused = people[0].email
    real_send = mail.EmailMessage.send

    def refusing(message, *args, **kwargs):
        if message.to == [refused]:
            raise smtplib.SMTPRecipientsRefused({refused: (550, b"no such user")})
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", refusing):
        assert send(people) == 2
    assert Notification.objects.get(user=people[0]).failed is True
    assert send(people) == 0  # not retried for this occasion


@pytest.mark.django_db
def test_a_server_outage_releases_the_claim_so_the_retry_sends():
    person = UserFactory()
    with (
        mock.patch.object(mail.EmailMessage, "send", side_effect=ConnectionRefusedError),
        pytest.raises(ConnectionRefusedError),
    ):
        send([person])
    # The person's row stays, unsent and unclaimed: the retry (or the sweep) sends it.
    [row] = Notification.objects.all()
    assert row.sent_at is None and row.claimed_until is None and not row.failed
    assert send([person]) == 1
    assert send([person]) == 0


@pytest.mark.django_db
def test_links_are_in_each_readers_language():
    from django.urls import reverse
    from django.utils import translation

    uzbek, russian = UserFactory(preferred_language="uz"), UserFactory(preferred_language="ru")
    with translation.override("en"):  # the language of whoever triggered the e-mail
        email_users_once(
            [uzbek, russian],
            key="occasion:2",
            template=TEMPLATE,
            subject="Mavzu",
            context={"item": None},
            per_reader={"url": lambda: reverse("petitions:list")},
        )
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "/uz/petitions/" in bodies[uzbek.email] and "/ru/petitions/" in bodies[russian.email]


@pytest.mark.django_db
def test_a_person_another_run_is_telling_is_left_to_it_until_its_claim_expires():
    from datetime import timedelta

    from django.utils import timezone

    from participation.mail import CLAIM_LEASE

    person = UserFactory()
    now = timezone.now()
    # Another run claimed this person a moment ago and has not sent yet (or died doing so).
    Notification.objects.create(user=person, key="occasion:1", claimed_until=now + CLAIM_LEASE)
    assert email_users_once([person], key="occasion:1", template=TEMPLATE, subject="S", context={}, now=now) == 0
    assert mail.outbox == []
    later = now + CLAIM_LEASE + timedelta(seconds=1)
    assert email_users_once([person], key="occasion:1", template=TEMPLATE, subject="S", context={}, now=later) == 1
    assert Notification.objects.get(user=person).sent_at == later
