"""One function decides the role the access log records for staff at a unit, with one
precedence everywhere (care reads, citizen search, handover): practitioner first."""

from stegvis.audit.models import AccessEvent
from stegvis.organisation.models import Role
from stegvis.organisation.permissions import acting_role
from stegvis.organisation.services import search_citizen
from tests.factories import StaffFactory, assign


def test_the_practitioner_role_comes_first_for_someone_holding_the_trio(world):
    trio = assign(
        StaffFactory(), world.unit, Role.DATA_ADMIN, Role.CITIZEN_ADMIN, Role.PRACTITIONER
    )
    assert acting_role(trio, world.unit.pk) == Role.PRACTITIONER


def test_an_action_that_needs_one_role_records_that_role(world):
    both = assign(StaffFactory(), world.unit, Role.CITIZEN_ADMIN, Role.PRACTITIONER)
    assert acting_role(both, world.unit.pk, among=(Role.CITIZEN_ADMIN,)) == Role.CITIZEN_ADMIN


def test_no_role_at_the_unit_records_none(world):
    assert acting_role(world.practitioner, world.other_unit.pk) == ""
    assert acting_role(world.citizen, world.unit.pk) == ""
    assert acting_role(None, world.unit.pk) == ""


def test_a_citizen_search_by_someone_with_both_roles_records_the_practitioner(world):
    both = assign(StaffFactory(), world.unit, Role.CITIZEN_ADMIN, Role.PRACTITIONER)
    search_citizen(actor=both, unit=world.unit, personnummer=world.citizen.personnummer)
    assert AccessEvent.objects.get(actor=both, action="citizen.lookup").actor_role == (
        Role.PRACTITIONER
    )
