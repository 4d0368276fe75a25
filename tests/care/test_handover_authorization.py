"""Who may start, withdraw, approve and reject a handover, and open its pages; who may not.

The sending side is the enrollment's unit (world.unit): its practitioners start and withdraw.
The receiving side is world.other_unit: its citizen admins list, open, approve and reject.
Everyone else is refused: the receiving unit's practitioner, a citizen admin at a third unit,
another provider's staff, inactivated staff, citizens and anonymous users (sent to sign in).
"""

import pytest
from django.urls import reverse

from stegvis.care.models import Enrollment, Handover
from tests.care import handover_fixtures

enrollment = handover_fixtures.enrollment
pending = handover_fixtures.pending
receiving = handover_fixtures.receiving

SENDING_ONLY = {"practitioner"}
PERSONAS = [
    "anonymous",
    "citizen",
    "practitioner",
    "citizen_admin",
    "other_unit_practitioner",
    "receiving_citizen_admin",
    "third_unit_citizen_admin",
    "foreign_staff",
    "inactivated_staff",
    "data_admin",
]


def _persona(world, receiving, name):
    if name == "receiving_citizen_admin":
        return receiving.citizen_admin
    if name == "third_unit_citizen_admin":
        return receiving.third_unit_citizen_admin
    return world.persona(name)


def _refused(response) -> bool:
    if response.status_code == 302:
        return "/accounts/login/" in response["Location"] or "/workplace/" in response["Location"]
    return response.status_code in (403, 404)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("step", ["handover_start", "handover_unit"])
def test_only_the_sending_units_practitioner_opens_the_handover_steps(
    world, receiving, enrollment, login, persona, step
):
    client = login(_persona(world, receiving, persona))
    response = client.get(reverse(f"clinic:{step}", args=[enrollment.pk]))
    if persona in SENDING_ONLY:
        assert response.status_code == 200
    else:
        assert _refused(response), response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_sending_units_practitioner_may_start(
    world, receiving, enrollment, login, persona
):
    client = login(_persona(world, receiving, persona))
    url = reverse("clinic:handover_confirm", args=[enrollment.pk, receiving.unit.pk])
    response = client.post(url, {"consent": "on"})
    if persona in SENDING_ONLY:
        assert response.status_code == 302
        assert response["Location"] == reverse("clinic:enrollment", args=[enrollment.pk])
        assert Handover.objects.get().is_pending
    else:
        assert _refused(response), response.status_code
        assert not Handover.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_sending_units_practitioner_may_withdraw(
    world, receiving, pending, login, persona
):
    client = login(_persona(world, receiving, persona))
    response = client.post(reverse("clinic:handover_withdraw", args=[pending.enrollment_id]))
    pending.refresh_from_db()
    if persona in SENDING_ONLY:
        assert response.status_code == 302
        assert pending.status == Handover.Status.WITHDRAWN
    else:
        assert _refused(response), response.status_code
        assert pending.is_pending


RECEIVING_ONLY = {"receiving_citizen_admin"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["list", "detail"])
def test_only_the_receiving_units_citizen_admin_sees_incoming_handovers(
    world, receiving, pending, login, persona, page
):
    client = login(_persona(world, receiving, persona))
    if page == "list":
        url = reverse("clinic:handovers_incoming")
    else:
        url = reverse("clinic:handover_incoming", args=[pending.pk])
    response = client.get(url)
    if persona in RECEIVING_ONLY:
        assert response.status_code == 200
        assert world.citizen.get_full_name() in response.content.decode()
    elif page == "list" and persona in (
        "citizen_admin",
        "third_unit_citizen_admin",
        "foreign_staff",
    ):
        # Citizen admins elsewhere see their own unit's (empty) list, never this one.
        assert response.status_code == 200
        assert world.citizen.get_full_name() not in response.content.decode()
    else:
        assert _refused(response), response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_receiving_units_citizen_admin_may_approve(
    world, receiving, pending, login, persona
):
    client = login(_persona(world, receiving, persona))
    response = client.post(
        reverse("clinic:handover_approve", args=[pending.pk]),
        {"approve-practitioner": receiving.practitioner.pk},
    )
    enrollment = Enrollment.objects.get(pk=pending.enrollment_id)
    if persona in RECEIVING_ONLY:
        assert response.status_code == 302
        assert response["Location"] == reverse("clinic:enrollment", args=[enrollment.pk])
        assert enrollment.unit == receiving.unit
    else:
        assert _refused(response), response.status_code
        assert enrollment.unit == world.unit


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_receiving_units_citizen_admin_may_reject(
    world, receiving, pending, login, persona
):
    client = login(_persona(world, receiving, persona))
    response = client.post(
        reverse("clinic:handover_reject", args=[pending.pk]), {"reject-reason": "Fullt"}
    )
    pending.refresh_from_db()
    if persona in RECEIVING_ONLY:
        assert response.status_code == 302
        assert pending.status == Handover.Status.REJECTED
    else:
        assert _refused(response), response.status_code
        assert pending.is_pending


def test_an_inactivated_citizen_admin_can_no_longer_approve(world, receiving, pending, login):
    from django.utils import timezone

    from stegvis.organisation.models import RoleGrant

    client = login(receiving.citizen_admin)
    RoleGrant.objects.filter(staff=receiving.citizen_admin).update(inactivated_at=timezone.now())
    response = client.post(
        reverse("clinic:handover_approve", args=[pending.pk]),
        {"approve-practitioner": receiving.practitioner.pk},
    )
    assert _refused(response)
    assert Enrollment.objects.get(pk=pending.enrollment_id).unit == world.unit


def test_a_rejection_without_reason_keeps_the_page_and_says_why(world, receiving, pending, login):
    client = login(receiving.citizen_admin)
    response = client.post(reverse("clinic:handover_reject", args=[pending.pk]), {})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.is_pending


def test_choosing_a_unit_without_the_program_is_refused_with_a_message(
    world, release, enrollment, login
):
    client = login(world.practitioner)
    url = reverse("clinic:handover_unit", args=[enrollment.pk])
    response = client.post(url, {"unit": world.other_unit.pk})
    assert response.status_code == 400
    assert "Rehab Test" in response.content.decode()
    assert not Handover.objects.exists()


@pytest.mark.parametrize("unit", ["", "abc", "\u00b2", "1.5", "9" * 5000, "-1"])
def test_a_unit_that_is_not_an_id_is_refused_with_a_message(
    world, receiving, enrollment, login, unit
):
    client = login(world.practitioner)
    url = reverse("clinic:handover_unit", args=[enrollment.pk])
    response = client.post(url, {"unit": unit})
    assert response.status_code == 400
    assert not Handover.objects.exists()


def test_the_consent_box_must_be_ticked(world, receiving, enrollment, login):
    client = login(world.practitioner)
    url = reverse("clinic:handover_confirm", args=[enrollment.pk, receiving.unit.pk])
    response = client.post(url, {})
    assert response.status_code == 400
    assert not Handover.objects.exists()


def test_hantera_shows_the_pending_handover_and_the_withdraw_button(
    world, receiving, pending, login
):
    client = login(world.practitioner)
    response = client.get(reverse("clinic:enrollment", args=[pending.enrollment_id]))
    html = response.content.decode()
    assert receiving.unit.name in html
    assert reverse("clinic:handover_withdraw", args=[pending.enrollment_id]) in html
    start_url = reverse("clinic:handover_start", args=[pending.enrollment_id])
    assert f'href="{start_url}"' not in html
