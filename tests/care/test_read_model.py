"""One read model of an enrollment: module states, progress, upcoming work, the citizen's home."""

from django.utils import timezone

from stegvis.care import read
from stegvis.care.models import StepProgress
from stegvis.care.services.modules import hide_module
from stegvis.care.services.program import document_of


def test_a_new_enrollment_shows_its_first_module_open_and_the_rest_waiting(world, start):
    enrollment = start()
    doc = document_of(enrollment.release)
    views = {v.module.key: v for v in read.module_states(enrollment).modules(doc)}
    assert views["intro"].is_open
    assert not views["activation"].is_open and views["activation"].visibility == "locked"
    assert views["intro"].steps_total == 2 and views["intro"].steps_done == 0
    assert read.opening_day(enrollment, views["sleep"].module) > enrollment.start_date


def test_progress_counts_visible_steps_and_points_to_the_next_open_one(world, start):
    enrollment = start()
    StepProgress.objects.create(
        enrollment=enrollment, step_key="intro-1", completed_at=timezone.now()
    )
    hide_module(enrollment, "relapse", actor=world.practitioner)
    doc = document_of(enrollment.release)
    progress = read.module_states(enrollment).progress(doc)
    hidden_steps = sum(len(s.steps) for s in doc.module("relapse").sections)
    assert progress.total == sum(1 for _ in doc.steps()) - hidden_steps
    assert progress.done == 1
    assert progress.next_step.key == "intro-2"


def test_upcoming_work_names_the_module_and_the_questionnaire(world, start):
    enrollment = start()
    doc = document_of(enrollment.release)
    work = read.upcoming_work(enrollment, doc)
    assert [w.due_at for w in work] == sorted(w.due_at for w in work)
    assert any(w.opens_module and w.module_key == "sleep" for w in work)
    assert any(w.questionnaire_key == "phq9" for w in work if not w.opens_module)
    assert len(read.upcoming_work(enrollment, doc, limit=1)) == 1


def test_the_citizens_home_lists_running_enrollments_and_due_questionnaires(world, start):
    enrollment = start()
    home = read.citizen_home([enrollment])
    assert [s.enrollment for s in home.running] == [enrollment]
    assert home.closed == []
    assert [d.response.questionnaire_key for d in home.due] == ["phq9"]
    assert read.citizen_home([]).due == []
