"""SMS wait out quiet hours; at most one SMS per interval, later ones folded into the next."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from stegvis.notifications import delivery
from stegvis.notifications.models import Notification, Status
from stegvis.notifications.schedule import end_of_quiet_hours
from stegvis.notifications.services import Kind, notify
from tests.notifications.conftest import verified

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(hour: int, minute: int = 0, day: int = 10) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture
def quiet(settings):
    settings.NOTIFICATION_QUIET_HOURS = "21-8"


@pytest.mark.parametrize(
    "moment, expected",
    [
        (local(12), local(12)),
        (local(20, 59), local(20, 59)),
        (local(21), local(8, day=11)),
        (local(23, 30), local(8, day=11)),
        (local(3), local(8)),
        (local(8), local(8)),
    ],
)
def test_quiet_hours_end_at_eight_local_time(quiet, moment, expected):
    assert end_of_quiet_hours(moment) == expected


def test_an_sms_during_quiet_hours_waits_until_they_end(quiet, world, sms_outbox, time_machine):
    verified(world.citizen, email="t@mail.test", phone="+46701234567")
    time_machine.move_to(local(22), tick=False)
    notify(world.citizen, Kind.NEW_MESSAGE, key="m:1")
    sms = Notification.objects.get(channel="sms")
    email = Notification.objects.get(channel="email")
    assert sms.not_before == local(8, day=11)
    assert email.not_before <= timezone.now()  # e-mail wakes nobody
    assert delivery.deliver(sms.pk) == delivery.Outcome.NOT_DUE
    time_machine.move_to(local(8, 1, day=11), tick=False)
    assert delivery.deliver(sms.pk) == delivery.Outcome.SENT
    assert len(sms_outbox) == 1


def test_further_sms_within_the_interval_are_folded_into_one(
    settings, world, sms_outbox, time_machine
):
    settings.NOTIFICATION_SMS_MIN_INTERVAL = dt.timedelta(hours=4)
    verified(world.citizen, phone="+46701234567")
    time_machine.move_to(local(9), tick=False)
    notify(world.citizen, Kind.NEW_MESSAGE, key="m:1")
    first = Notification.objects.get(key="m:1")
    assert delivery.deliver(first.pk) == delivery.Outcome.SENT

    time_machine.move_to(local(10), tick=False)
    notify(world.citizen, Kind.NEW_MESSAGE, key="m:2")
    notify(world.citizen, Kind.MODULE_OPENED, key="module:2")
    second = Notification.objects.get(key="m:2")
    third = Notification.objects.get(key="module:2")
    assert second.not_before == local(13) and third.not_before == local(13)
    assert delivery.deliver(second.pk) == delivery.Outcome.NOT_DUE

    time_machine.move_to(local(13, 1), tick=False)
    assert delivery.deliver(second.pk) == delivery.Outcome.SENT
    assert delivery.deliver(third.pk) == delivery.Outcome.NOT_DUE
    third.refresh_from_db()
    assert third.status == Status.FOLDED and third.folded_into_id == second.pk
    assert len(sms_outbox) == 2
    assert "nya saker" in sms_outbox[1].text or "new things" in sms_outbox[1].text


def test_a_verification_code_is_never_held_back(quiet, world, sms_outbox, time_machine):
    from stegvis.notifications.services import send_verification_code

    time_machine.move_to(local(23), tick=False)
    send_verification_code(user=world.citizen, channel="sms", address="+46701234567")
    notification = Notification.objects.get()
    assert delivery.deliver(notification.pk) == delivery.Outcome.SENT
    assert len(sms_outbox) == 1
