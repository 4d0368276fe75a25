"""Handing an enrollment over to another unit: start, withdraw, approve, reject (services)."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.care.models import Enrollment, Handover, HistoryEvent, ModuleState
from stegvis.care.services import handover as service
from stegvis.catalog.models import UnitActivation
from stegvis.catalog.services import create_release
from stegvis.organisation.models import Role
from tests.care import handover_fixtures
from tests.care.helpers import fill
from tests.care_documents import care_document
from tests.factories import NotificationFactory, ProgramAgreementFactory, UnitFactory

enrollment = handover_fixtures.enrollment
pending = handover_fixtures.pending
receiving = handover_fixtures.receiving


def test_starting_needs_the_citizens_consent(world, receiving, enrollment):
    with pytest.raises(ValidationError) as error:
        service.start_handover(
            actor=world.practitioner, enrollment=enrollment, to_unit=receiving.unit, consent=False
        )
    assert error.value.error_dict["consent"][0].code == "consent_required"
    assert not Handover.objects.exists()


def test_it_is_refused_before_sending_when_the_receiver_lacks_the_program(
    world, release, enrollment
):
    UnitActivation.objects.create(
        release=release, unit=world.other_unit, deactivated_at=timezone.now()
    )
    with pytest.raises(ValidationError) as error:
        service.start_handover(
            actor=world.practitioner, enrollment=enrollment, to_unit=world.other_unit, consent=True
        )
    assert error.value.error_dict["unit"][0].code == "program_not_active"
    assert "Rehab Test" in error.value.messages[0]
    assert not Handover.objects.exists()


def test_another_release_of_the_same_program_at_the_receiver_is_enough(world, release, enrollment):
    newer = create_release(
        actor=None, owner=world.provider, document=care_document(major=1, minor=1)
    )
    UnitActivation.objects.create(release=newer, unit=world.other_unit)
    handover = service.start_handover(
        actor=world.practitioner, enrollment=enrollment, to_unit=world.other_unit, consent=True
    )
    assert handover.is_pending


def test_a_different_program_at_the_receiver_does_not_count(world, release, enrollment):
    other = create_release(actor=None, owner=world.provider, document=care_document(key="annat"))
    UnitActivation.objects.create(release=other, unit=world.other_unit)
    with pytest.raises(ValidationError) as error:
        service.check_receiver(enrollment, world.other_unit)
    assert error.value.error_dict["unit"][0].code == "program_not_active"


def test_units_of_another_provider_are_offered_only_with_an_agreement(world, release, enrollment):
    assert world.foreign_unit not in service.candidate_units(enrollment)
    with pytest.raises(ValidationError):
        service.check_receiver(enrollment, world.foreign_unit)
    release.available_to.add(world.other_provider)
    UnitActivation.objects.create(release=release, unit=world.foreign_unit)
    ProgramAgreementFactory(
        release=release, user_provider=world.other_provider, valid_from=dt.date(2020, 1, 1)
    )
    assert world.foreign_unit in service.candidate_units(enrollment)
    service.check_receiver(enrollment, world.foreign_unit)


def test_units_can_be_searched_by_name(world, receiving, enrollment):
    assert list(service.candidate_units(enrollment, "rehab")) == [world.other_unit]
    assert world.unit not in service.candidate_units(enrollment)


def test_only_one_handover_may_be_pending(world, receiving, pending):
    third = UnitFactory(provider=world.provider)
    UnitActivation.objects.create(release=pending.enrollment.release, unit=third)
    with pytest.raises(ValidationError) as error:
        service.start_handover(
            actor=world.practitioner, enrollment=pending.enrollment, to_unit=third, consent=True
        )
    assert error.value.code == "already_pending"


def test_a_citizen_already_running_the_program_at_the_receiver_is_refused(
    world, receiving, enrollment, start
):
    start(unit=receiving.unit, practitioner=receiving.practitioner, actor=receiving.practitioner)
    with pytest.raises(ValidationError) as error:
        service.check_receiver(enrollment, receiving.unit)
    assert error.value.error_dict["unit"][0].code == "already_enrolled"


def _snapshot(enrollment: Enrollment) -> dict:
    related = [
        "modules",
        "steps",
        "answers",
        "questionnaire_responses",
        "diary_entries",
        "feedback",
        "flags",
        "activities",
    ]
    return {
        name: sorted(getattr(enrollment, name).values_list("pk", flat=True)) for name in related
    }


@mock.patch("stegvis.care.services.enrollment.notify")
def test_approval_moves_the_enrollment_and_everything_in_it(notify, world, receiving, pending):
    enrollment = pending.enrollment
    fill(enrollment, 3)
    before = _snapshot(enrollment)
    states = dict(ModuleState.objects.filter(enrollment=enrollment).values_list("pk", "visibility"))
    service.approve_handover(
        actor=receiving.citizen_admin, handover=pending, practitioner=receiving.practitioner
    )
    enrollment.refresh_from_db()
    assert enrollment.unit == receiving.unit
    assert enrollment.practitioner == receiving.practitioner
    assert _snapshot(enrollment) == before
    after = dict(ModuleState.objects.filter(enrollment=enrollment).values_list("pk", "visibility"))
    assert after == states
    pending.refresh_from_db()
    assert pending.status == Handover.Status.APPROVED
    assert pending.new_practitioner == receiving.practitioner
    assert pending.previous_practitioner == world.practitioner
    notify.assert_called_once()
    assert notify.call_args.args[0] == world.citizen
    assert notify.call_args.kwargs["key"].startswith(
        f"practitioner:{enrollment.pk}:{receiving.practitioner.pk}:"
    )


def test_approval_is_audited_at_the_receiving_unit_and_kept_in_the_history(
    world, receiving, pending
):
    service.approve_handover(
        actor=receiving.citizen_admin, handover=pending, practitioner=receiving.practitioner
    )
    event = AccessEvent.objects.get(action="care.handover_approve")
    assert event.unit == receiving.unit
    assert event.actor == receiving.citizen_admin
    assert event.actor_role == Role.CITIZEN_ADMIN
    assert event.enrollment_id == pending.enrollment_id
    assert (event.target_type, event.target_id) == ("care.handover", str(pending.pk))
    history = HistoryEvent.objects.get(enrollment=pending.enrollment, action="handover.approved")
    assert history.detail["from_unit"] == world.unit.pk
    assert history.detail["to_unit"] == receiving.unit.pk


def test_starting_is_audited_at_the_sending_unit(world, pending):
    event = AccessEvent.objects.get(action="care.handover_start")
    assert (event.unit, event.actor, event.actor_role) == (
        world.unit,
        world.practitioner,
        Role.PRACTITIONER,
    )
    assert HistoryEvent.objects.filter(
        enrollment=pending.enrollment, action="handover.started"
    ).exists()


def _unchanged(pending, world, before):
    enrollment = Enrollment.objects.get(pk=pending.enrollment_id)
    assert enrollment.unit == world.unit
    assert enrollment.practitioner == world.practitioner
    assert _snapshot(enrollment) == before


def test_rejection_moves_nothing_and_tells_the_sender_why(world, receiving, pending):
    fill(pending.enrollment, 2)
    before = _snapshot(pending.enrollment)
    service.reject_handover(
        actor=receiving.citizen_admin, handover=pending, reason="Ingen plats just nu"
    )
    _unchanged(pending, world, before)
    pending.refresh_from_db()
    assert (pending.status, pending.reason) == (Handover.Status.REJECTED, "Ingen plats just nu")
    history = HistoryEvent.objects.get(enrollment=pending.enrollment, action="handover.rejected")
    assert history.detail["reason"] == "Ingen plats just nu"
    event = AccessEvent.objects.get(action="care.handover_reject")
    assert (event.unit, event.actor_role) == (receiving.unit, Role.CITIZEN_ADMIN)


def test_a_rejection_needs_a_reason(world, receiving, pending):
    with pytest.raises(ValidationError) as error:
        service.reject_handover(actor=receiving.citizen_admin, handover=pending, reason="  ")
    assert "reason" in error.value.error_dict
    pending.refresh_from_db()
    assert pending.is_pending


def test_withdrawal_moves_nothing(world, receiving, pending):
    fill(pending.enrollment, 2)
    before = _snapshot(pending.enrollment)
    service.withdraw_handover(actor=world.practitioner, handover=pending)
    _unchanged(pending, world, before)
    pending.refresh_from_db()
    assert pending.status == Handover.Status.WITHDRAWN
    assert HistoryEvent.objects.filter(
        enrollment=pending.enrollment, action="handover.withdrawn"
    ).exists()
    event = AccessEvent.objects.get(action="care.handover_withdraw")
    assert (event.unit, event.actor_role) == (world.unit, Role.PRACTITIONER)


def test_a_decided_handover_cannot_be_decided_again(world, receiving, pending):
    service.withdraw_handover(actor=world.practitioner, handover=pending)
    with pytest.raises(ValidationError) as error:
        service.approve_handover(
            actor=receiving.citizen_admin, handover=pending, practitioner=receiving.practitioner
        )
    assert error.value.code == "not_pending"
    assert Enrollment.objects.get(pk=pending.enrollment_id).unit == world.unit


def test_after_withdrawal_a_new_handover_may_start(world, receiving, pending):
    service.withdraw_handover(actor=world.practitioner, handover=pending)
    again = service.start_handover(
        actor=world.practitioner,
        enrollment=pending.enrollment,
        to_unit=receiving.unit,
        consent=True,
    )
    assert again.is_pending


def test_the_new_practitioner_must_work_at_the_receiving_unit(world, receiving, pending):
    with pytest.raises(ValidationError):
        service.approve_handover(
            actor=receiving.citizen_admin, handover=pending, practitioner=world.practitioner
        )
    assert Enrollment.objects.get(pk=pending.enrollment_id).unit == world.unit


def test_approval_is_refused_if_the_receiver_deactivated_the_program_meanwhile(
    world, receiving, pending
):
    UnitActivation.objects.filter(unit=receiving.unit).update(deactivated_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        service.approve_handover(
            actor=receiving.citizen_admin, handover=pending, practitioner=receiving.practitioner
        )
    assert error.value.error_dict["unit"][0].code == "program_not_active"
    assert Enrollment.objects.get(pk=pending.enrollment_id).unit == world.unit


def test_a_closed_enrollment_cannot_be_handed_over(world, receiving, enrollment):
    from django.core.exceptions import PermissionDenied

    Enrollment.objects.filter(pk=enrollment.pk).update(phase="closed")
    enrollment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        service.start_handover(
            actor=world.practitioner, enrollment=enrollment, to_unit=receiving.unit, consent=True
        )


def test_what_to_handle_first_is_counted(world, enrollment):
    fill(enrollment, 2)
    unfinished = service.unfinished_work(enrollment)
    assert unfinished.open_flags >= 2
    assert unfinished.waiting_feedback == 1
    assert unfinished.any


def test_the_incoming_list_shows_pending_handovers_to_the_unit_only(world, receiving, pending):
    assert list(service.incoming_handovers(receiving.unit, receiving.citizen_admin)) == [pending]
    assert list(service.incoming_handovers(world.unit, receiving.citizen_admin)) == []
    assert service.incoming_count(receiving.unit, receiving.citizen_admin) == 1


def test_an_enrollment_closed_while_pending_is_not_taken_over(world, receiving, pending):
    from stegvis.care.services.enrollment import change_phase

    change_phase(
        actor=world.practitioner, enrollment=pending.enrollment, phase="closed", reason="Klar"
    )
    with pytest.raises(ValidationError) as error:
        service.approve_handover(
            actor=receiving.citizen_admin, handover=pending, practitioner=receiving.practitioner
        )
    assert error.value.code == "closed"
    assert Enrollment.objects.get(pk=pending.enrollment_id).unit == world.unit


def test_approval_moves_the_enrollments_notifications_to_the_receiving_unit(
    world, receiving, pending
):
    enrollment = pending.enrollment
    notice = NotificationFactory(enrollment=enrollment)
    service.approve_handover(
        actor=receiving.citizen_admin, handover=pending, practitioner=receiving.practitioner
    )
    notice.refresh_from_db()
    assert notice.unit_id == receiving.unit.pk
