"""Finding and registering citizens; every hit is a logged read of citizen data."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stegvis.audit.models import AccessEvent
from stegvis.organisation import services
from stegvis.organisation.models import Citizen


def test_finding_a_citizen_logs_a_read(world):
    found = services.find_citizen(
        actor=world.citizen_admin, unit=world.unit, personnummer=world.citizen.personnummer_display
    )
    assert found == world.citizen
    event = AccessEvent.objects.get()
    assert event.kind == "read"
    assert event.action == "citizen.lookup"
    assert event.citizen == world.citizen
    assert event.unit == world.unit
    assert event.actor_role == "citizen_admin"


def test_a_miss_logs_nothing(world):
    assert (
        services.find_citizen(
            actor=world.practitioner, unit=world.unit, personnummer="19121212-1212"
        )
        is None
    )
    assert not AccessEvent.objects.exists()


def test_finding_needs_a_practitioner_or_citizen_admin_role(world):
    for actor in (world.data_admin, world.access_admin, world.designer, world.citizen):
        with pytest.raises(PermissionDenied):
            services.find_citizen(
                actor=actor, unit=world.unit, personnummer=world.citizen.personnummer
            )


def test_citizen_admin_registers_a_citizen(world):
    citizen = services.register_citizen(
        actor=world.citizen_admin,
        unit=world.unit,
        personnummer="121212-1212",
        first_name="Tolvan",
        last_name="Tolvansson",
    )
    assert citizen.personnummer == "201212121212"
    assert citizen.is_citizen
    assert not citizen.has_usable_password()
    assert AccessEvent.objects.filter(action="citizen.register", citizen=citizen).exists()


def test_registering_twice_is_refused_clearly(world):
    with pytest.raises(ValidationError) as excinfo:
        services.register_citizen(
            actor=world.citizen_admin,
            unit=world.unit,
            personnummer=world.citizen.personnummer,
            first_name="A",
            last_name="B",
        )
    assert excinfo.value.code == "already_registered"


def test_a_practitioner_alone_cannot_register(world):
    with pytest.raises(PermissionDenied):
        services.register_citizen(
            actor=world.practitioner,
            unit=world.unit,
            personnummer="19121212-1212",
            first_name="A",
            last_name="B",
        )
    assert not Citizen.objects.filter(personnummer="191212121212").exists()


def test_an_invalid_personnummer_is_refused(world):
    with pytest.raises(ValidationError):
        services.register_citizen(
            actor=world.citizen_admin,
            unit=world.unit,
            personnummer="19121212-1213",
            first_name="A",
            last_name="B",
        )
