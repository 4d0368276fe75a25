import pytest
from django.core.exceptions import ValidationError

from stegvis.care.models import ModuleState, Phase
from stegvis.care.services.open_programs import start_open_program
from tests.portal.fixtures import make_release


def test_a_self_help_program_starts_in_treatment_without_a_practitioner(world):
    release = make_release(world.provider, world.unit, mode="self_help", open_=True)

    enrollment = start_open_program(actor=world.citizen, release=release, unit=world.unit)

    assert enrollment.phase == Phase.TREATMENT
    assert enrollment.practitioner is None
    open_keys = set(
        ModuleState.objects.filter(
            enrollment=enrollment, visibility=ModuleState.Visibility.OPEN
        ).values_list("module_key", flat=True)
    )
    assert open_keys == {"m1"}


def test_a_practitioner_led_program_waits_in_the_units_queue(world):
    release = make_release(world.provider, world.unit, open_=True)

    enrollment = start_open_program(actor=world.citizen, release=release, unit=world.unit)

    assert enrollment.phase == Phase.QUEUED
    assert enrollment.unit == world.unit


def test_a_program_that_is_not_open_cannot_be_started(world):
    release = make_release(world.provider, world.unit)

    with pytest.raises(ValidationError):
        start_open_program(actor=world.citizen, release=release, unit=world.unit)


def test_an_open_program_not_active_at_the_unit_cannot_be_started(world):
    release = make_release(world.provider, world.unit, open_=True)

    with pytest.raises(ValidationError):
        start_open_program(actor=world.citizen, release=release, unit=world.other_unit)


def test_the_same_program_is_not_started_twice(world):
    release = make_release(world.provider, world.unit, open_=True)
    start_open_program(actor=world.citizen, release=release, unit=world.unit)

    with pytest.raises(ValidationError):
        start_open_program(actor=world.citizen, release=release, unit=world.unit)


def test_staff_cannot_start_an_open_program_for_themselves(world):
    from django.core.exceptions import PermissionDenied

    release = make_release(world.provider, world.unit, open_=True)

    with pytest.raises(PermissionDenied):
        start_open_program(actor=world.practitioner, release=release, unit=world.unit)
