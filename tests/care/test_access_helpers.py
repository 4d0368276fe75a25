"""Each fetch-check-log helper of care denies one way: another unit's (or another citizen's)
object is "not found", a rule the user lacks at their own unit is "forbidden", and a refusal
records nothing; a fetch that succeeds records one read with the acting role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from stegvis.audit.models import AccessEvent
from stegvis.care import access
from stegvis.organisation.models import Role
from tests.care.handover_fixtures import enrollment, pending, receiving  # noqa: F401
from tests.factories import (
    FeedbackFactory,
    FlagFactory,
    QuestionnaireResponseFactory,
    StaffFactory,
    assign,
)


def _reads() -> int:
    return AccessEvent.objects.filter(kind="read").count()


@pytest.fixture
def flag(enrollment):  # noqa: F811
    return FlagFactory(enrollment=enrollment)


@pytest.fixture
def feedback(enrollment):  # noqa: F811
    return FeedbackFactory(enrollment=enrollment)


@pytest.fixture
def due(enrollment):  # noqa: F811
    return QuestionnaireResponseFactory(enrollment=enrollment)


# --- the enrollment, staff side --------------------------------------------------------------


def test_the_staff_enrollment_is_found_and_its_read_recorded(world, enrollment):  # noqa: F811
    found = access.get_enrollment_for_staff(world.practitioner, world.unit, enrollment.pk)
    assert found == enrollment
    event = AccessEvent.objects.get(kind="read", actor=world.practitioner)
    assert (event.citizen_id, event.actor_role) == (world.citizen.pk, Role.PRACTITIONER)


def test_another_units_enrollment_is_not_found(world, enrollment):  # noqa: F811
    with pytest.raises(Http404):
        access.get_enrollment_for_staff(
            world.other_unit_practitioner, world.other_unit, enrollment.pk
        )
    assert _reads() == 0


def test_a_missing_role_at_the_units_enrollment_is_forbidden(world, enrollment):  # noqa: F811
    with pytest.raises(PermissionDenied):
        access.get_enrollment_for_staff(world.data_admin, world.unit, enrollment.pk)
    with pytest.raises(PermissionDenied):
        access.get_enrollment_for_staff(
            world.practitioner, world.unit, enrollment.pk, perm="care.assign_practitioner"
        )
    assert _reads() == 0


# --- flags and feedback -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("helper", "item"),
    [(access.get_flag_for_staff, "flag"), (access.get_feedback_for_staff, "feedback")],
)
def test_a_flag_or_feedback_is_found_by_a_practitioner_at_the_unit(world, request, helper, item):
    thing = request.getfixturevalue(item)
    found = helper(world.practitioner, world.unit, thing.enrollment_id, thing.pk, action="x.test")
    assert found == thing
    assert found.enrollment.citizen == world.citizen
    assert AccessEvent.objects.filter(kind="read", action="x.test").count() == 1


@pytest.mark.parametrize(
    ("helper", "item"),
    [(access.get_flag_for_staff, "flag"), (access.get_feedback_for_staff, "feedback")],
)
def test_another_units_flag_or_feedback_is_not_found(world, request, helper, item):
    thing = request.getfixturevalue(item)
    with pytest.raises(Http404):
        helper(
            world.other_unit_practitioner,
            world.other_unit,
            thing.enrollment_id,
            thing.pk,
            action="x.test",
        )
    with pytest.raises(Http404):  # the id of another enrollment's item
        helper(world.practitioner, world.unit, thing.enrollment_id, thing.pk + 1000, action="x")


@pytest.mark.parametrize(
    ("helper", "item"),
    [(access.get_flag_for_staff, "flag"), (access.get_feedback_for_staff, "feedback")],
)
def test_a_citizen_admin_may_not_act_on_a_flag_or_feedback(world, request, helper, item):
    thing = request.getfixturevalue(item)
    with pytest.raises(PermissionDenied):
        helper(world.citizen_admin, world.unit, thing.enrollment_id, thing.pk, action="x.test")
    assert _reads() == 0


# --- incoming handovers -----------------------------------------------------------------------


def test_an_incoming_handover_is_found_by_the_receiving_citizen_admin(receiving, pending):  # noqa: F811
    before = _reads()
    found = access.get_incoming_handover_for_staff(
        receiving.citizen_admin, receiving.unit, pending.pk
    )
    assert found == pending
    event = AccessEvent.objects.filter(kind="read").latest("pk")
    assert _reads() == before + 1
    assert (event.unit, event.actor_role) == (receiving.unit, Role.CITIZEN_ADMIN)


def test_an_incoming_handover_records_the_citizen_admin_role_of_someone_holding_both(
    receiving,  # noqa: F811
    pending,  # noqa: F811
):
    both = assign(StaffFactory(), receiving.unit, Role.PRACTITIONER, Role.CITIZEN_ADMIN)
    access.get_incoming_handover_for_staff(both, receiving.unit, pending.pk)
    event = AccessEvent.objects.filter(kind="read", actor=both).get()
    assert event.actor_role == Role.CITIZEN_ADMIN


def test_a_handover_to_another_unit_is_not_found(world, receiving, pending):  # noqa: F811
    before = _reads()
    with pytest.raises(Http404):
        access.get_incoming_handover_for_staff(world.citizen_admin, world.unit, pending.pk)
    with pytest.raises(Http404):
        access.get_incoming_handover_for_staff(
            receiving.third_unit_citizen_admin,
            receiving.third_unit_citizen_admin.care_assignments.get().unit,
            pending.pk,
        )
    assert _reads() == before


def test_a_practitioner_at_the_receiving_unit_may_not_decide(receiving, pending):  # noqa: F811
    before = _reads()
    with pytest.raises(PermissionDenied):
        access.get_incoming_handover_for_staff(receiving.practitioner, receiving.unit, pending.pk)
    assert _reads() == before


# --- the citizen side -------------------------------------------------------------------------


def test_the_citizens_own_enrollment_is_found_and_logged(world, enrollment):  # noqa: F811
    assert access.get_enrollment_for_citizen(world.citizen, enrollment.pk) == enrollment
    assert AccessEvent.objects.filter(kind="read", actor=world.citizen).count() == 1


def test_another_citizens_enrollment_is_not_found(world, enrollment):  # noqa: F811
    with pytest.raises(Http404):
        access.get_enrollment_for_citizen(world.other_citizen, enrollment.pk)
    with pytest.raises(Http404):  # staff have no citizen side
        access.get_enrollment_for_citizen(world.practitioner, enrollment.pk)
    assert _reads() == 0


def test_a_due_questionnaire_is_found_only_in_the_citizens_own_enrollment(world, due):
    found = access.get_due_questionnaire_for_citizen(world.citizen, due.enrollment_id, due.pk)
    assert found == due
    with pytest.raises(Http404):
        access.get_due_questionnaire_for_citizen(world.other_citizen, due.enrollment_id, due.pk)
    with pytest.raises(Http404):
        access.get_due_questionnaire_for_citizen(world.citizen, due.enrollment_id, due.pk + 1000)
