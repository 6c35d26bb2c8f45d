"""The gateway adapters against the local fake server (never the real providers): what each
sends, and every failure (HTTP error, timeout, bad credentials) as the one ``SmsError``."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from participation.identity import sms
from participation.identity.sms.console import last_messages
from participation.identity.sms.eskiz import TOKEN_KEY

TEXT = "Ishtirok: kod 123456"


@pytest.fixture(autouse=True)
def no_kept_token():
    cache.delete(TOKEN_KEY)
    yield
    cache.delete(TOKEN_KEY)


@override_settings(SMS_BACKEND="eskiz")
def test_eskiz_logs_in_once_and_sends_digits_text_and_sender(fake_sms):
    sms.send("+998901234567", TEXT)
    sms.send("+998901234568", TEXT)
    assert len(fake_sms.sent("/api/auth/login")) == 1  # the token is kept between messages
    assert fake_sms.sent("/api/message/sms/send") == [
        {"mobile_phone": "998901234567", "message": TEXT, "from": "4546"},
        {"mobile_phone": "998901234568", "message": TEXT, "from": "4546"},
    ]


@override_settings(SMS_BACKEND="eskiz")
def test_eskiz_fetches_a_new_token_when_the_kept_one_expired(fake_sms):
    sms.send("+998901234567", TEXT)
    fake_sms.expire_token_once()
    sms.send("+998901234567", TEXT)
    assert len(fake_sms.sent("/api/auth/login")) == 2
    sends = [entry for entry in fake_sms.received if entry["path"] == "/api/message/sms/send"]
    assert [entry["headers"]["Authorization"] for entry in sends] == [
        "Bearer token-1",
        "Bearer token-1",  # refused with 401
        "Bearer token-2",  # sent again with the new token
    ]


@override_settings(SMS_BACKEND="eskiz", SMS_ESKIZ_PASSWORD="wrong")
def test_eskiz_with_bad_credentials_is_an_sms_error(fake_sms):
    with pytest.raises(sms.SmsError):
        sms.send("+998901234567", TEXT)
    assert fake_sms.sent("/api/message/sms/send") == []


@pytest.mark.parametrize("backend", ["eskiz", "playmobile"])
def test_a_server_error_is_an_sms_error(fake_sms, backend):
    fake_sms.fail_with = 500
    with override_settings(SMS_BACKEND=backend), pytest.raises(sms.SmsError):
        sms.send("+998901234567", TEXT)


@pytest.mark.parametrize("backend", ["eskiz", "playmobile"])
def test_a_gateway_slower_than_the_timeout_is_an_sms_error(fake_sms, backend):
    fake_sms.delay = 2  # the settings give the gateway one second
    with override_settings(SMS_BACKEND=backend), pytest.raises(sms.SmsError):
        sms.send("+998901234567", TEXT)


def test_a_gateway_nobody_listens_on_is_an_sms_error():
    with (
        override_settings(SMS_BACKEND="playmobile", SMS_PLAYMOBILE_URL="http://127.0.0.1:1"),
        pytest.raises(sms.SmsError),
    ):
        sms.send("+998901234567", TEXT)


@override_settings(SMS_BACKEND="playmobile")
def test_playmobile_sends_one_message_with_basic_auth_and_originator(fake_sms):
    sms.send("+998901234567", TEXT)
    (received,) = fake_sms.received
    assert received["path"] == "/broker-api/send"
    assert received["headers"]["Authorization"].startswith("Basic ")
    (message,) = received["body"]["messages"]
    assert message["recipient"] == "998901234567"
    assert message["sms"] == {"originator": "3700", "content": {"text": TEXT}}
    assert message["message-id"]


@override_settings(SMS_BACKEND="playmobile", SMS_PLAYMOBILE_PASSWORD="wrong")
def test_playmobile_refusing_the_credentials_is_an_sms_error(fake_sms):
    with pytest.raises(sms.SmsError):
        sms.send("+998901234567", TEXT)


def test_the_console_backend_prints_and_keeps_the_last_twenty(capsys):
    for number in range(25):
        sms.send("+998901234567", f"message {number}")
    assert "message 24" in capsys.readouterr().out
    kept = last_messages()
    assert len(kept) == 20
    assert kept[0]["text"] == "message 24" and kept[-1]["text"] == "message 5"
