import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.care.models import Activity, Enrollment, HistoryEvent, ModuleState, Phase
from stegvis.care.services.enrollment import start_enrollment
from stegvis.catalog.services import create_release
from tests.care_documents import care_document


def test_it_starts_in_treatment_with_the_chosen_practitioner(world, start):
    enrollment = start()
    assert enrollment.phase == Phase.TREATMENT
    assert enrollment.practitioner == world.practitioner
    assert enrollment.created_by == world.practitioner


def test_it_opens_modules_due_at_start_and_locks_the_rest(world, start):
    enrollment = start()
    states = dict(
        ModuleState.objects.filter(enrollment=enrollment).values_list("module_key", "visibility")
    )
    assert states == {
        "intro": "open",
        "activation": "locked",
        "sleep": "locked",
        "relapse": "locked",
    }


def test_it_schedules_the_release_rules(world, start):
    enrollment = start()
    keys = set(Activity.objects.filter(enrollment=enrollment).values_list("key", flat=True))
    assert {"open:intro", "open:sleep", "schedule:0:1", "schedule:1:1", "inactivity:1"} <= keys
    assert enrollment.questionnaire_responses.filter(occasion="schedule:start:1:phq9").exists()


def test_it_records_history_and_the_access_log(world, start):
    enrollment = start()
    assert HistoryEvent.objects.filter(enrollment=enrollment, action="enrollment.started").exists()
    assert AccessEvent.objects.filter(
        enrollment_id=enrollment.pk, action="care.enrollment_start", actor=world.practitioner
    ).exists()


def test_a_citizen_admin_may_start_with_another_practitioner(world, start):
    enrollment = start(actor=world.citizen_admin)
    assert enrollment.practitioner == world.practitioner


def test_a_future_start_opens_nothing_yet(world, start):
    enrollment = start(start_date=timezone.localdate() + dt.timedelta(days=3))
    assert not ModuleState.objects.filter(enrollment=enrollment, visibility="open").exists()


@pytest.mark.parametrize(
    "persona", ["data_admin", "other_unit_practitioner", "foreign_staff", "inactivated_staff"]
)
def test_others_may_not_start(world, release, persona):
    with pytest.raises(PermissionDenied):
        start_enrollment(
            actor=getattr(world, persona),
            unit=world.unit,
            release=release,
            citizen=world.citizen,
            practitioner=world.practitioner,
            start_date=timezone.localdate(),
        )


def test_the_practitioner_must_work_at_the_unit(world, start):
    with pytest.raises(ValidationError) as error:
        start(practitioner=world.other_unit_practitioner)
    assert "practitioner" in error.value.message_dict


def test_a_citizen_admin_is_not_a_practitioner(world, start):
    with pytest.raises(ValidationError):
        start(practitioner=world.citizen_admin)


def test_a_release_not_active_at_the_unit_is_refused(world):
    other = create_release(actor=None, owner=world.provider, document=care_document(key="other"))
    with pytest.raises(ValidationError) as error:
        start_enrollment(
            actor=world.practitioner,
            unit=world.unit,
            release=other,
            citizen=world.citizen,
            practitioner=world.practitioner,
            start_date=timezone.localdate(),
        )
    assert "release" in error.value.message_dict


def test_a_second_running_enrollment_in_the_program_is_refused(world, start):
    start()
    with pytest.raises(ValidationError):
        start()
    assert Enrollment.objects.count() == 1


def test_staff_cannot_be_enrolled(world, start):
    with pytest.raises(ValidationError):
        start(citizen=world.data_admin)


def test_a_start_date_far_away_is_refused(world, start):
    with pytest.raises(ValidationError) as error:
        start(start_date=timezone.localdate() - dt.timedelta(days=400))
    assert "start_date" in error.value.message_dict
