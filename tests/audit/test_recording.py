"""The access log: who, in which role and unit, which citizen, what, when, from where."""

import pytest
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.audit.recording import record_read


def test_an_event_keeps_the_request_id_and_address(world, login):
    client = login(world.practitioner)
    response = client.post(
        reverse("clinic:citizens"),
        {"personnummer": world.citizen.personnummer},
        REMOTE_ADDR="10.1.2.3",
    )
    event = AccessEvent.objects.get()
    assert event.request_id == response["X-Request-ID"]
    assert event.ip_address == "10.1.2.3"
    assert event.actor_hsa_id == world.practitioner.hsa_id
    assert event.actor_role == "practitioner"
    assert event.provider == world.provider


def test_events_cannot_be_changed_or_deleted_through_the_application(world):
    event = record_read(
        actor=world.practitioner,
        action="citizen.view",
        citizen=world.citizen,
        unit=world.unit,
        role="practitioner",
    )
    event.action = "something.else"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert AccessEvent.objects.get().action == "citizen.view"


def test_an_unknown_kind_is_refused(world):
    from stegvis.audit.recording import record_access

    with pytest.raises(ValueError):
        record_access(actor=world.practitioner, action="x", kind="peek")


def test_pages_without_citizen_data_record_nothing(world, login):
    client = login(world.access_admin)
    client.get(reverse("clinic:start"))
    client.get(reverse("clinic:staff"))
    assert not AccessEvent.objects.filter(kind="read").exists()
