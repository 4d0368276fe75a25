"""Spärr: a citizen blocks a unit's or a provider's access to information held by other units
(stegvis/care/blocking.py, docs/consent-and-blocking.md)."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.care.blocking import block_access, is_blocked, lift_block, unit_may_see
from stegvis.care.models import AccessBlock
from stegvis.care.services import handover as service
from stegvis.organisation.services import get_citizen_for, search_citizen
from tests.care import handover_fixtures
from tests.factories import UnitFactory

enrollment = handover_fixtures.enrollment
pending = handover_fixtures.pending
receiving = handover_fixtures.receiving


def test_a_block_covers_its_unit_and_a_provider_block_every_unit(world, enrollment):
    block = block_access(actor=world.citizen, unit=world.other_unit)
    assert is_blocked(world.citizen.pk, world.other_unit)
    assert not is_blocked(world.citizen.pk, world.unit)
    assert not is_blocked(world.other_citizen.pk, world.other_unit)
    lift_block(actor=world.citizen, block_id=block.pk)
    assert not is_blocked(world.citizen.pk, world.other_unit)
    block_access(actor=world.citizen, provider=world.provider)
    assert is_blocked(world.citizen.pk, world.other_unit) and is_blocked(
        world.citizen.pk, world.unit
    )
    assert not is_blocked(world.citizen.pk, world.foreign_unit)


def test_the_unit_that_holds_the_record_keeps_it(world, enrollment, login):
    block_access(actor=world.citizen, provider=world.provider)
    assert unit_may_see(world.unit, world.citizen.pk, world.unit.pk)
    assert not unit_may_see(world.other_unit, world.citizen.pk, world.unit.pk)
    client = login(world.practitioner)
    assert client.get(reverse("clinic:enrollment", args=[enrollment.pk])).status_code == 200
    assert world.citizen.last_name.encode() in client.get(reverse("clinic:my_enrollments")).content


def test_blocking_and_lifting_are_logged_and_happen_once(world, enrollment):
    block = block_access(actor=world.citizen, unit=world.other_unit)
    assert block_access(actor=world.citizen, unit=world.other_unit) == block
    lift_block(actor=world.citizen, block_id=block.pk)
    lift_block(actor=world.citizen, block_id=block.pk)
    events = list(AccessEvent.objects.filter(action__startswith="care.block").order_by("pk"))
    assert [e.action for e in events] == ["care.block", "care.block_lift"]
    for event in events:
        assert event.actor_id == world.citizen.pk and event.citizen_id == world.citizen.pk
        assert event.provider_id == world.provider.pk and event.unit_id == world.other_unit.pk


def test_only_units_of_providers_the_citizen_is_in_care_with_can_be_blocked(world, enrollment):
    with pytest.raises(ValidationError):
        block_access(actor=world.citizen, unit=world.foreign_unit)
    with pytest.raises(ValidationError):
        block_access(actor=world.citizen, provider=world.other_provider)
    with pytest.raises(ValidationError):  # in care nowhere
        block_access(actor=world.other_citizen, unit=world.unit)
    with pytest.raises(PermissionDenied):
        block_access(actor=world.practitioner, unit=world.other_unit)


def test_nobody_lifts_another_citizens_block(world, enrollment):
    block = block_access(actor=world.citizen, unit=world.other_unit)
    for actor in (world.other_citizen, world.practitioner):
        with pytest.raises(AccessBlock.DoesNotExist):
            lift_block(actor=actor, block_id=block.pk)
    assert AccessBlock.objects.get(pk=block.pk).is_active


def test_a_handover_to_a_blocked_unit_is_refused_before_anything_is_sent(
    world, receiving, enrollment
):
    block_access(actor=world.citizen, unit=receiving.unit)
    with pytest.raises(ValidationError) as error:
        service.start_handover(
            actor=world.practitioner, enrollment=enrollment, to_unit=receiving.unit, consent=True
        )
    assert error.value.error_dict["unit"][0].code == "blocked"


def test_a_block_set_while_a_handover_waits_stops_its_approval(world, receiving, pending):
    block_access(actor=world.citizen, unit=receiving.unit)
    with pytest.raises(ValidationError):
        service.approve_handover(
            actor=receiving.citizen_admin, handover=pending, practitioner=receiving.practitioner
        )
    assert pending.enrollment.unit_id == world.unit.pk


def test_the_receiving_unit_sees_only_blocked_information(world, receiving, pending, login):
    block_access(actor=world.citizen, provider=world.provider)
    client = login(receiving.citizen_admin)
    page = client.get(reverse("clinic:handovers_incoming"))
    text = page.content.decode()
    assert page.status_code == 200
    assert world.citizen.last_name not in text and pending.enrollment.release.name not in text
    assert "Spärrad information" in text or "Blocked information" in text
    assert not AccessEvent.objects.filter(actor=receiving.citizen_admin, citizen=world.citizen)
    detail = client.get(reverse("clinic:handover_incoming", args=[pending.pk]))
    assert detail.status_code == 404


def test_the_citizen_is_told_that_a_handover_is_proposed(world, receiving, enrollment):
    with mock.patch("stegvis.care.services.handover.notify") as notify:
        handover = service.start_handover(
            actor=world.practitioner, enrollment=enrollment, to_unit=receiving.unit, consent=True
        )
    (call,) = notify.call_args_list
    assert call.args[0] == world.citizen and call.args[1] == "handover_proposed"
    assert call.kwargs["key"] == f"handover-proposed:{handover.pk}"


def test_a_blocked_unit_finds_the_citizen_but_sees_no_name(world, receiving, enrollment):
    block_access(actor=world.citizen, unit=receiving.unit)
    found = search_citizen(
        actor=receiving.citizen_admin, unit=receiving.unit, personnummer=world.citizen.personnummer
    )
    assert found.blocked and not found.may_see_name
    with pytest.raises(type(world.citizen).DoesNotExist):
        get_citizen_for(actor=receiving.citizen_admin, unit=receiving.unit, pk=world.citizen.pk)
    # Where the citizen is in care the unit keeps seeing its own patient.
    own = search_citizen(
        actor=world.citizen_admin, unit=world.unit, personnummer=world.citizen.personnummer
    )
    assert own.may_see_name and not own.blocked


def test_a_block_of_another_unit_changes_nothing_here(world, enrollment):
    third = UnitFactory(provider=world.provider)
    block_access(actor=world.citizen, unit=third)
    found = search_citizen(
        actor=world.citizen_admin, unit=world.unit, personnummer=world.citizen.personnummer
    )
    assert found.may_see_name
