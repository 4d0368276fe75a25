"""What a citizen search shows before a care relationship exists, and whose log records it.

ADR 0008: the name only with a care relationship at the unit or to the unit's citizen admin;
every hit recorded in the chain of the providers with enrollments for the citizen.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured

from stegvis.audit.models import AccessEvent
from stegvis.organisation import relationships, services
from stegvis.organisation.models import Citizen, Role
from tests.factories import StaffFactory, UnitFactory, assign
from tests.portal.fixtures import make_enrollment, make_release


@pytest.fixture
def enrolled(world):
    """world.citizen in care at world.unit (Region Test)."""
    make_enrollment(world.citizen, world.unit, make_release(world.provider, world.unit))
    return world.citizen


@pytest.fixture
def foreign_practitioner(world):
    return assign(StaffFactory(), world.foreign_unit, Role.PRACTITIONER)


def _search(actor, unit, citizen):
    return services.search_citizen(actor=actor, unit=unit, personnummer=citizen.personnummer)


def test_a_practitioner_of_another_region_learns_only_that_the_citizen_exists(
    world, enrolled, foreign_practitioner
):
    found = _search(foreign_practitioner, world.foreign_unit, enrolled)
    assert not found.cared_for_here
    assert not found.may_see_name


def test_the_search_is_recorded_in_the_chain_of_the_citizens_provider(
    world, enrolled, foreign_practitioner
):
    _search(foreign_practitioner, world.foreign_unit, enrolled)
    event = AccessEvent.objects.get(action="citizen.lookup")
    assert event.provider_id == event.chain == world.provider.pk
    assert event.citizen == enrolled
    assert event.actor == foreign_practitioner
    assert event.unit == world.foreign_unit
    assert event.actor_role == Role.PRACTITIONER
    assert not AccessEvent.objects.filter(provider=world.other_provider).exists()


def test_a_citizen_in_care_at_two_providers_is_recorded_in_both_chains(
    world, enrolled, foreign_practitioner
):
    third = UnitFactory()
    make_enrollment(enrolled, third, make_release(third.provider, third))
    _search(world.citizen_admin, world.unit, enrolled)
    providers = set(
        AccessEvent.objects.filter(action="citizen.lookup").values_list("provider_id", flat=True)
    )
    assert providers == {world.provider.pk, third.provider_id}


def test_a_citizen_in_care_nowhere_is_recorded_in_the_searchers_chain(world, foreign_practitioner):
    _search(foreign_practitioner, world.foreign_unit, world.citizen)
    assert AccessEvent.objects.get(action="citizen.lookup").provider_id == world.other_provider.pk


def test_a_citizen_admin_may_see_the_name_to_start_an_enrollment(world, enrolled):
    admin = assign(StaffFactory(), world.foreign_unit, Role.CITIZEN_ADMIN)
    found = _search(admin, world.foreign_unit, enrolled)
    assert found.may_see_name and not found.cared_for_here


def test_staff_of_the_unit_where_the_citizen_is_in_care_see_the_profile(world, enrolled):
    found = _search(world.practitioner, world.unit, enrolled)
    assert found.cared_for_here and found.may_see_name


def test_a_practitioner_at_another_unit_of_the_same_provider_sees_no_name(world, enrolled):
    assert not _search(world.other_unit_practitioner, world.other_unit, enrolled).may_see_name


def test_the_profile_is_refused_without_a_relationship_and_nothing_is_recorded(
    world, enrolled, foreign_practitioner
):
    with pytest.raises(Citizen.DoesNotExist):
        services.get_citizen_for(
            actor=foreign_practitioner, unit=world.foreign_unit, pk=enrolled.pk
        )
    assert not AccessEvent.objects.filter(actor=foreign_practitioner).exists()


def test_reading_the_profile_is_recorded_in_the_citizens_providers_chain(world, enrolled):
    admin = assign(StaffFactory(), world.foreign_unit, Role.CITIZEN_ADMIN)
    found = services.get_citizen_for(actor=admin, unit=world.foreign_unit, pk=enrolled.pk)
    assert found.citizen == enrolled
    event = AccessEvent.objects.get(action="citizen.view")
    assert (event.provider_id, event.unit_id) == (world.provider.pk, world.foreign_unit.pk)


def test_without_the_care_app_registered_the_search_fails_loudly(world, monkeypatch):
    monkeypatch.setattr(relationships, "_care_units_of", None)
    with pytest.raises(ImproperlyConfigured):
        _search(world.citizen_admin, world.unit, world.citizen)
