"""The region's flows, exactly: four eyes on handovers, reopening, maintenance back to
treatment, Byt behandlare in every phase."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stegvis.care.models import Activity, Enrollment, HistoryEvent, Phase
from stegvis.care.services import handover as handovers
from stegvis.care.services.enrollment import change_phase
from stegvis.care.services.program import document_of
from stegvis.care.services.reassign import change_practitioner
from stegvis.organisation.models import Role
from tests.care import handover_fixtures
from tests.factories import StaffFactory, assign

receiving = handover_fixtures.receiving


@pytest.fixture
def enrollment(start):
    return start()


@pytest.fixture
def colleague(world):
    return assign(StaffFactory(first_name="Kollega"), world.unit, Role.PRACTITIONER)


@pytest.fixture
def own_handover(world, receiving, enrollment):
    """world.practitioner is citizen admin at the receiving unit too, and proposes a handover."""
    assign(world.practitioner, receiving.unit, Role.CITIZEN_ADMIN)
    return handovers.start_handover(
        actor=world.practitioner, enrollment=enrollment, to_unit=receiving.unit, consent=True
    )


def _work_at(client, unit):
    client.post(reverse("clinic:workplace"), {"workplace": f"unit:{unit.pk}"})
    return client


# Handover: approval needs another person ------------------------------------------------------


def test_the_rule_refuses_the_one_who_proposed_the_handover(world, receiving, own_handover):
    assert world.practitioner.has_perm("care.decide_handover", own_handover)
    assert not world.practitioner.has_perm("care.approve_handover", own_handover)
    assert receiving.citizen_admin.has_perm("care.approve_handover", own_handover)


def test_the_service_refuses_approving_ones_own_handover_with_a_message(
    world, receiving, own_handover
):
    with pytest.raises(ValidationError) as error:
        handovers.approve_handover(
            actor=world.practitioner, handover=own_handover, practitioner=receiving.practitioner
        )
    assert error.value.code == "own_handover"
    own_handover.refresh_from_db()
    assert own_handover.is_pending
    assert Enrollment.objects.get(pk=own_handover.enrollment_id).unit == world.unit


def test_the_page_says_another_citizen_admin_must_approve(
    world, receiving, own_handover, login, settings
):
    client = _work_at(login(world.practitioner), receiving.unit)
    url = reverse("clinic:handover_incoming", args=[own_handover.pk])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "another citizen admin" in body or "en annan invånaradministratör" in body
    assert reverse("clinic:handover_approve", args=[own_handover.pk]) not in body
    response = client.post(
        reverse("clinic:handover_approve", args=[own_handover.pk]),
        {"approve-practitioner": receiving.practitioner.pk},
    )
    assert response.status_code == 400
    assert Enrollment.objects.get(pk=own_handover.enrollment_id).unit == world.unit


def test_another_citizen_admin_at_the_receiving_unit_approves_it(world, receiving, own_handover):
    handovers.approve_handover(
        actor=receiving.citizen_admin, handover=own_handover, practitioner=receiving.practitioner
    )
    assert Enrollment.objects.get(pk=own_handover.enrollment_id).unit == receiving.unit


# Phases ---------------------------------------------------------------------------------------


def _close(world, enrollment):
    return change_phase(
        actor=world.practitioner, enrollment=enrollment, phase="closed", reason="Klar"
    )


def test_a_citizen_admin_reopens_a_closed_enrollment_with_a_reason(world, enrollment):
    _close(world, enrollment)
    change_phase(
        actor=world.citizen_admin, enrollment=enrollment, phase="treatment", reason="Återfall"
    )
    enrollment.refresh_from_db()
    assert (enrollment.phase, enrollment.closed_at) == (Phase.TREATMENT, None)
    event = HistoryEvent.objects.get(enrollment=enrollment, action="phase.reopened")
    assert event.detail == {"old": "closed", "new": "treatment", "reason": "Återfall"}
    assert event.actor == world.citizen_admin


def test_a_practitioner_may_not_reopen(world, enrollment):
    _close(world, enrollment)
    with pytest.raises(ValidationError) as error:
        change_phase(
            actor=world.practitioner, enrollment=enrollment, phase="treatment", reason="Igen"
        )
    assert error.value.error_dict["phase"][0].code == "reopen_not_allowed"
    assert Enrollment.objects.get(pk=enrollment.pk).phase == Phase.CLOSED


def test_reopening_needs_a_reason(world, enrollment):
    _close(world, enrollment)
    with pytest.raises(ValidationError) as error:
        change_phase(
            actor=world.citizen_admin, enrollment=enrollment, phase="treatment", reason=" "
        )
    assert "reason" in error.value.error_dict


def test_reopening_is_refused_while_another_enrollment_in_the_program_runs(
    world, enrollment, start
):
    _close(world, enrollment)
    start()
    with pytest.raises(ValidationError) as error:
        change_phase(
            actor=world.citizen_admin, enrollment=enrollment, phase="treatment", reason="Igen"
        )
    assert error.value.error_dict["phase"][0].code == "already_enrolled"


def test_reopening_needs_a_practitioner_who_still_works_here(world, enrollment):
    _close(world, enrollment)
    Enrollment.objects.filter(pk=enrollment.pk).update(practitioner=None)
    with pytest.raises(ValidationError) as error:
        change_phase(
            actor=world.citizen_admin, enrollment=enrollment, phase="treatment", reason="Igen"
        )
    assert error.value.error_dict["phase"][0].code == "reopen_needs_practitioner"


def test_the_citizen_admin_reopens_from_hantera(world, enrollment, login):
    _close(world, enrollment)
    client = login(world.citizen_admin)
    url = reverse("clinic:enrollment", args=[enrollment.pk])
    body = client.get(url).content.decode()
    assert "Öppna igen" in body or "Reopen" in body
    response = client.post(
        reverse("clinic:enrollment_phase", args=[enrollment.pk]),
        {"phase-phase": "treatment", "phase-reason": "Återfall"},
    )
    assert response.status_code == 302
    assert Enrollment.objects.get(pk=enrollment.pk).phase == Phase.TREATMENT


def test_the_practitioner_is_not_offered_reopening(world, enrollment, login):
    _close(world, enrollment)
    response = login(world.practitioner).get(reverse("clinic:enrollment", args=[enrollment.pk]))
    assert not response.context["may"]["phase"]


def test_maintenance_returns_to_treatment_and_its_cycle_stops(world, enrollment):
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="maintenance", reason="Bra")
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="treatment", reason="Sämre")
    enrollment.refresh_from_db()
    assert enrollment.phase == Phase.TREATMENT
    assert HistoryEvent.objects.filter(
        enrollment=enrollment, action="phase.changed", detail__new="treatment"
    ).exists()
    cycle = [
        f"schedule:{index}:"
        for index, item in enumerate(document_of(enrollment.release).schedules)
        if item.when == "maintenance"
    ]
    pending = Activity.objects.filter(enrollment=enrollment, done_at__isnull=True)
    assert not [a for a in pending if any(a.key.startswith(prefix) for prefix in cycle)]


def test_treatment_cannot_jump_back_to_queued(world, enrollment):
    with pytest.raises(ValidationError):
        change_phase(actor=world.citizen_admin, enrollment=enrollment, phase="queued", reason="x")


# Byt behandlare in every phase ----------------------------------------------------------------


@pytest.mark.parametrize("phase", [Phase.TREATMENT, Phase.MAINTENANCE, Phase.CLOSED])
def test_byt_behandlare_works_in_every_phase(world, enrollment, colleague, phase):
    if phase != Phase.TREATMENT:
        change_phase(actor=world.practitioner, enrollment=enrollment, phase=phase, reason="Steg")
    enrollment.refresh_from_db()
    change_practitioner(actor=world.citizen_admin, enrollment=enrollment, practitioner=colleague)
    enrollment.refresh_from_db()
    assert (enrollment.practitioner, enrollment.phase) == (colleague, phase)


def test_byt_behandlare_from_alla_works_for_a_closed_enrollment(
    world, enrollment, colleague, login
):
    _close(world, enrollment)
    url = reverse("clinic:enrollment_practitioner", args=[enrollment.pk])
    response = login(world.citizen_admin).post(url, {"practitioner": colleague.pk})
    assert response.status_code == 302
    assert Enrollment.objects.get(pk=enrollment.pk).practitioner == colleague


def test_a_practitioner_still_cannot_reassign_a_closed_enrollment(
    world, enrollment, colleague, login
):
    _close(world, enrollment)
    url = reverse("clinic:enrollment_practitioner", args=[enrollment.pk])
    response = login(world.practitioner).post(url, {"practitioner": colleague.pk})
    assert response.status_code == 403


def test_hantera_offers_byt_behandlare_for_a_closed_enrollment(world, enrollment, login):
    _close(world, enrollment)
    response = login(world.citizen_admin).get(reverse("clinic:enrollment", args=[enrollment.pk]))
    assert response.context["may"]["assign"]
    assert response.context["assign_form"] is not None
