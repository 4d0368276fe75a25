"""Addresses are verified with a one-time code: hashed, expiring, limited tries."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from stegvis.notifications.models import Notification, Preference, Status, VerificationCode
from stegvis.notifications.phone import normalise_mobile
from stegvis.notifications.services import (
    CODE_ATTEMPTS,
    CODES_PER_HOUR,
    CodeResult,
    VerificationRefused,
    check_verification_code,
    send_verification_code,
)


def _sent_code(django_capture_on_commit_callbacks, user, channel="email", address="t@mail.test"):
    with django_capture_on_commit_callbacks(execute=True):
        send_verification_code(user=user, channel=channel, address=address)
    return mail.outbox[-1].body.split("är ")[1][:6]


def test_the_right_code_verifies_the_address(world, django_capture_on_commit_callbacks):
    code = _sent_code(django_capture_on_commit_callbacks, world.citizen)
    assert code.isdigit()
    record = VerificationCode.objects.get()
    assert code not in record.code_hash
    assert check_verification_code(user=world.citizen, channel="email", code=code) == "ok"
    preference = Preference.objects.get(user=world.citizen)
    assert preference.email == "t@mail.test" and preference.email_verified_at
    # Used once: the same code does not work again.
    assert check_verification_code(user=world.citizen, channel="email", code=code) == "missing"


def test_the_sent_code_is_not_kept_in_clear_after_sending(
    world, django_capture_on_commit_callbacks
):
    _sent_code(django_capture_on_commit_callbacks, world.citizen)
    notification = Notification.objects.get()
    assert notification.status == Status.SENT and notification.secret == ""


def test_a_wrong_code_is_refused(world, django_capture_on_commit_callbacks):
    code = _sent_code(django_capture_on_commit_callbacks, world.citizen)
    wrong = "000000" if code != "000000" else "111111"
    assert check_verification_code(user=world.citizen, channel="email", code=wrong) == "wrong"
    assert not Preference.objects.filter(user=world.citizen, email_verified_at__isnull=False)


def test_an_expired_code_is_refused(world, django_capture_on_commit_callbacks):
    code = _sent_code(django_capture_on_commit_callbacks, world.citizen)
    VerificationCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert check_verification_code(user=world.citizen, channel="email", code=code) == "expired"


def test_too_many_wrong_tries_lock_the_code(world, django_capture_on_commit_callbacks):
    code = _sent_code(django_capture_on_commit_callbacks, world.citizen)
    wrong = "000000" if code != "000000" else "111111"
    results = [
        check_verification_code(user=world.citizen, channel="email", code=wrong)
        for _ in range(CODE_ATTEMPTS)
    ]
    assert results[-1] == CodeResult.LOCKED
    assert check_verification_code(user=world.citizen, channel="email", code=code) == "locked"


def test_a_new_code_replaces_the_old_one(world, django_capture_on_commit_callbacks):
    old = _sent_code(django_capture_on_commit_callbacks, world.citizen)
    new = _sent_code(django_capture_on_commit_callbacks, world.citizen)
    if old != new:
        assert check_verification_code(user=world.citizen, channel="email", code=old) == "wrong"
    assert check_verification_code(user=world.citizen, channel="email", code=new) == "ok"


def test_codes_are_limited_per_hour(world, django_capture_on_commit_callbacks):
    for _ in range(CODES_PER_HOUR):
        _sent_code(django_capture_on_commit_callbacks, world.citizen)
    with pytest.raises(VerificationRefused):
        send_verification_code(user=world.citizen, channel="email", address="t@mail.test")


def test_a_phone_code_goes_by_sms(world, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_verification_code(user=world.citizen, channel="sms", address="+46701234567")
    (sms,) = sms_outbox
    assert sms.to == "+46701234567"
    code = sms.text.split("är ")[1][:6]
    assert check_verification_code(user=world.citizen, channel="sms", code=code) == "ok"
    assert Preference.objects.get(user=world.citizen).phone == "+46701234567"


@pytest.mark.parametrize(
    "typed",
    [
        "070-123 45 67",
        "0701234567",
        "+46701234567",
        "0046 70 123 45 67",
        "46701234567",
        "+46 (0)70-1234567",
    ],
)
def test_swedish_mobile_numbers_are_normalised(typed):
    assert normalise_mobile(typed) == "+46701234567"


@pytest.mark.parametrize("typed", ["", "08-123 456 78", "070123", "+4470123456789", "hej"])
def test_other_numbers_are_refused(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        normalise_mobile(typed)
