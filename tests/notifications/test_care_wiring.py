"""Care tells the citizen of new things through notify(), inside its own transactions."""

from stegvis.care.services.feedback import respond_feedback
from stegvis.care.services.modules import open_module
from stegvis.notifications.models import Notification
from tests.factories import FeedbackFactory
from tests.notifications.conftest import verified


def _kinds(citizen) -> set[str]:
    return set(Notification.objects.filter(recipient=citizen).values_list("kind", flat=True))


def test_a_new_enrollment_and_its_first_questionnaire_are_notified(world, start):
    verified(world.citizen, email="t@mail.test")
    enrollment = start()
    assert {"new_enrollment", "questionnaire_due"} <= _kinds(world.citizen)
    assert "module_opened" not in _kinds(world.citizen)  # at-start modules come with it
    assert Notification.objects.filter(
        unit=enrollment.unit, subject_kind="enrollment", subject_id=enrollment.pk
    ).exists()


def test_a_module_opened_by_the_practitioner_is_notified_once(world, start):
    verified(world.citizen, email="t@mail.test")
    enrollment = start()
    open_module(enrollment, "relapse", actor=world.practitioner)
    open_module(enrollment, "relapse", actor=world.practitioner)
    assert Notification.objects.filter(kind="module_opened").count() == 1


def test_an_answered_feedback_is_notified_once(world, start):
    verified(world.citizen, email="t@mail.test")
    enrollment = start()
    feedback = FeedbackFactory(enrollment=enrollment)
    respond_feedback(actor=world.practitioner, feedback=feedback, response="Bra jobbat!")
    respond_feedback(actor=world.practitioner, feedback=feedback, response="Bra jobbat igen!")
    assert Notification.objects.filter(kind="feedback_given").count() == 1


def test_a_citizen_without_channels_gets_no_rows(world, start):
    start()
    assert not Notification.objects.exists()
