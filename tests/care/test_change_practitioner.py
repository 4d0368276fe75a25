"""Byt behandlare from Alla: who may change the responsible practitioner, and what happens."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.care.models import Enrollment, HistoryEvent, Phase
from stegvis.care.services.enrollment import change_phase
from stegvis.care.services.reassign import change_practitioner
from stegvis.organisation.models import Role
from tests.factories import StaffFactory, assign

ALLOWED = {"citizen_admin"}
PERSONAS = [
    "anonymous",
    "citizen",
    "other_citizen",
    "practitioner",
    "other_unit_practitioner",
    "citizen_admin",
    "access_admin",
    "data_admin",
    "foreign_staff",
    "inactivated_staff",
]


@pytest.fixture
def enrollment(start):
    return start()


@pytest.fixture
def colleague(world):
    return assign(StaffFactory(first_name="Kollega"), world.unit, Role.PRACTITIONER)


def _refused(response) -> bool:
    if response.status_code == 302:
        return "/accounts/login/" in response["Location"] or "/workplace/" in response["Location"]
    return response.status_code in (403, 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_units_citizen_admin_may_change_the_practitioner(
    world, enrollment, colleague, login, persona
):
    client = login(world.persona(persona))
    url = reverse("clinic:enrollment_practitioner", args=[enrollment.pk])
    shown = client.get(url, {"practitioner": colleague.pk})
    response = client.post(url, {"practitioner": colleague.pk})
    enrollment.refresh_from_db()
    if persona in ALLOWED:
        assert shown.status_code == 200
        assert response.status_code == 302
        assert response["Location"] == reverse("clinic:unit_enrollments")
        assert enrollment.practitioner == colleague
    else:
        assert _refused(shown), shown.status_code
        assert _refused(response), response.status_code
        assert enrollment.practitioner == world.practitioner


@mock.patch("stegvis.care.services.enrollment.notify")
def test_the_change_is_audited_recorded_and_the_citizen_told(notify, world, enrollment, colleague):
    change_practitioner(actor=world.citizen_admin, enrollment=enrollment, practitioner=colleague)
    event = AccessEvent.objects.filter(action="care.enrollment_assign").latest("sequence")
    assert (event.actor, event.unit, event.actor_role) == (
        world.citizen_admin,
        world.unit,
        Role.CITIZEN_ADMIN,
    )
    history = HistoryEvent.objects.get(enrollment=enrollment, action="enrollment.assigned")
    assert history.detail == {"practitioner": colleague.pk, "previous": world.practitioner.pk}
    notify.assert_called_once()
    kind = notify.call_args.args[1]
    assert kind == "practitioner_changed"
    key = notify.call_args.kwargs["key"]
    assert key.startswith(f"practitioner:{enrollment.pk}:{colleague.pk}:")


@pytest.mark.parametrize("phase", [Phase.MAINTENANCE])
def test_it_works_in_the_maintenance_phase(world, enrollment, colleague, phase):
    change_phase(actor=world.practitioner, enrollment=enrollment, phase=phase, reason="Bättre")
    change_practitioner(actor=world.citizen_admin, enrollment=enrollment, practitioner=colleague)
    assert Enrollment.objects.get(pk=enrollment.pk).practitioner == colleague


def test_it_works_for_a_queued_enrollment_and_starts_treatment(world, enrollment, colleague):
    Enrollment.objects.filter(pk=enrollment.pk).update(phase=Phase.QUEUED)
    enrollment.refresh_from_db()
    change_practitioner(actor=world.citizen_admin, enrollment=enrollment, practitioner=colleague)
    enrollment.refresh_from_db()
    assert (enrollment.practitioner, enrollment.phase) == (colleague, Phase.TREATMENT)


# Closed enrollments: Byt behandlare works in every phase (tests/care/test_flow_rules.py).


def test_the_practitioner_must_work_at_the_unit(world, enrollment):
    with pytest.raises(ValidationError):
        change_practitioner(
            actor=world.citizen_admin,
            enrollment=enrollment,
            practitioner=world.other_unit_practitioner,
        )


def test_choosing_the_current_practitioner_is_refused_with_a_message(world, enrollment, login):
    client = login(world.citizen_admin)
    url = reverse("clinic:enrollment_practitioner", args=[enrollment.pk])
    response = client.post(url, {"practitioner": world.practitioner.pk})
    assert response.status_code == 400
    assert "already" in response.content.decode() or "redan" in response.content.decode()


def test_assign_to_me_is_offered_to_a_citizen_admin_who_also_treats_there(world, enrollment, login):
    assert not world.citizen_admin.has_perm("care.assign_to_self", enrollment)
    both = assign(StaffFactory(), world.unit, Role.CITIZEN_ADMIN, Role.PRACTITIONER)
    assert both.has_perm("care.assign_to_self", enrollment)
    client = login(both)
    response = client.post(
        reverse("clinic:enrollment_practitioner", args=[enrollment.pk]), {"practitioner": both.pk}
    )
    assert response.status_code == 302
    assert Enrollment.objects.get(pk=enrollment.pk).practitioner == both


def test_alla_shows_the_arrow_menu_to_citizen_admins_only(world, enrollment, login):
    url = reverse("clinic:unit_enrollments")
    menu = reverse("clinic:enrollment_practitioner", args=[enrollment.pk])
    assert menu in login(world.citizen_admin).get(url).content.decode()
    assert menu not in login(world.practitioner).get(url).content.decode()


def test_alla_runs_a_constant_number_of_queries_with_the_menu(world, start, login):
    from tests.factories import CitizenFactory
    from tests.plugins.queries import assert_page_queries

    start()
    client = login(world.citizen_admin)
    url = reverse("clinic:unit_enrollments")

    def grow():
        for _ in range(6):
            start(citizen=CitizenFactory())

    # As tests/care/test_query_counts.py's Alla: the page's ids, then its rows with their counts.
    # Plus the unit's groups (the filter) and the rows' groups (one prefetch).
    assert_page_queries(client, url, 17, grow=grow)
