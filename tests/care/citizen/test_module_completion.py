import pytest
from django.core.exceptions import ValidationError

from stegvis.care.models import Flag, ModuleState, StepProgress
from stegvis.care.services.questionnaires import save_questionnaire
from stegvis.care.services.steps import complete_step
from tests.portal.documents import phq9_answers


def finish_module_one(world, enrollment):
    save_questionnaire(
        actor=world.citizen,
        enrollment=enrollment,
        occasion="block:q1",
        answers=phq9_answers(),
        complete=True,
    )
    for key in ("intro", "mood-check", "exercises"):
        complete_step(actor=world.citizen, enrollment=enrollment, step_key=key)


def state(enrollment, key):
    return ModuleState.objects.get(enrollment=enrollment, module_key=key)


def test_a_step_with_an_unanswered_questionnaire_cannot_be_completed(world, enrollment):
    with pytest.raises(ValidationError):
        complete_step(actor=world.citizen, enrollment=enrollment, step_key="mood-check")

    assert not StepProgress.objects.filter(completed_at__isnull=False).exists()


def test_finishing_a_module_raises_a_green_flag_and_opens_the_next(world, enrollment):
    finish_module_one(world, enrollment)

    assert state(enrollment, "m1").completed_at is not None
    flag = Flag.objects.get(enrollment=enrollment, kind=Flag.Kind.MODULE_DONE)
    assert (flag.level, flag.dedupe_key) == (Flag.Level.GREEN, "module_done:m1")
    assert state(enrollment, "m2").visibility == ModuleState.Visibility.OPEN


def test_a_module_opened_by_the_practitioner_does_not_open_by_itself(world, enrollment):
    finish_module_one(world, enrollment)
    for key in ("sleep",):
        complete_step(actor=world.citizen, enrollment=enrollment, step_key=key)

    assert state(enrollment, "m3").visibility == ModuleState.Visibility.LOCKED


def test_completing_a_step_twice_changes_nothing(world, enrollment):
    complete_step(actor=world.citizen, enrollment=enrollment, step_key="intro")
    first = StepProgress.objects.get(step_key="intro").completed_at

    complete_step(actor=world.citizen, enrollment=enrollment, step_key="intro")

    assert StepProgress.objects.get(step_key="intro").completed_at == first


def test_a_step_in_a_locked_module_cannot_be_completed(world, enrollment):
    with pytest.raises(ValidationError):
        complete_step(actor=world.citizen, enrollment=enrollment, step_key="ahead")
