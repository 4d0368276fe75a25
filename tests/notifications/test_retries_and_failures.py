"""A failing provider loses nothing: the error is recorded, retried with backoff, then failed."""

import datetime as dt

from django.test import override_settings
from django.utils import timezone

from stegvis.notifications import delivery
from stegvis.notifications.models import Notification, Status
from stegvis.notifications.services import Kind, notify
from stegvis.notifications.sms import SmsError, locmem
from stegvis.notifications.tasks import send_due_notifications
from tests.notifications.conftest import verified


def _sms_only(world):
    verified(world.citizen, phone="+46701234567")


def test_a_provider_failure_is_recorded_without_personal_data_and_retried(
    world, sms_outbox, django_capture_on_commit_callbacks
):
    _sms_only(world)
    locmem.fail_with.append(SmsError("HTTP 503"))
    with django_capture_on_commit_callbacks(execute=True):
        notify(world.citizen, Kind.NEW_MESSAGE, key="m:1")
    notification = Notification.objects.get()
    assert notification.status == Status.PENDING
    assert notification.attempts == 1
    assert notification.last_error == "SmsError (HTTP 503)"
    assert "+4670" not in notification.last_error
    assert notification.not_before > timezone.now()

    locmem.fail_with.clear()
    later = notification.not_before + dt.timedelta(seconds=1)
    assert delivery.deliver(notification.pk, now=later) == delivery.Outcome.SENT
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert len(sms_outbox) == 1


@override_settings(NOTIFICATION_MAX_ATTEMPTS=3)
def test_after_the_last_attempt_it_is_marked_failed_not_lost(
    world, sms_outbox, django_capture_on_commit_callbacks
):
    _sms_only(world)
    locmem.fail_with.append(ConnectionError("host sms.example with +46701234567"))
    with django_capture_on_commit_callbacks(execute=True):
        notify(world.citizen, Kind.NEW_MESSAGE, key="m:1")
    notification = Notification.objects.get()
    for _ in range(2):
        notification.refresh_from_db()
        delivery.deliver(notification.pk, now=notification.not_before + dt.timedelta(seconds=1))
    notification.refresh_from_db()
    assert notification.status == Status.FAILED
    assert notification.attempts == 3
    assert notification.last_error == "ConnectionError"
    assert sms_outbox == []


def test_backoff_grows():
    assert [delivery.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]


def test_the_sweep_sends_retries_that_are_due(world, sms_outbox):
    _sms_only(world)
    notify(world.citizen, Kind.NEW_MESSAGE, key="m:1")  # no commit callbacks: task never ran
    Notification.objects.update(not_before=timezone.now() - dt.timedelta(minutes=1))
    send_due_notifications.call()
    assert len(sms_outbox) == 1
    send_due_notifications.call()
    assert len(sms_outbox) == 1


def test_a_stale_claim_is_marked_uncertain_and_never_resent(world, sms_outbox):
    _sms_only(world)
    notify(world.citizen, Kind.NEW_MESSAGE, key="m:1")
    Notification.objects.update(
        status=Status.SENDING, claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    send_due_notifications.call()
    notification = Notification.objects.get()
    assert notification.status == Status.UNCERTAIN
    assert sms_outbox == []


def test_delivering_twice_sends_once(world, sms_outbox):
    _sms_only(world)
    notify(world.citizen, Kind.NEW_MESSAGE, key="m:1")
    pk = Notification.objects.get().pk
    assert delivery.deliver(pk) == delivery.Outcome.SENT
    assert delivery.deliver(pk) == delivery.Outcome.NOT_DUE
    assert len(sms_outbox) == 1
