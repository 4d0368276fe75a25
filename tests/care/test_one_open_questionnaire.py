"""A schedule never makes a second open questionnaire of a kind while one waits for the citizen."""

import datetime as dt

from django.utils import timezone

from stegvis.care.models import QuestionnaireResponse
from stegvis.care.services.enrollment import change_phase
from stegvis.care.services.runtime import process_due_work


def later(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def open_phq9(enrollment):
    return QuestionnaireResponse.objects.filter(
        enrollment=enrollment, questionnaire_key="phq9", completed_at__isnull=True
    )


def test_the_weekly_questionnaire_is_skipped_while_the_start_one_is_open(world, start):
    enrollment = start()
    assert open_phq9(enrollment).count() == 1  # the start questionnaire
    process_due_work(now=later(7.1))
    assert open_phq9(enrollment).count() == 1
    assert enrollment.history.filter(action="questionnaire.skipped").count() == 1


def test_the_schedule_goes_on_once_the_open_one_is_answered(world, start):
    enrollment = start()
    process_due_work(now=later(7.1))
    open_phq9(enrollment).update(completed_at=later(8))
    process_due_work(now=later(14.1))
    assert open_phq9(enrollment).get().occasion == "schedule:every_n_days:2:phq9"


def test_the_end_questionnaire_waits_for_the_open_one_then_comes(world, start):
    enrollment = start()
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="maintenance", reason="Bra")
    assert open_phq9(enrollment).count() == 1
    assert not QuestionnaireResponse.objects.filter(occasion="schedule:end:end:phq9").exists()
    open_phq9(enrollment).update(completed_at=timezone.now())
    process_due_work(now=later(1.1))
    assert open_phq9(enrollment).get().occasion == "schedule:end:end:phq9"


def test_other_questionnaires_are_not_held_back(world, start):
    enrollment = start()
    from stegvis.care.services.modules import open_module

    open_module(enrollment, "relapse", actor=world.practitioner)
    assert QuestionnaireResponse.objects.filter(
        enrollment=enrollment, questionnaire_key="gad7", completed_at__isnull=True
    ).exists()
