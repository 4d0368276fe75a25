"""Who may open each relatives URL, staff side and portal side, and who may not.

Staff pages: practitioners and citizen admins at the enrollment's unit; another unit's or
provider's staff get "not found"; roles without care work, citizens and relatives are refused;
anonymous users are sent to sign in. Portal pages: only a relative with an active grant to the
enrollment; the citizen themselves, other citizens, another enrollment's relative and a removed
relative get "not found"; staff are refused.
"""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.relatives.conftest import RELATIVE_PERSONAS

OK, DENIED, NOT_FOUND, LOGIN = "ok", "denied", "not_found", "login"
ALL = PERSONAS + RELATIVE_PERSONAS
TREATING = {"practitioner", "citizen_admin"}
OTHER_UNITS = {"other_unit_practitioner", "foreign_staff"}
STAFF = {
    "practitioner",
    "other_unit_practitioner",
    "citizen_admin",
    "access_admin",
    "data_admin",
    "provider_admin",
    "designer",
    "foreign_staff",
    "inactivated_staff",
}


def outcome(response) -> str:
    if response.status_code in (200, 400):
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code in (302, 403):
        return DENIED
    raise AssertionError(f"unexpected status {response.status_code}")


def staff_expectation(persona: str) -> str:
    if persona == "anonymous":
        return LOGIN
    if persona in TREATING:
        return OK
    if persona in OTHER_UNITS:
        return NOT_FOUND
    return DENIED


def portal_expectation(persona: str) -> str:
    if persona == "anonymous":
        return LOGIN
    if persona == "relative":
        return OK
    if persona in STAFF:
        return DENIED
    return NOT_FOUND


STAFF_GET = {
    "invite": lambda rw: reverse("clinic:relative_invite", args=[rw.enrollment.pk]),
    "grant": lambda rw: reverse("clinic:relative_grant", args=[rw.enrollment.pk, rw.grant.pk]),
}
PORTAL_GET = {
    "following": lambda rw: reverse("portal:following", args=[rw.enrollment.pk]),
    "step": lambda rw: reverse("portal:following_step", args=[rw.enrollment.pk, "intro"]),
    "media": lambda rw: reverse("portal:following_media", args=[rw.enrollment.pk, "pic.png"]),
}


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", list(STAFF_GET))
def test_staff_pages_open_for_care_staff_at_the_enrollments_unit(
    relative_world, login, name, persona
):
    client = login(relative_world.persona(persona))
    response = client.get(STAFF_GET[name](relative_world))
    assert outcome(response) == staff_expectation(persona)


@pytest.mark.parametrize("persona", ALL)
def test_only_care_staff_at_the_unit_may_invite(relative_world, login, persona):
    client = login(relative_world.persona(persona))
    url = reverse("clinic:relative_invite", args=[relative_world.enrollment.pk])
    response = client.post(url, {"personnummer": "nonsense", "relation": "relative"})
    assert outcome(response) == staff_expectation(persona)


@pytest.mark.parametrize("persona", ALL)
def test_only_care_staff_at_the_unit_may_change_a_grant(relative_world, login, persona):
    grant = relative_world.grant
    client = login(relative_world.persona(persona))
    url = reverse("clinic:relative_grant", args=[relative_world.enrollment.pk, grant.pk])
    response = client.post(url, {"module_keys": ["m1", "m2"]})
    expected = staff_expectation(persona)
    if expected == OK:
        assert response.status_code == 302
    else:
        assert outcome(response) == expected
        grant.refresh_from_db()
        assert grant.may_message and grant.module_keys == ["m1"]


@pytest.mark.parametrize("persona", ALL)
def test_only_care_staff_at_the_unit_may_remove_a_relative(relative_world, login, persona):
    grant = relative_world.grant
    client = login(relative_world.persona(persona))
    url = reverse("clinic:relative_end", args=[relative_world.enrollment.pk, grant.pk])
    response = client.post(url)
    grant.refresh_from_db()
    if staff_expectation(persona) == OK:
        assert response.status_code == 302
        assert grant.ended_at is not None
    else:
        assert outcome(response) == staff_expectation(persona)
        assert grant.ended_at is None


def test_a_grant_of_another_enrollment_is_not_found_through_this_one(relative_world, login):
    client = login(relative_world.world.practitioner)
    rw = relative_world
    url = reverse("clinic:relative_grant", args=[rw.enrollment.pk, rw.other_grant.pk])
    assert client.get(url).status_code == 404
    end = reverse("clinic:relative_end", args=[rw.enrollment.pk, rw.other_grant.pk])
    assert client.post(end).status_code == 404
    rw.other_grant.refresh_from_db()
    assert rw.other_grant.ended_at is None


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", list(PORTAL_GET))
def test_portal_pages_open_only_for_a_relative_with_an_active_grant(
    relative_world, login, name, persona
):
    client = login(relative_world.persona(persona))
    response = client.get(PORTAL_GET[name](relative_world))
    assert outcome(response) == portal_expectation(persona)


def test_an_inactivated_relative_account_is_refused(relative_world, login):
    client = login(relative_world.relative)
    relative_world.relative.is_active = False
    relative_world.relative.save(update_fields=["is_active"])
    response = client.get(PORTAL_GET["following"](relative_world))
    assert response.status_code in (302, 403, 404)
