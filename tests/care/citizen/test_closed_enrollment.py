import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stegvis.care.models import Answer, Enrollment, Phase
from stegvis.care.services.answers import save_answer
from stegvis.care.services.diaries import add_diary_entry
from stegvis.care.services.questionnaires import save_questionnaire
from stegvis.care.services.steps import complete_step, mark_step_seen


@pytest.fixture
def closed(enrollment):
    Enrollment.objects.filter(pk=enrollment.pk).update(phase=Phase.CLOSED)
    enrollment.refresh_from_db()
    return enrollment


ACTIONS = {
    "answer": lambda a, e: save_answer(actor=a, enrollment=e, block_key="hw1", value={"text": "x"}),
    "questionnaire": lambda a, e: save_questionnaire(
        actor=a, enrollment=e, occasion="block:q1", answers={}
    ),
    "step": lambda a, e: complete_step(actor=a, enrollment=e, step_key="intro"),
    "seen": lambda a, e: mark_step_seen(actor=a, enrollment=e, step_key="intro"),
    "diary": lambda a, e: add_diary_entry(
        actor=a, enrollment=e, diary_key="d1", entry_date="2026-01-01", values={"hours": "7"}
    ),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_a_closed_enrollment_refuses_changes_with_a_clear_message(world, closed, action):
    with pytest.raises(ValidationError) as error:
        ACTIONS[action](world.citizen, closed)

    assert error.value.code == "closed"
    assert not Answer.objects.exists()


def test_a_closed_enrollment_is_refused_even_when_closed_after_loading(world, enrollment):
    Enrollment.objects.filter(pk=enrollment.pk).update(phase=Phase.CLOSED)

    with pytest.raises(ValidationError):
        ACTIONS["answer"](world.citizen, enrollment)


@pytest.mark.parametrize("action", ACTIONS)
def test_another_citizen_may_not_change_the_enrollment(world, enrollment, action):
    with pytest.raises(PermissionDenied):
        ACTIONS[action](world.other_citizen, enrollment)
