"""Provider admins create and deactivate units and appoint their access admins."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stegvis.audit.models import AccessEvent
from stegvis.organisation import services
from stegvis.organisation.models import Role, RoleGrant
from tests.factories import StaffFactory, make_provider_admin


def test_provider_admin_creates_a_unit(world):
    unit = services.create_unit(
        actor=world.provider_admin,
        provider=world.provider,
        name=" Ny enhet ",
        hsa_id="se2321000065-new1",
    )
    assert unit.name == "Ny enhet"
    assert unit.hsa_id == "SE2321000065-NEW1"
    assert AccessEvent.objects.filter(action="unit.create", unit=unit).exists()


def test_a_unit_needs_a_valid_unique_hsa_id(world):
    with pytest.raises(ValidationError):
        services.create_unit(
            actor=world.provider_admin, provider=world.provider, name="X", hsa_id="not-an-hsa-id"
        )
    with pytest.raises(ValidationError):
        services.create_unit(
            actor=world.provider_admin, provider=world.provider, name="X", hsa_id=world.unit.hsa_id
        )


def test_only_the_providers_admin_creates_units(world):
    for actor in (world.access_admin, world.practitioner, world.foreign_staff):
        with pytest.raises(PermissionDenied):
            services.create_unit(
                actor=actor, provider=world.provider, name="X", hsa_id="SE2321000065-X1"
            )


def test_provider_admin_deactivates_a_unit(world):
    services.deactivate_unit(actor=world.provider_admin, unit=world.unit)
    world.unit.refresh_from_db()
    assert not world.unit.is_active
    assert world.unit.deactivated_by == world.provider_admin


def test_another_providers_admin_cannot_deactivate(world):
    other_admin = StaffFactory()
    make_provider_admin(other_admin, world.other_provider)
    with pytest.raises(PermissionDenied):
        services.deactivate_unit(actor=other_admin, unit=world.unit)


def test_provider_admin_appoints_two_access_admins(world):
    first, second = StaffFactory(), StaffFactory()
    for staff in (first, second):
        services.add_care_assignment(actor=world.provider_admin, staff=staff, unit=world.other_unit)
        services.appoint_access_admin(
            actor=world.provider_admin, staff=staff, unit=world.other_unit
        )
    admins = RoleGrant.objects.active().filter(unit=world.other_unit, role=Role.ACCESS_ADMIN)
    assert {g.staff for g in admins} == {first, second}


def test_appointing_needs_a_care_assignment(world):
    with pytest.raises(ValidationError):
        services.appoint_access_admin(
            actor=world.provider_admin, staff=world.unassigned_staff, unit=world.unit
        )


def test_a_care_assignment_cannot_end_before_it_starts(world):
    import datetime

    with pytest.raises(ValidationError):
        services.add_care_assignment(
            actor=world.provider_admin,
            staff=world.unassigned_staff,
            unit=world.unit,
            valid_from=datetime.date(2026, 5, 1),
            valid_until=datetime.date(2026, 4, 1),
        )


def test_citizens_cannot_have_care_assignments(world):
    with pytest.raises(ValidationError):
        services.add_care_assignment(
            actor=world.provider_admin, staff=world.citizen, unit=world.unit
        )
