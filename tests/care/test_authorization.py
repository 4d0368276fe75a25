"""Who may open and use each care page of the staff portal, and who may not.

Every persona for every URL: staff act from their only unit, so another unit's staff (and
another provider's) get "not found" for this unit's enrollment, and see only their own unit's
lists; roles without care work (data admin, access admin, designer) are refused; citizens are
refused; the inactivated staff member has no workplace; anonymous users are sent to sign in.
"""

import pytest
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from tests.conftest import PERSONAS
from tests.factories import FeedbackFactory, FlagFactory

OK, DENIED, NOT_FOUND, LOGIN = "ok", "denied", "not_found", "login"
TREATING = {"practitioner", "citizen_admin"}
OTHER_UNITS = {"other_unit_practitioner", "foreign_staff"}


def _outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code in (302, 403):
        return DENIED
    raise AssertionError(f"unexpected status {response.status_code}")


def _expect(allowed: set[str], *, other_units: str) -> dict[str, str]:
    expected = {}
    for persona in PERSONAS:
        if persona == "anonymous":
            expected[persona] = LOGIN
        elif persona in allowed:
            expected[persona] = OK
        elif persona in OTHER_UNITS:
            expected[persona] = other_units
        else:
            expected[persona] = DENIED
    return expected


LISTS = {
    "my_enrollments": lambda e: reverse("clinic:my_enrollments"),
    "unit_enrollments": lambda e: reverse("clinic:unit_enrollments"),
    "enrollment_start": lambda e: reverse("clinic:enrollment_start"),
}
DETAIL = {"enrollment": lambda e: reverse("clinic:enrollment", args=[e.pk])}


@pytest.fixture
def enrollment(world, start):
    return start()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(LISTS))
def test_list_pages_open_for_care_staff_at_their_own_unit(world, login, enrollment, name, persona):
    client = login(world.persona(persona))
    response = client.get(LISTS[name](enrollment))
    expected = _expect(TREATING, other_units=OK)[persona]
    assert _outcome(response) == expected
    if persona in OTHER_UNITS:
        # Their own unit's lists: this unit's citizen never appears.
        assert enrollment.citizen.get_full_name() not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_hantera_opens_only_for_care_staff_at_the_enrollments_unit(
    world, login, enrollment, persona
):
    client = login(world.persona(persona))
    response = client.get(reverse("clinic:enrollment", args=[enrollment.pk]))
    assert _outcome(response) == _expect(TREATING, other_units=NOT_FOUND)[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("part", ["history", "answers", "diary", "results"])
def test_hanteras_sub_pages_open_only_as_hantera_does_and_are_logged(
    world, login, enrollment, part, persona
):
    client = login(world.persona(persona))
    response = client.get(reverse(f"clinic:enrollment_{part}", args=[enrollment.pk]))
    outcome = _outcome(response)
    assert outcome == _expect(TREATING, other_units=NOT_FOUND)[persona]
    logged = AccessEvent.objects.filter(
        action="enrollment.view", enrollment_id=enrollment.pk, actor=world.persona(persona)
    ).exists()
    assert logged == (outcome == OK)


def _post_urls(world, enrollment):
    flag = FlagFactory(enrollment=enrollment)
    feedback = FeedbackFactory(enrollment=enrollment)
    return {
        "module": (
            reverse("clinic:enrollment_module", args=[enrollment.pk]),
            {"module": "relapse", "action": "open"},
            {"practitioner"},
        ),
        "acknowledge": (
            reverse("clinic:enrollment_flag_acknowledge", args=[enrollment.pk, flag.pk]),
            {},
            {"practitioner"},
        ),
        "feedback": (
            reverse("clinic:enrollment_feedback", args=[enrollment.pk, feedback.pk]),
            {f"feedback-{feedback.pk}-response": "Bra jobbat"},
            {"practitioner"},
        ),
        "phase": (
            reverse("clinic:enrollment_phase", args=[enrollment.pk]),
            {"phase-phase": "maintenance", "phase-reason": "Mår bättre"},
            TREATING,
        ),
        "assign": (
            reverse("clinic:enrollment_assign", args=[enrollment.pk]),
            {"assign-practitioner": world.practitioner.pk},
            {"citizen_admin"},
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", ["module", "acknowledge", "feedback", "phase", "assign"])
def test_actions_are_allowed_only_to_the_right_role_at_the_unit(
    world, login, enrollment, persona, action
):
    url, data, allowed = _post_urls(world, enrollment)[action]
    client = login(world.persona(persona))
    response = client.post(url, data)
    expected = _expect(allowed, other_units=NOT_FOUND)[persona]
    if expected == OK:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == reverse("clinic:enrollment", args=[enrollment.pk])
    else:
        assert _outcome(response) == expected


@pytest.mark.parametrize("name", ["enrollment_module", "enrollment_phase", "enrollment_assign"])
def test_actions_refuse_get(world, login, enrollment, name):
    response = login(world.practitioner).get(reverse(f"clinic:{name}", args=[enrollment.pk]))
    assert response.status_code == 405


def test_an_inactivated_role_no_longer_opens_hantera(world, login, enrollment):
    from django.utils import timezone

    from stegvis.organisation.models import RoleGrant

    client = login(world.practitioner)
    assert client.get(reverse("clinic:enrollment", args=[enrollment.pk])).status_code == 200
    RoleGrant.objects.filter(staff=world.practitioner).update(inactivated_at=timezone.now())
    response = client.get(reverse("clinic:enrollment", args=[enrollment.pk]))
    assert _outcome(response) == DENIED
