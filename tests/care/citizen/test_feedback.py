import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stegvis.care.models import Feedback, Flag
from stegvis.care.services.answers import save_answer
from stegvis.care.services.steps import complete_step
from tests.portal.fixtures import open_module_now


@pytest.fixture
def at_feedback(enrollment):
    open_module_now(enrollment, "m2")
    return enrollment


def send(world, enrollment, text="Det gick bra"):
    return save_answer(
        actor=world.citizen,
        enrollment=enrollment,
        block_key="fb1",
        value={"text": text},
        submit=True,
    )


def test_sending_feedback_creates_the_moment_and_a_feedback_flag(world, at_feedback):
    result = send(world, at_feedback)

    assert result.ok
    assert Feedback.objects.filter(enrollment=at_feedback, block_key="fb1").exists()
    flag = Flag.objects.get(enrollment=at_feedback)
    assert (flag.kind, flag.dedupe_key) == (Flag.Kind.FEEDBACK, "feedback:fb1")


def test_empty_feedback_is_not_sent(world, at_feedback):
    result = send(world, at_feedback, text="  ")

    assert "text" in result.errors
    assert not Feedback.objects.exists()


def test_waiting_feedback_blocks_the_next_step(world, at_feedback):
    send(world, at_feedback)

    with pytest.raises(ValidationError) as error:
        complete_step(actor=world.citizen, enrollment=at_feedback, step_key="reflect")
    assert [e.code for e in error.value.error_list] == ["step_blocked"]


def test_an_answered_feedback_lets_the_citizen_go_on(world, at_feedback):
    send(world, at_feedback)
    Feedback.objects.update(response="Bra jobbat", responded_at=timezone.now())

    progress = complete_step(actor=world.citizen, enrollment=at_feedback, step_key="reflect")

    assert progress.completed_at is not None


def test_sent_feedback_keeps_its_text(world, at_feedback):
    send(world, at_feedback, text="Först")

    send(world, at_feedback, text="Sedan")

    assert Feedback.objects.count() == 1
    assert at_feedback.answers.get(block_key="fb1").value == {"text": "Först"}
