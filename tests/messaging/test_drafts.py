"""Drafts: what an author was writing is kept on the server until it is sent."""

from django.urls import reverse

from stegvis.messaging.models import Draft
from tests.messaging.conftest import upload


def test_a_failed_send_keeps_the_text_on_the_page_and_as_a_draft(world, login, enrollment):
    client = login(world.practitioner)
    response = client.post(
        reverse("clinic:messages_send", args=[enrollment.pk]),
        {"body": "Viktigt besked", "files": [upload("x.png", b"<html>")]},
    )
    assert response.status_code == 400
    assert "Viktigt besked" in response.content.decode()
    assert Draft.objects.get(author=world.practitioner).body == "Viktigt besked"
    # Coming back later: the draft is in the box.
    page = client.get(reverse("clinic:messages", args=[enrollment.pk]))
    assert "Viktigt besked" in page.content.decode()


def test_sending_removes_the_draft(world, login, enrollment):
    client = login(world.citizen)
    client.post(reverse("portal:messages_draft", args=[enrollment.pk]), {"body": "Utkast"})
    assert Draft.objects.get(author=world.citizen).body == "Utkast"
    response = client.post(reverse("portal:messages_send", args=[enrollment.pk]), {"body": "Klar"})
    assert response.status_code == 302
    assert not Draft.objects.exists()


def test_an_empty_message_is_refused_with_a_clear_message(world, login, enrollment):
    response = login(world.citizen).post(
        reverse("portal:messages_send", args=[enrollment.pk]), {"body": "   "}
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not enrollment.messages.exists()


def test_saving_an_empty_draft_removes_it(world, login, enrollment):
    client = login(world.practitioner)
    url = reverse("clinic:messages_draft", args=[enrollment.pk])
    client.post(url, {"body": "Något"})
    client.post(url, {"body": ""})
    assert not Draft.objects.exists()


def test_drafts_are_per_author(world, login, enrollment, relatives):
    login(world.citizen).post(
        reverse("portal:messages_draft", args=[enrollment.pk]), {"body": "Invånarens utkast"}
    )
    page = login(relatives["relative"]).get(reverse("portal:messages", args=[enrollment.pk]))
    assert "Invånarens utkast" not in page.content.decode()
    staff = login(world.practitioner).get(reverse("clinic:messages", args=[enrollment.pk]))
    assert "Invånarens utkast" not in staff.content.decode()
