"""Plain-text e-mails in the recipient's language and script.

Text/plain means nothing residents wrote is ever read as markup, so it is shown as typed
and cannot inject anything. Readers of Uzbek Cyrillic get the whole message in Cyrillic,
residents' Latin text included; links and addresses are left as they are.
"""

import logging
import re
import smtplib
from datetime import timedelta

from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from participation.models import Notification
from participation.translit import in_reader_script

logger = logging.getLogger(__name__)

# A run that claimed an e-mail and neither sent it nor released the claim within this time is
# taken to have died; the e-mail is offered again.
CLAIM_LEASE = timedelta(minutes=15)


def single_line(value: str) -> str:
    """Titles go into subjects and lists: no line breaks, no runs of spaces."""
    return re.sub(r"\s+", " ", value or "").strip()


def plain_email(*, template: str, subject: str, context: dict, to: str) -> EmailMessage:
    """Render in the active language; call inside ``translation.override(user language)``."""
    body = in_reader_script(render_to_string(template, context))
    return EmailMessage(subject=single_line(in_reader_script(str(subject))), body=body, to=[to])


def email_user(
    user,
    *,
    template: str,
    subject,
    context: dict,
    per_reader: dict | None = None,
    attachments=None,
    connection=None,
) -> None:
    """Send one e-mail to ``user`` in their preferred language. ``subject`` is rendered in
    that language too (pass a lazy string or a callable taking no arguments), and so are the
    callables in ``per_reader``, whose results join the template's context. ``attachments`` is a
    callable returning ``(filename, content, mimetype)`` triples, made in the reader's language
    too (a calendar entry links to the page in it). A person without an e-mail address (a
    resident registered at a service centre) is skipped."""
    if not user.email:
        return
    with translation.override(user.preferred_language):
        text = subject() if callable(subject) else subject
        # Values that depend on the reader's language (links carry a language prefix).
        own = {name: make() for name, make in (per_reader or {}).items()}
        message = plain_email(
            template=template, subject=str(text), context={**context, **own, "recipient": user}, to=user.email
        )
        for filename, content, mimetype in attachments() if attachments else ():
            message.attach(filename, content, mimetype)
    if connection is not None:
        message.connection = connection
    message.send()


def email_users_once(
    users,
    *,
    key: str,
    template: str,
    subject,
    context: dict,
    per_reader: dict | None = None,
    attachments=None,
    now=None,
) -> int:
    """E-mail each of ``users`` once for the occasion ``key``; returns how many went out here.

    Everyone concerned gets a ``Notification`` row (one per person and occasion), and each
    row is claimed with a conditional UPDATE before its e-mail is sent and marked sent after:
    two runs at once (a task and a sweep, or a redelivered task) never both send to one person,
    and a retry sends only to whoever is left. An address the mail server refuses is a fault of
    that address alone: it is logged and marked failed, and everyone after it is still told.
    Any other error (the server is down) releases the claim and stops the run, so its retry
    sends to whoever is left. A run that dies between claim and send leaves a claim that
    expires after ``CLAIM_LEASE``, so nobody is skipped for good.
    """
    now = now or timezone.now()
    people = {}
    for user in users:
        if user.is_active and user.email:
            people.setdefault(user.pk, user)
    if not people:
        return 0
    Notification.objects.bulk_create(
        [Notification(user_id=pk, key=key) for pk in people], ignore_conflicts=True, batch_size=1000
    )
    # Everyone of this occasion still to be told (no list of ids: a petition may have thousands).
    waiting = dict(
        Notification.objects.filter(key=key, sent_at__isnull=True, failed=False).values_list("user_id", "pk")
    )
    sent = 0
    with get_connection() as connection:
        for user_id, user in people.items():
            claim = waiting.get(user_id)
            if claim is None or not _claim(claim, now):
                continue  # told already, or another run is telling them now
            try:
                email_user(
                    user,
                    template=template,
                    subject=subject,
                    context=context,
                    per_reader=per_reader,
                    attachments=attachments,
                    connection=connection,
                )
            except smtplib.SMTPRecipientsRefused:
                logger.warning("Mail server refused the address of user %s for %s", user_id, key)
                Notification.objects.filter(pk=claim).update(failed=True, claimed_until=None)
                continue
            except Exception:
                Notification.objects.filter(pk=claim).update(claimed_until=None)
                raise
            Notification.objects.filter(pk=claim).update(sent_at=now, claimed_until=None)
            sent += 1
    return sent


def _claim(notification_id: int, now) -> bool:
    """Take one person's e-mail for this run: only if unsent, not failed and nobody holds it."""
    return bool(
        Notification.objects.filter(pk=notification_id, sent_at__isnull=True, failed=False)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(claimed_until=now + CLAIM_LEASE)
    )
