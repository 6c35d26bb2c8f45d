"""Plain-text e-mails in the recipient's language and script.

Text/plain means nothing residents wrote is ever read as markup, so it is shown as typed
and cannot inject anything. Readers of Uzbek Cyrillic get the whole message in Cyrillic,
residents' Latin text included; links and addresses are left as they are.
"""

import re

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from participation.translit import in_reader_script


def single_line(value: str) -> str:
    """Titles go into subjects and lists: no line breaks, no runs of spaces."""
    return re.sub(r"\s+", " ", value or "").strip()


def plain_email(*, template: str, subject: str, context: dict, to: str) -> EmailMessage:
    """Render in the active language; call inside ``translation.override(user language)``."""
    body = in_reader_script(render_to_string(template, context))
    return EmailMessage(subject=single_line(in_reader_script(str(subject))), body=body, to=[to])


def email_user(user, *, template: str, subject, context: dict, connection=None) -> None:
    """Send one e-mail to ``user`` in their preferred language. ``subject`` is rendered in
    that language too (pass a lazy string or a callable taking no arguments)."""
    with translation.override(user.preferred_language):
        text = subject() if callable(subject) else subject
        message = plain_email(template=template, subject=str(text), context={**context, "recipient": user}, to=user.email)
    if connection is not None:
        message.connection = connection
    message.send()


def email_users_once(users, *, key: str, template: str, subject, context: dict, now=None) -> int:
    """E-mail each of ``users`` once for the occasion ``key``; people already told are skipped,
    so the task calling this is safe to retry. Returns how many e-mails went out."""
    from django.core.mail import get_connection
    from django.utils import timezone

    from participation.models import Notification

    now = now or timezone.now()
    told = set(Notification.objects.filter(key=key).values_list("user_id", flat=True))
    sent = 0
    with get_connection() as connection:
        for user in users:
            if user.pk in told or not user.is_active or not user.email:
                continue
            email_user(user, template=template, subject=subject, context=context, connection=connection)
            Notification.objects.get_or_create(user=user, key=key, defaults={"sent_at": now})
            told.add(user.pk)
            sent += 1
    return sent
