"""A closed enrollment's conversation: readable by all who could read it, writable by none."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stegvis.messaging.models import Draft
from tests.messaging.helpers import citizen_says, close, has_compose_form, team_says


@pytest.fixture
def closed(world, enrollment):
    team_says(world.practitioner, enrollment, "Välkommen")
    citizen_says(world.citizen, enrollment, "Tack")
    close(enrollment)
    return enrollment


def test_the_practitioner_reads_but_gets_no_form(world, login, closed):
    response = login(world.practitioner).get(reverse("clinic:messages", args=[closed.pk]))
    assert response.status_code == 200
    assert "Tack" in response.content.decode()
    assert not has_compose_form(response)


def test_the_practitioner_cannot_send(world, login, closed):
    client = login(world.practitioner)
    response = client.post(reverse("clinic:messages_send", args=[closed.pk]), {"body": "Sent"})
    assert response.status_code == 400
    assert not closed.messages.filter(body="Sent").exists()
    # What they typed is shown again and kept.
    assert "Sent" in response.content.decode()
    assert Draft.objects.get(author=world.practitioner, enrollment=closed).body == "Sent"


def test_the_citizen_reads_but_gets_no_form(world, login, closed):
    response = login(world.citizen).get(reverse("portal:messages", args=[closed.pk]))
    assert response.status_code == 200
    assert "Välkommen" in response.content.decode()
    assert not has_compose_form(response)


def test_the_citizen_cannot_send(world, login, closed):
    client = login(world.citizen)
    response = client.post(reverse("portal:messages_send", args=[closed.pk]), {"body": "Sent"})
    assert response.status_code == 400
    assert not closed.messages.filter(body="Sent").exists()


def test_a_relative_cannot_send(world, login, closed, relatives):
    client = login(relatives["relative"])
    response = client.post(reverse("portal:messages_send", args=[closed.pk]), {"body": "Sent"})
    assert response.status_code == 400
    assert not closed.messages.filter(body="Sent").exists()


def test_the_services_refuse_too(world, closed):
    with pytest.raises(ValidationError):
        team_says(world.practitioner, closed)
    with pytest.raises(ValidationError):
        citizen_says(world.citizen, closed)
