"""notify() writes one row per chosen channel, once per key, and the task sends it once."""

from django.core import mail

from stegvis.notifications.models import Notification, Status
from stegvis.notifications.services import Kind, notify
from tests.notifications.conftest import verified


def test_it_sends_on_every_chosen_channel_after_commit(
    reachable_citizen, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(reachable_citizen, Kind.NEW_MESSAGE, key="message:1")
    assert [sms.to for sms in sms_outbox] == ["+46701234567"]
    assert [m.to for m in mail.outbox] == [["tolvan@mail.test"]]
    assert set(Notification.objects.values_list("channel", "status")) == {
        ("email", Status.SENT),
        ("sms", Status.SENT),
    }


def test_the_same_key_twice_creates_and_sends_nothing_new(
    reachable_citizen, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(reachable_citizen, Kind.NEW_MESSAGE, key="message:1")
    with django_capture_on_commit_callbacks(execute=True):
        notify(reachable_citizen, Kind.NEW_MESSAGE, key="message:1")
    assert Notification.objects.count() == 2
    assert len(sms_outbox) == 1
    assert len(mail.outbox) == 1


def test_nothing_is_sent_before_the_callers_transaction_commits(
    reachable_citizen, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(reachable_citizen, Kind.NEW_MESSAGE, key="message:1")
    assert sms_outbox == [] and mail.outbox == []
    assert len(callbacks) == 2


def test_a_citizen_without_verified_addresses_gets_nothing(
    world, django_capture_on_commit_callbacks
):
    verified(world.citizen)  # no addresses at all
    with django_capture_on_commit_callbacks(execute=True):
        notify(world.citizen, Kind.NEW_MESSAGE, key="message:1")
    assert not Notification.objects.exists()


def test_an_unverified_address_gets_nothing(world, django_capture_on_commit_callbacks):
    preference = verified(world.citizen, email="x@mail.test", phone="+46701234567")
    preference.phone_verified_at = None
    preference.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(world.citizen, Kind.NEW_MESSAGE, key="message:1")
    assert list(Notification.objects.values_list("channel", flat=True)) == ["email"]


def test_a_citizen_who_chose_none_gets_nothing(world, django_capture_on_commit_callbacks):
    verified(world.citizen, email="x@mail.test", use_email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(world.citizen, Kind.NEW_MESSAGE, key="message:1")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_email_says_only_that_something_is_new(
    reachable_citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(reachable_citizen, Kind.NEW_MESSAGE, key="message:1")
    (message,) = mail.outbox
    assert message.subject == "Du har ett nytt meddelande i Stegvis."
    assert "Tolvan" not in message.body
    assert message.extra_headers["X-Stegvis-Notification"]
