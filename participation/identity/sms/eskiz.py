"""Eskiz (notify.eskiz.uz).

A bearer token comes from ``/api/auth/login`` with the account's e-mail and password; it lasts
about a month, so it is kept in the cache and fetched again when Eskiz answers 401 (expired or
revoked), once per message. ``/api/message/sms/send`` takes the number as digits without "+",
the text and the sender name ("from") Eskiz approved for the account.
"""

from django.conf import settings
from django.core.cache import cache

from participation.identity.sms import SmsError
from participation.identity.sms.http import digits, post, refused

TOKEN_KEY = "identity:sms:eskiz:token"
# Eskiz tokens live 30 days; keeping it a little less avoids using one on its last second.
TOKEN_SECONDS = 29 * 86400


class EskizBackend:
    def __init__(self):
        self.base = settings.SMS_ESKIZ_URL.rstrip("/")

    def _login(self) -> str:
        response = post(
            f"{self.base}/api/auth/login",
            data={"email": settings.SMS_ESKIZ_EMAIL, "password": settings.SMS_ESKIZ_PASSWORD},
        )
        if response.status_code != 200:
            raise refused(response, "eskiz login")
        try:
            token = response.json()["data"]["token"]
        except (ValueError, KeyError, TypeError):
            raise SmsError("eskiz login answered without a token") from None
        cache.set(TOKEN_KEY, token, TOKEN_SECONDS)
        return token

    def _send(self, token: str, to_e164: str, text: str):
        return post(
            f"{self.base}/api/message/sms/send",
            headers={"Authorization": f"Bearer {token}"},
            data={"mobile_phone": digits(to_e164), "message": text, "from": settings.SMS_ESKIZ_FROM},
        )

    def send(self, to_e164: str, text: str) -> None:
        token = cache.get(TOKEN_KEY) or self._login()
        response = self._send(token, to_e164, text)
        if response.status_code == 401:
            cache.delete(TOKEN_KEY)
            response = self._send(self._login(), to_e164, text)
        if response.status_code != 200:
            raise refused(response, "eskiz")
