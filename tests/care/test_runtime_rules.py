"""The release's rules run from due Activities; a stopped worker catches up; nothing runs twice."""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from stegvis.care.models import Activity, Enrollment, Flag, ModuleState, QuestionnaireResponse
from stegvis.care.services.enrollment import change_phase
from stegvis.care.services.modules import hide_module, open_module
from stegvis.care.services.runtime import process_due_work
from stegvis.care.tasks import process_due_work as process_task
from tests.care_documents import days_ago
from tests.factories import ReleaseFactory
from tests.record_factories import ActivityFactory


def later(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def visibility(enrollment, key):
    return ModuleState.objects.get(enrollment=enrollment, module_key=key).visibility


def test_a_module_opens_when_its_days_have_passed(world, start):
    enrollment = start()
    process_due_work(now=later(13))
    assert visibility(enrollment, "sleep") == "locked"
    process_due_work(now=later(14.1))
    assert visibility(enrollment, "sleep") == "open"


def test_a_start_in_the_past_opens_what_is_due_at_once(world, start):
    enrollment = start(start_date=days_ago(20))
    assert visibility(enrollment, "sleep") == "open"


def test_running_twice_does_nothing_twice(world, start):
    enrollment = start()
    first = process_due_work(now=later(15))
    counts = (
        enrollment.history.count(),
        QuestionnaireResponse.objects.count(),
        Flag.objects.count(),
    )
    assert first > 0
    assert process_due_work(now=later(15)) == 0
    assert counts == (
        enrollment.history.count(),
        QuestionnaireResponse.objects.count(),
        Flag.objects.count(),
    )


def test_a_stopped_worker_catches_up_with_one_questionnaire_not_many(world, start):
    enrollment = start()
    QuestionnaireResponse.objects.update(completed_at=timezone.now())  # the start one answered
    process_due_work(now=later(7 * 3 + 1))
    weekly = QuestionnaireResponse.objects.filter(
        enrollment=enrollment, occasion__startswith="schedule:every_n_days:"
    )
    assert weekly.count() == 1
    pending = Activity.objects.get(
        enrollment=enrollment, kind="questionnaire", done_at__isnull=True
    )
    assert pending.due_at > later(7 * 3 + 1) - dt.timedelta(seconds=5)


def test_a_questionnaire_not_completed_in_time_raises_an_overdue_flag(world, start):
    enrollment = start()
    process_due_work(now=later(2))
    assert not Flag.objects.filter(kind="overdue").exists()
    process_due_work(now=later(3.1))
    flag = Flag.objects.get(enrollment=enrollment, kind="overdue")
    assert flag.level == "yellow"


def test_a_completed_questionnaire_is_not_overdue(world, start):
    enrollment = start()
    QuestionnaireResponse.objects.filter(enrollment=enrollment).update(completed_at=timezone.now())
    process_due_work(now=later(3.1))
    assert not Flag.objects.filter(kind="overdue").exists()


def test_inactivity_raises_one_yellow_flag_and_a_history_event(world, start):
    enrollment = start()
    QuestionnaireResponse.objects.update(completed_at=timezone.now())
    process_due_work(now=later(5.1))
    process_due_work(now=later(11))
    flags = Flag.objects.filter(enrollment=enrollment, kind="inactivity")
    assert flags.count() == 1
    assert enrollment.history.filter(action="reminder.inactivity").count() == 1


def test_an_active_citizen_gets_no_inactivity_flag(world, start):
    enrollment = start()
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=later(4))
    process_due_work(now=later(5.1))
    assert not Flag.objects.filter(kind="inactivity").exists()


def test_opening_a_module_schedules_its_before_module_questionnaire(world, start):
    enrollment = start()
    open_module(enrollment, "relapse", actor=world.practitioner)
    response = QuestionnaireResponse.objects.get(
        enrollment=enrollment, occasion="schedule:before_module:relapse:gad7"
    )
    assert response.questionnaire_key == "gad7"
    assert response.due_at is not None


def test_a_rule_does_not_reopen_a_module_the_practitioner_hid(world, start):
    enrollment = start()
    hide_module(enrollment, "sleep", actor=world.practitioner)
    process_due_work(now=later(15))
    assert visibility(enrollment, "sleep") == "hidden"


def test_leaving_treatment_schedules_the_end_questionnaire_and_the_maintenance_cycle(world, start):
    enrollment = start()
    QuestionnaireResponse.objects.update(completed_at=timezone.now())  # the start one answered
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="maintenance", reason="Bra")
    assert QuestionnaireResponse.objects.filter(occasion="schedule:end:end:phq9").exists()
    QuestionnaireResponse.objects.update(completed_at=timezone.now())
    process_due_work(now=later(31))
    assert QuestionnaireResponse.objects.filter(occasion="schedule:maintenance:1:phq9").exists()
    assert not QuestionnaireResponse.objects.filter(
        occasion__startswith="schedule:every_n_days:"
    ).exists()


def test_closing_cancels_all_pending_work(world, start):
    enrollment = start()
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="closed", reason="Klar")
    assert not Activity.objects.filter(enrollment=enrollment, done_at__isnull=True).exists()
    assert process_due_work(now=later(60)) == 0
    assert visibility(enrollment, "sleep") == "locked"


def test_the_task_runs_the_due_work(world, start):
    enrollment = Enrollment.objects.get(pk=start(start_date=timezone.localdate()).pk)
    Activity.objects.filter(enrollment=enrollment, key="open:sleep").update(
        due_at=timezone.now() - dt.timedelta(minutes=1)
    )
    result = process_task.enqueue()
    assert result.return_value >= 1
    assert visibility(enrollment, "sleep") == "open"


def test_care_tick_enqueues_the_task(world, start, capsys):
    start()
    call_command("care_tick")
    assert "process_due_work" in capsys.readouterr().out


def test_a_module_with_a_date_opens_on_that_date(world):
    from stegvis.care.services.enrollment import start_enrollment
    from tests.care_documents import care_document

    document = care_document(key="dated")
    on = timezone.localdate() + dt.timedelta(days=3)
    document["modules"][2]["opening"] = {"rule": "date", "date": on.isoformat()}
    release = ReleaseFactory(owner=world.provider, document=document, active_at=world.unit)
    enrollment = start_enrollment(
        actor=world.practitioner,
        unit=world.unit,
        release=release,
        citizen=world.citizen,
        practitioner=world.practitioner,
        start_date=timezone.localdate(),
    )
    process_due_work(now=later(2))
    assert visibility(enrollment, "sleep") == "locked"
    process_due_work(now=later(3.01))
    assert visibility(enrollment, "sleep") == "open"


def test_one_broken_activity_does_not_stop_the_others(world, start):
    enrollment = start()
    ActivityFactory(
        enrollment=enrollment,
        key="broken",
        kind="open_module",
        due_at=timezone.now() - dt.timedelta(minutes=5),
        payload={},  # no module: the handler fails
    )
    ran = process_due_work(now=later(14.1))
    assert ran >= 1
    assert visibility(enrollment, "sleep") == "open"
    assert Activity.objects.get(key="broken").done_at is None  # retried on the next run
