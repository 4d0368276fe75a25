"""The citizen's settings page: send a code, verify, choose channels; bad input re-renders."""

from django.core import mail
from django.urls import reverse

from stegvis.notifications.models import Preference
from tests.notifications.conftest import verified

SETTINGS = reverse("portal:notification_settings")


def test_a_citizen_verifies_an_email_and_chooses_it(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.citizen)
    assert client.get(SETTINGS).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SETTINGS, {"action": "email", "email": "tolvan@mail.test"})
    assert response.url == reverse("portal:notification_verify_email")
    code = mail.outbox[-1].body.split("är ")[1][:6]
    page = client.get(response.url)
    assert "tolvan@mail.test" in page.content.decode()
    response = client.post(response.url, {"code": code})
    assert response.url == SETTINGS
    response = client.post(SETTINGS, {"action": "channels", "use_email": "on"})
    assert response.status_code == 302
    preference = Preference.objects.get(user=world.citizen)
    assert preference.use_email and not preference.use_sms


def test_a_wrong_code_is_explained_and_the_form_kept(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.citizen)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SETTINGS, {"action": "phone", "phone": "070-123 45 67"})
    response = client.post(reverse("portal:notification_verify_sms"), {"code": "abc"})
    assert response.status_code == 400
    assert "Koden är fel" in response.content.decode()
    assert 'value="abc"' in response.content.decode()


def test_a_bad_mobile_number_is_explained_and_kept(world, login):
    response = login(world.citizen).post(SETTINGS, {"action": "phone", "phone": "08-123 456"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "svenskt mobilnummer" in body and 'value="08-123 456"' in body


def test_an_unverified_channel_cannot_be_chosen(world, login):
    response = login(world.citizen).post(SETTINGS, {"action": "channels", "use_sms": "on"})
    assert response.status_code == 400
    assert not Preference.objects.get(user=world.citizen).use_sms


def test_choosing_none_turns_notifications_off(world, login):
    verified(world.citizen, email="t@mail.test", phone="+46701234567")
    response = login(world.citizen).post(SETTINGS, {"action": "channels"})
    assert response.status_code == 302
    preference = Preference.objects.get(user=world.citizen)
    assert not preference.use_email and not preference.use_sms


def test_one_citizens_settings_never_show_another_citizens(world, login):
    verified(world.other_citizen, email="other@mail.test", phone="+46709999999")
    body = login(world.citizen).get(SETTINGS).content.decode()
    assert "other@mail.test" not in body and "+46709999999" not in body
