"""Nobody grants or inactivates their own roles; another admin does, and it is recorded."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from stegvis.audit.models import AccessEvent
from stegvis.organisation import services
from stegvis.organisation.models import Role, RoleGrant
from tests.factories import StaffFactory, assign

TRIO = [Role.PRACTITIONER, Role.CITIZEN_ADMIN, Role.DATA_ADMIN]


@pytest.fixture
def second_access_admin(world):
    return assign(StaffFactory(), world.unit, Role.ACCESS_ADMIN)


def _own_roles_refused(call) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        call()
    assert excinfo.value.code == "own_roles"
    return excinfo.value


@pytest.mark.parametrize("roles", [[Role.PRACTITIONER], [Role.CITIZEN_ADMIN], TRIO])
def test_an_access_admin_cannot_grant_themself_a_care_role(world, roles):
    _own_roles_refused(
        lambda: services.grant_roles(
            actor=world.access_admin, staff=world.access_admin, unit=world.unit, roles=roles
        )
    )
    assert set(
        RoleGrant.objects.filter(staff=world.access_admin).values_list("role", flat=True)
    ) == {Role.ACCESS_ADMIN}
    assert not AccessEvent.objects.filter(action="role.grant").exists()


def test_an_access_admin_cannot_inactivate_their_own_grant(world):
    grant = RoleGrant.objects.get(staff=world.access_admin)
    _own_roles_refused(lambda: services.inactivate_grant(actor=world.access_admin, grant=grant))
    grant.refresh_from_db()
    assert grant.is_active
    assert not AccessEvent.objects.filter(action="role.inactivate").exists()


def test_another_access_admin_grants_the_roles_and_it_is_recorded(world, second_access_admin):
    grants = services.grant_roles(
        actor=second_access_admin, staff=world.access_admin, unit=world.unit, roles=TRIO
    )
    assert {g.granted_by for g in grants} == {second_access_admin}
    events = AccessEvent.objects.filter(action="role.grant")
    assert {(e.actor_id, e.target_type, e.target_id) for e in events} == {
        (second_access_admin.pk, "organisation.rolegrant", str(g.pk)) for g in grants
    }


def test_another_access_admin_inactivates_the_grant_and_it_is_recorded(world, second_access_admin):
    grant = RoleGrant.objects.get(staff=world.access_admin)
    services.inactivate_grant(actor=second_access_admin, grant=grant)
    grant.refresh_from_db()
    assert grant.inactivated_by == second_access_admin
    event = AccessEvent.objects.get(action="role.inactivate")
    assert (event.actor, event.target_id) == (second_access_admin, str(grant.pk))


def test_a_provider_admin_cannot_appoint_themself_access_admin(world):
    assign(world.provider_admin, world.unit)  # a care assignment, so only the rule refuses
    _own_roles_refused(
        lambda: services.appoint_access_admin(
            actor=world.provider_admin, staff=world.provider_admin, unit=world.unit
        )
    )
    assert not RoleGrant.objects.filter(staff=world.provider_admin, unit=world.unit).exists()


def test_a_provider_admin_cannot_inactivate_their_own_provider_admin_grant(world):
    grant = RoleGrant.objects.get(staff=world.provider_admin)
    _own_roles_refused(lambda: services.inactivate_grant(actor=world.provider_admin, grant=grant))
    grant.refresh_from_db()
    assert grant.is_active


def test_a_provider_admin_who_is_also_access_admin_cannot_inactivate_their_unit_grant(world):
    assign(world.provider_admin, world.unit, Role.ACCESS_ADMIN)
    grant = RoleGrant.objects.get(staff=world.provider_admin, unit=world.unit)
    _own_roles_refused(lambda: services.inactivate_grant(actor=world.provider_admin, grant=grant))


def test_the_refusal_is_explained_in_swedish_and_english(world):
    def call():
        services.grant_roles(
            actor=world.access_admin,
            staff=world.access_admin,
            unit=world.unit,
            roles=[Role.PRACTITIONER],
        )

    with translation.override("sv"):
        assert "dina egna roller" in _own_roles_refused(call).messages[0]
    with translation.override("en"):
        assert "your own roles" in _own_roles_refused(call).messages[0]
