"""The user's roles and the workplaces they allow are read once per request: kept on the user
object, dropped by `forget_roles` when roles change."""

from django.urls import reverse

from stegvis.organisation import workplace
from stegvis.organisation.models import Role
from stegvis.organisation.roles import forget_roles, roles_of
from tests.factories import StaffFactory, UnitFactory, assign
from tests.plugins.queries import count_queries


def _staff_at_two_units(world):
    staff = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
    return assign(staff, UnitFactory(provider=world.provider), Role.PRACTITIONER)


def test_roles_and_choices_are_read_once_and_forgotten_when_roles_change(world):
    staff = _staff_at_two_units(world)
    with count_queries() as first:
        assert len(workplace.choices_for(staff)) == 2
    with count_queries() as again:
        assert len(workplace.choices_for(staff)) == 2
        roles_of(staff)
    assert len(first) == 2  # roles, then the units
    assert len(again) == 0
    assign(staff, UnitFactory(provider=world.provider), Role.PRACTITIONER)
    forget_roles(staff)
    assert len(workplace.choices_for(staff)) == 3


def test_choosing_a_workplace_reads_the_choices_once(world, login):
    staff = _staff_at_two_units(world)
    client = login(staff)
    with count_queries() as captured:
        response = client.post(reverse("clinic:workplace"), {"workplace": f"unit:{world.unit.pk}"})
    assert response.status_code == 302
    unit_reads = [
        q for q in captured.captured_queries if 'FROM "organisation_careunit"' in q["sql"]
    ]
    role_reads = [
        q for q in captured.captured_queries if 'FROM "organisation_rolegrant"' in q["sql"]
    ]
    assert (len(unit_reads), len(role_reads)) == (1, 1)
