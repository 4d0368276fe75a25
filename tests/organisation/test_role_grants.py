"""Granting and inactivating roles: only at the admin's unit, only with a care assignment."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.organisation import services
from stegvis.organisation.models import CareAssignment, Role, RoleGrant
from stegvis.organisation.roles import forget_roles, roles_of
from tests.factories import StaffFactory, assign
from tests.record_factories import CareAssignmentFactory


def test_access_admin_grants_the_trio_in_one_step(world):
    nurse = assign(StaffFactory(), world.unit)
    grants = services.grant_roles(
        actor=world.access_admin,
        staff=nurse,
        unit=world.unit,
        roles=[Role.PRACTITIONER, Role.CITIZEN_ADMIN, Role.DATA_ADMIN],
    )
    assert {g.role for g in grants} == {"practitioner", "citizen_admin", "data_admin"}
    assert all(g.granted_by == world.access_admin for g in grants)
    assert roles_of(nurse).at_unit(world.unit.pk) == {"practitioner", "citizen_admin", "data_admin"}


def test_granting_records_an_audit_event_per_role(world):
    nurse = assign(StaffFactory(), world.unit)
    services.grant_roles(
        actor=world.access_admin, staff=nurse, unit=world.unit, roles=[Role.PRACTITIONER]
    )
    event = AccessEvent.objects.get(action="role.grant")
    assert event.actor == world.access_admin
    assert event.actor_hsa_id == world.access_admin.hsa_id
    assert event.unit == world.unit
    assert event.provider == world.provider
    assert event.actor_role == Role.ACCESS_ADMIN


def test_a_role_needs_a_care_assignment_at_the_unit(world):
    with pytest.raises(ValidationError) as excinfo:
        services.grant_roles(
            actor=world.access_admin,
            staff=world.unassigned_staff,
            unit=world.unit,
            roles=[Role.PRACTITIONER],
        )
    assert excinfo.value.code == "no_care_assignment"
    assert not RoleGrant.objects.filter(staff=world.unassigned_staff).exists()


def test_an_expired_care_assignment_does_not_allow_a_grant(world):
    nurse = StaffFactory()
    CareAssignmentFactory(
        staff=nurse,
        unit=world.unit,
        valid_from=timezone.localdate() - timedelta(days=30),
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.grant_roles(
            actor=world.access_admin, staff=nurse, unit=world.unit, roles=[Role.PRACTITIONER]
        )


def test_roles_stop_counting_when_the_care_assignment_ends(world):
    CareAssignment.objects.filter(staff=world.practitioner).update(
        valid_from=timezone.localdate() - timedelta(days=10),
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    assert roles_of(world.practitioner).at_unit(world.unit.pk) == frozenset()


def test_an_access_admin_cannot_grant_at_another_unit(world):
    nurse = assign(StaffFactory(), world.other_unit)
    with pytest.raises(PermissionDenied):
        services.grant_roles(
            actor=world.access_admin, staff=nurse, unit=world.other_unit, roles=[Role.PRACTITIONER]
        )


def test_other_roles_cannot_grant(world):
    nurse = assign(StaffFactory(), world.unit)
    for actor in (
        world.practitioner,
        world.citizen_admin,
        world.provider_admin,
        world.foreign_staff,
        world.inactivated_staff,
    ):
        with pytest.raises(PermissionDenied):
            services.grant_roles(
                actor=actor, staff=nurse, unit=world.unit, roles=[Role.PRACTITIONER]
            )


def test_provider_admin_role_cannot_be_granted_at_a_unit(world):
    nurse = assign(StaffFactory(), world.unit)
    with pytest.raises(ValidationError):
        services.grant_roles(
            actor=world.access_admin, staff=nurse, unit=world.unit, roles=[Role.PROVIDER_ADMIN]
        )


def test_granting_a_role_already_held_keeps_the_one_grant(world):
    services.grant_roles(
        actor=world.access_admin,
        staff=world.practitioner,
        unit=world.unit,
        roles=[Role.PRACTITIONER],
    )
    assert RoleGrant.objects.active().filter(staff=world.practitioner).count() == 1


def test_inactivating_records_who_and_when_and_ends_the_role(world):
    grant = RoleGrant.objects.get(staff=world.practitioner)
    services.inactivate_grant(actor=world.access_admin, grant=grant)
    grant.refresh_from_db()
    assert grant.inactivated_by == world.access_admin
    assert grant.inactivated_at is not None
    forget_roles(world.practitioner)
    assert roles_of(world.practitioner).at_unit(world.unit.pk) == frozenset()
    assert AccessEvent.objects.filter(action="role.inactivate").count() == 1


def test_an_access_admin_cannot_inactivate_at_another_unit(world):
    grant = RoleGrant.objects.get(staff=world.other_unit_practitioner)
    with pytest.raises(PermissionDenied):
        services.inactivate_grant(actor=world.access_admin, grant=grant)


def test_inactivated_staff_hold_no_roles(world):
    assert not roles_of(world.inactivated_staff)


def test_a_deactivated_unit_grants_no_roles(world):
    services.deactivate_unit(actor=world.provider_admin, unit=world.unit)
    forget_roles(world.practitioner)
    assert roles_of(world.practitioner).at_unit(world.unit.pk) == frozenset()


def test_an_inactive_user_holds_no_roles(world):
    world.practitioner.is_active = False
    world.practitioner.save()
    assert not roles_of(world.practitioner)
