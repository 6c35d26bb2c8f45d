"""Playmobile's broker API (``/broker-api/send``, basic auth).

One message per call, with an id of ours that Playmobile echoes in its delivery reports; the
originator is the short number or name Playmobile assigned to the account. Any answer but 200
is a refusal (its body says why; it goes to no log, as it may quote the text).
"""

import uuid

from django.conf import settings

from participation.identity.sms.http import digits, post, refused


class PlaymobileBackend:
    def send(self, to_e164: str, text: str) -> None:
        payload = {
            "messages": [
                {
                    "recipient": digits(to_e164),
                    "message-id": uuid.uuid4().hex[:20],
                    "sms": {"originator": settings.SMS_PLAYMOBILE_ORIGINATOR, "content": {"text": text}},
                }
            ]
        }
        response = post(
            f"{settings.SMS_PLAYMOBILE_URL.rstrip('/')}/broker-api/send",
            json=payload,
            auth=(settings.SMS_PLAYMOBILE_LOGIN, settings.SMS_PLAYMOBILE_PASSWORD),
        )
        if response.status_code != 200:
            raise refused(response, "playmobile")
