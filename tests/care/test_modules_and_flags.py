"""Who may open modules and acknowledge flags, and raising a flag twice."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from stegvis.care.models import Flag, ModuleState
from stegvis.care.services.flags import acknowledge_flag, raise_flag
from stegvis.care.services.modules import hide_module, open_module


def state(enrollment, key):
    return ModuleState.objects.get(enrollment=enrollment, module_key=key)


def test_the_citizen_opens_only_a_previous_done_module(world, start):
    enrollment = start()
    open_module(enrollment, "activation", actor=world.citizen)
    assert state(enrollment, "activation").visibility == "open"
    with pytest.raises(PermissionDenied):
        open_module(enrollment, "relapse", actor=world.citizen)


def test_another_citizen_opens_nothing(world, start):
    enrollment = start()
    with pytest.raises(PermissionDenied):
        open_module(enrollment, "activation", actor=world.other_citizen)


@pytest.mark.parametrize("persona", ["citizen_admin", "other_unit_practitioner", "data_admin"])
def test_only_practitioners_at_the_unit_change_modules(world, start, persona):
    enrollment = start()
    with pytest.raises(PermissionDenied):
        hide_module(enrollment, "intro", actor=getattr(world, persona))


def test_an_unknown_module_is_refused(world, start):
    enrollment = start()
    with pytest.raises(ValidationError):
        open_module(enrollment, "nope", actor=world.practitioner)


def test_opening_records_who_and_the_history(world, start):
    enrollment = start()
    open_module(enrollment, "relapse", actor=world.practitioner)
    assert state(enrollment, "relapse").opened_by == world.practitioner
    event = enrollment.history.filter(action="module.opened").first()
    assert event.detail == {"module": "relapse", "cause": "practitioner"}


def test_raising_the_same_cause_twice_gives_one_flag(world, start):
    enrollment = start()
    first, created = raise_flag(
        enrollment, actor=None, kind="alert", level="red", dedupe_key="alert:1:9"
    )
    again, created_again = raise_flag(
        enrollment, actor=None, kind="alert", level="red", dedupe_key="alert:1:9"
    )
    assert created and not created_again
    assert first == again
    assert enrollment.history.filter(action="flag.raised").count() == 1


def test_a_citizen_admin_may_not_acknowledge(world, start):
    enrollment = start()
    flag, _ = raise_flag(enrollment, actor=None, kind="alert", level="red", dedupe_key="a")
    with pytest.raises(PermissionDenied):
        acknowledge_flag(flag, actor=world.citizen_admin)
    acknowledge_flag(flag, actor=world.practitioner)
    acknowledge_flag(flag, actor=world.practitioner)
    assert Flag.objects.get().acknowledged_by == world.practitioner
    assert enrollment.history.filter(action="flag.acknowledged").count() == 1


def test_care_scheduler_once_enqueues_and_the_immediate_backend_runs_it(world, start):
    enrollment = start()
    call_command("care_scheduler", "--once")
    assert state(enrollment, "intro").visibility == "open"
