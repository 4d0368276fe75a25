"""Back in treatment, the treatment's scheduled work runs again: reopening a closed enrollment
and a maintenance phase returning to treatment restart it, once, without duplicates."""

import datetime as dt

from django.utils import timezone

from stegvis.care.models import Activity, Flag, ModuleState, QuestionnaireResponse
from stegvis.care.services.enrollment import change_phase
from stegvis.care.services.resume import restart_treatment_work
from stegvis.care.services.runtime import process_due_work

WEEKLY = "schedule:1:"  # the care document's every_n_days (7) questionnaire
START_OCCASION = "schedule:start:1:phq9"


def later(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def pending(enrollment) -> dict[str, dt.datetime]:
    rows = Activity.objects.filter(enrollment=enrollment, done_at__isnull=True)
    return dict(rows.values_list("key", "due_at"))


def close(world, enrollment):
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="closed", reason="Klar")


def reopen(world, enrollment):
    change_phase(
        actor=world.citizen_admin, enrollment=enrollment, phase="treatment", reason="Återfall"
    )


def test_reopening_restarts_the_weekly_questionnaire_the_reminder_and_module_openings(world, start):
    enrollment = start()
    close(world, enrollment)
    assert pending(enrollment) == {}
    reopen(world, enrollment)
    work = pending(enrollment)
    # The weekly cycle counts from the reopening, with the next occurrence number.
    assert work["schedule:1:2"] > later(7) - dt.timedelta(minutes=1)
    assert work["inactivity:2"] > later(5) - dt.timedelta(minutes=1)
    # "sleep" opens 14 days after the start: that rule holds again.
    assert "open:sleep" in work
    process_due_work(now=later(14.1))
    state = ModuleState.objects.get(enrollment=enrollment, module_key="sleep")
    assert state.visibility == "open"


def test_reopening_brings_back_the_overdue_reminder_of_an_unanswered_questionnaire(world, start):
    enrollment = start()  # the start questionnaire is asked and waits
    close(world, enrollment)
    reopen(world, enrollment)
    # Not flagged for the time the enrollment was closed: three days from the reopening.
    assert pending(enrollment)[f"overdue:{START_OCCASION}"] > later(3) - dt.timedelta(minutes=1)
    process_due_work(now=later(2))
    assert not Flag.objects.filter(enrollment=enrollment, kind="overdue").exists()
    process_due_work(now=later(3.1))
    assert Flag.objects.filter(enrollment=enrollment, kind="overdue").count() == 1


def test_a_one_off_questionnaire_cancelled_before_it_was_asked_is_asked_on_reopening(world, start):
    enrollment = start()
    # As if closing came while the start questionnaire waited to be asked.
    QuestionnaireResponse.objects.filter(enrollment=enrollment, occasion=START_OCCASION).delete()
    close(world, enrollment)
    assert not QuestionnaireResponse.objects.filter(occasion=START_OCCASION).exists()
    reopen(world, enrollment)
    assert QuestionnaireResponse.objects.filter(occasion=START_OCCASION).count() == 1


def test_what_already_happened_does_not_happen_again(world, start):
    enrollment = start()
    process_due_work(now=later(14.1))  # "sleep" opened, the start questionnaire overdue
    QuestionnaireResponse.objects.update(completed_at=timezone.now())
    close(world, enrollment)
    reopen(world, enrollment)
    work = pending(enrollment)
    assert "open:sleep" not in work
    assert not [key for key in work if key.startswith("overdue:")]
    assert QuestionnaireResponse.objects.filter(occasion=START_OCCASION).count() == 1


def test_restarting_twice_changes_nothing(world, start):
    enrollment = start()
    close(world, enrollment)
    reopen(world, enrollment)
    before = pending(enrollment)
    restart_treatment_work(enrollment, timezone.now())
    assert pending(enrollment) == before
    assert len([key for key in before if key.startswith(WEEKLY)]) == 1


def test_closing_and_reopening_again_keeps_one_of_each(world, start):
    enrollment = start()
    for _time in range(2):
        close(world, enrollment)
        reopen(world, enrollment)
    work = pending(enrollment)
    assert [key for key in work if key.startswith(WEEKLY)] == ["schedule:1:3"]
    assert [key for key in work if key.startswith("inactivity:")] == ["inactivity:3"]


def test_maintenance_back_to_treatment_restarts_the_weekly_cycle(world, start):
    enrollment = start()
    QuestionnaireResponse.objects.update(completed_at=timezone.now())
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="maintenance", reason="Bra")
    # In maintenance the weekly questionnaire runs out: its pending occurrence ends the cycle.
    process_due_work(now=later(8))
    assert not [key for key in pending(enrollment) if key.startswith(WEEKLY)]
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="treatment", reason="Sämre")
    weekly = [key for key in pending(enrollment) if key.startswith(WEEKLY)]
    assert weekly == ["schedule:1:2"]


def test_maintenance_back_to_treatment_keeps_a_weekly_occurrence_still_pending(world, start):
    enrollment = start()
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="maintenance", reason="Bra")
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="treatment", reason="Sämre")
    assert [key for key in pending(enrollment) if key.startswith(WEEKLY)] == ["schedule:1:1"]
