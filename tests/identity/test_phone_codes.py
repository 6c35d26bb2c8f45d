"""One-time codes: six digits, kept only as a keyed hash, expiring, five tries, limited per number
and per address, bound to their purpose; a gateway failure leaves no usable code."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from participation.identity import services
from participation.identity.models import PhoneCode, PhoneCodePurpose
from participation.ratelimit import UNAVAILABLE, RateLimited, RateLimitUnavailable
from tests.identity.conftest import PHONE, last_code, other_code

pytestmark = pytest.mark.django_db


def send(phone=PHONE, purpose=PhoneCodePurpose.VERIFY, **kwargs):
    return services.phone_code_send(phone=phone, purpose=purpose, **kwargs)


def check(code, phone=PHONE, purpose=PhoneCodePurpose.VERIFY, **kwargs):
    return services.phone_code_check(phone=phone, purpose=purpose, code=code, **kwargs)


def test_a_code_is_six_digits_sent_once_and_never_stored_as_typed(person):
    record = send(user=person)
    code = last_code()
    assert len(code) == 6 and code.isdigit()
    stored = PhoneCode.objects.get(pk=record.pk)
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    check(code, user=person)
    assert not PhoneCode.objects.exists()  # spent
    with pytest.raises(services.CodeRefused) as refused:
        check(code, user=person)
    assert refused.value.message == services.CODE_DEAD


def test_the_hash_is_keyed_so_the_database_alone_does_not_give_the_code(person):
    send(user=person)
    code = last_code()
    with override_settings(SECRET_KEY="another-key"), pytest.raises(services.CodeRefused):
        check(code, user=person)


def test_a_code_expires_after_the_setting(person):
    record = send(user=person)
    assert record.expires_at - record.created_at == timedelta(seconds=300)
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(services.CodeRefused) as refused:
        check(last_code(), user=person)
    assert refused.value.message == services.CODE_DEAD


def test_five_wrong_codes_kill_it_even_for_the_right_one_after(person):
    send(user=person)
    code = last_code()
    messages = []
    for _ in range(5):
        with pytest.raises(services.CodeRefused) as refused:
            check(other_code(code), user=person)
        messages.append(refused.value.message)
    assert messages == [services.CODE_WRONG] * 4 + [services.CODE_WORN_OUT]
    assert PhoneCode.objects.get().failed_tries == 5  # counted although each call raised
    with pytest.raises(services.CodeRefused) as refused:
        check(code, user=person)
    assert refused.value.message == services.CODE_WORN_OUT


def test_a_new_code_replaces_the_previous_one(person):
    send(user=person)
    first = last_code()
    send(user=person)
    second = last_code()
    assert PhoneCode.objects.count() == 1
    if first != second:
        with pytest.raises(services.CodeRefused):
            check(first, user=person)
    check(second, user=person)


def test_a_code_is_good_only_for_its_purpose_person_and_act(person, resident):
    send(purpose=PhoneCodePurpose.CONSENT, user=person, reference="petition-sign:1", what="sign a petition")
    code = last_code()
    for wrong in (
        {"purpose": PhoneCodePurpose.SIGN_IN, "user": person, "reference": "petition-sign:1"},
        {"purpose": PhoneCodePurpose.CONSENT, "user": resident(), "reference": "petition-sign:1"},
        {"purpose": PhoneCodePurpose.CONSENT, "user": person, "reference": "pb-vote:1"},
    ):
        with pytest.raises(services.CodeRefused):
            check(code, **wrong)
    check(code, purpose=PhoneCodePurpose.CONSENT, user=person, reference="petition-sign:1")


def test_the_consent_message_says_what_the_code_allows(person):
    from participation.identity.sms.console import last_messages

    send(purpose=PhoneCodePurpose.CONSENT, user=person, reference="petition-sign:1", what="sign the petition 12")
    assert "sign the petition 12" in last_messages()[0]["text"]


def test_sending_is_limited_per_number(person, resident):
    limits = {"phone_code_send": {"user": (2, 3600), "ip": (100, 3600)}}
    with override_settings(RATE_LIMITS=limits):
        send(phone="+998901110001", user=person, ip="10.0.0.1")
        send(phone="+998901110001", user=resident(), ip="10.0.0.2")
        with pytest.raises(RateLimited):
            send(phone="+998901110001", user=resident(), ip="10.0.0.3")
        send(phone="+998901110002", user=person, ip="10.0.0.1")  # another number is not held back


def test_sending_is_limited_per_address(person):
    limits = {"phone_code_send": {"user": (100, 3600), "ip": (2, 3600)}}
    with override_settings(RATE_LIMITS=limits):
        send(phone="+998901110011", user=person, ip="10.0.1.1")
        send(phone="+998901110012", user=person, ip="10.0.1.1")
        with pytest.raises(RateLimited):
            send(phone="+998901110013", user=person, ip="10.0.1.1")
        send(phone="+998901110013", user=person, ip="10.0.1.2")


def test_checking_is_limited_per_address(person):
    send(phone="+998901110021", user=person)
    code = last_code("+998901110021")
    with override_settings(RATE_LIMITS={"phone_code_check": {"ip": (1, 3600)}}):
        with pytest.raises(services.CodeRefused):
            check(other_code(code), phone="+998901110021", user=person, ip="10.0.2.1")
        with pytest.raises(RateLimited):
            check(code, phone="+998901110021", user=person, ip="10.0.2.1")


def test_a_dead_redis_is_a_clear_refusal_and_sends_nothing(person, cache_down, capsys):
    limits = {"phone_code_send": {"user": (5, 3600), "ip": (50, 3600)}}
    with override_settings(RATE_LIMITS=limits), pytest.raises(RateLimitUnavailable) as refused:
        send(user=person, ip="10.0.3.1")
    assert refused.value.message == UNAVAILABLE
    assert not PhoneCode.objects.exists()
    assert "SMS to" not in capsys.readouterr().out


@override_settings(SMS_BACKEND="eskiz")
def test_a_gateway_failure_leaves_no_code_and_keeps_the_previous_one(person, fake_sms):
    send(user=person)
    delivered = PhoneCode.objects.get()
    fake_sms.fail_with = 500
    with pytest.raises(services.SmsUnavailable) as refused:
        send(user=person)
    assert refused.value.message == services.SMS_FAILED
    assert list(PhoneCode.objects.all()) == [delivered]  # the one that was delivered, unchanged


@override_settings(SMS_BACKEND="playmobile")
def test_a_slow_gateway_leaves_no_code(person, fake_sms):
    fake_sms.delay = 2
    with pytest.raises(services.SmsUnavailable):
        send(user=person)
    assert not PhoneCode.objects.exists()


def test_expired_codes_are_purged(person):
    send(user=person)
    assert services.phone_codes_purge() == 0
    assert services.phone_codes_purge(now=timezone.now() + timedelta(minutes=6)) == 1
    assert not PhoneCode.objects.exists()
