"""The demo: citizens reachable by e-mail (the main one by SMS too); mail lands in the outbox."""

from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

from stegvis.demo import personas
from stegvis.demo.loader import load_demo
from stegvis.notifications.models import DemoOutboxItem, Preference
from stegvis.notifications.services import Kind, notify
from stegvis.notifications.tasks import send_due_notifications
from tests.record_factories import DemoOutboxItemFactory
from tests.signin import sign_in

OUTBOX_MAIL = "stegvis.notifications.mail.DemoOutboxEmailBackend"
OUTBOX_SMS = "stegvis.notifications.sms.outbox.DemoOutboxSmsBackend"


def test_loading_the_demo_twice_changes_nothing(full_demo):
    before = list(Preference.objects.order_by("pk").values())
    load_demo()
    assert list(Preference.objects.order_by("pk").values()) == before
    main = Preference.objects.get(user__email=personas.CITIZENS[0].email)
    assert main.channels() == ["email", "sms"]
    assert all(p.use_email and p.email_verified_at for p in Preference.objects.all())


def test_a_demo_notification_appears_in_the_outbox(full_demo, settings, client):
    settings.EMAIL_BACKEND = OUTBOX_MAIL
    settings.SMS_BACKEND = OUTBOX_SMS
    citizen = Preference.objects.get(user__email=personas.CITIZENS[0].email).user
    notify(citizen, Kind.NEW_MESSAGE, key="demo:1")
    send_due_notifications.call()
    sent = set(DemoOutboxItem.objects.values_list("channel", "to"))
    assert {("email", citizen.email), ("sms", "+46701740605")} <= sent
    # The demo's red flags also reach the staff, as digests of counts.
    for digest in DemoOutboxItem.objects.filter(subject="Nytt i Stegvis på dina vårdenheter"):
        assert "Tolvan" not in digest.body and "prioriterad" in digest.body
    sign_in(client, citizen)
    page = client.get(reverse("demo:outbox")).content.decode()
    assert "Du har ett nytt meddelande i Stegvis." in page


def test_the_outbox_mail_backend_keeps_subject_body_and_reference(db):
    connection = get_connection(OUTBOX_MAIL)
    EmailMessage(
        "Ämne",
        "Text",
        to=["a@b.test"],
        headers={"X-Stegvis-Notification": "7"},
        connection=connection,
    ).send()
    item = DemoOutboxItem.objects.get()
    assert (item.subject, item.body, item.to, item.reference) == ("Ämne", "Text", "a@b.test", "7")


def test_a_citizen_sees_only_what_was_sent_to_them_in_the_outbox(world, login):
    DemoOutboxItemFactory(channel="email", to=world.citizen.email, body="Till Tolvan")
    DemoOutboxItemFactory(channel="sms", to="+46701740699", body="Till någon annan")
    body = login(world.citizen).get(reverse("demo:outbox")).content.decode()
    assert "Till Tolvan" in body and "Till någon annan" not in body
    body = login(world.practitioner).get(reverse("demo:outbox")).content.decode()
    assert "Till Tolvan" in body and "Till någon annan" in body
