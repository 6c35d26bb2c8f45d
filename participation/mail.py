"""Plain-text e-mails in the recipient's language and script.

Text/plain means nothing residents wrote is ever read as markup, so it is shown as typed
and cannot inject anything. Readers of Uzbek Cyrillic get the whole message in Cyrillic,
residents' Latin text included; links and addresses are left as they are.
"""

import logging
import re
import smtplib

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from participation.models import Notification
from participation.translit import in_reader_script

logger = logging.getLogger(__name__)


def single_line(value: str) -> str:
    """Titles go into subjects and lists: no line breaks, no runs of spaces."""
    return re.sub(r"\s+", " ", value or "").strip()


def plain_email(*, template: str, subject: str, context: dict, to: str) -> EmailMessage:
    """Render in the active language; call inside ``translation.override(user language)``."""
    body = in_reader_script(render_to_string(template, context))
    return EmailMessage(subject=single_line(in_reader_script(str(subject))), body=body, to=[to])


def email_user(user, *, template: str, subject, context: dict, per_reader: dict | None = None, connection=None) -> None:
    """Send one e-mail to ``user`` in their preferred language. ``subject`` is rendered in
    that language too (pass a lazy string or a callable taking no arguments), and so are the
    callables in ``per_reader``, whose results join the template's context."""
    with translation.override(user.preferred_language):
        text = subject() if callable(subject) else subject
        # Values that depend on the reader's language (links carry a language prefix).
        own = {name: make() for name, make in (per_reader or {}).items()}
        message = plain_email(
            template=template, subject=str(text), context={**context, **own, "recipient": user}, to=user.email
        )
    if connection is not None:
        message.connection = connection
    message.send()


def email_users_once(
    users, *, key: str, template: str, subject, context: dict, per_reader: dict | None = None, now=None
) -> int:
    """E-mail each of ``users`` once for the occasion ``key``; returns how many went out.

    Each person is claimed (a ``Notification`` row, unique per person and occasion) before
    the e-mail is sent, so a retried or redelivered task never sends twice. An address the
    mail server refuses is a fault of that address alone: it is logged and marked failed,
    and everyone after it is still told. Any other error (the server is down) releases the
    claim and stops the task, so its retry sends to whoever is left.
    """
    now = now or timezone.now()
    told = set(Notification.objects.filter(key=key).values_list("user_id", flat=True))
    sent = 0
    with get_connection() as connection:
        for user in users:
            if user.pk in told or not user.is_active or not user.email:
                continue
            told.add(user.pk)
            claim, created = Notification.objects.get_or_create(user=user, key=key, defaults={"sent_at": now})
            if not created:
                continue  # another run of this task has it
            try:
                email_user(
                    user,
                    template=template,
                    subject=subject,
                    context=context,
                    per_reader=per_reader,
                    connection=connection,
                )
            except smtplib.SMTPRecipientsRefused:
                logger.warning("Mail server refused the address of user %s for %s", user.pk, key)
                Notification.objects.filter(pk=claim.pk).update(failed=True)
                continue
            except Exception:
                claim.delete()
                raise
            sent += 1
    return sent
