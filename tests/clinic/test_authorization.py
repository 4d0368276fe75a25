"""Who may open each staff and citizen page, and who may not (every persona, every URL)."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS

OK, DENIED, NOT_FOUND, LOGIN = "ok", "denied", "not_found", "login"


def _outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code in (302, 403):
        # 403, or a redirect away from the page (e.g. "choose a unit first").
        return DENIED
    raise AssertionError(f"unexpected status {response.status_code}")


def _expect(allowed: set[str], *, elsewhere: str = DENIED, overrides: dict | None = None):
    expected = {}
    for persona in PERSONAS:
        if persona == "anonymous":
            expected[persona] = LOGIN
        elif persona in allowed:
            expected[persona] = OK
        else:
            expected[persona] = DENIED
    expected.update(overrides or {})
    return expected


STAFF_WITH_ROLES = {
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

PAGES = {
    # name: (url builder, expected outcome per persona)
    "start": (lambda w: reverse("clinic:start"), _expect(STAFF_WITH_ROLES)),
    "workplace": (lambda w: reverse("clinic:workplace"), _expect(STAFF_WITH_ROLES)),
    "staff": (lambda w: reverse("clinic:staff"), _expect({"access_admin", "foreign_staff"})),
    "staff_detail": (
        lambda w: reverse("clinic:staff_detail", args=[w.practitioner.pk]),
        # The foreign access admin may not look at another provider's staff.
        _expect({"access_admin"}, overrides={"foreign_staff": NOT_FOUND}),
    ),
    "units": (lambda w: reverse("clinic:units"), _expect({"provider_admin"})),
    "unit_detail": (
        lambda w: reverse("clinic:unit_detail", args=[w.unit.pk]),
        _expect({"provider_admin"}),
    ),
    "foreign_unit_detail": (
        lambda w: reverse("clinic:unit_detail", args=[w.foreign_unit.pk]),
        _expect(set(), overrides={"provider_admin": NOT_FOUND}),
    ),
    "citizens": (
        lambda w: reverse("clinic:citizens"),
        _expect({"practitioner", "other_unit_practitioner", "citizen_admin", "foreign_staff"}),
    ),
    "citizen_register": (
        lambda w: reverse("clinic:citizen_register"),
        _expect({"citizen_admin", "foreign_staff"}),
    ),
    "portal": (lambda w: reverse("portal:home"), _expect({"citizen", "other_citizen"})),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(PAGES))
def test_page_access(world, login, page, persona):
    url_for, expected = PAGES[page]
    client = login(world.persona(persona))
    assert _outcome(client.get(url_for(world))) == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_citizen_detail_opens_only_after_a_lookup_by_staff_who_may_find(world, login, persona):
    client = login(world.persona(persona))
    url = reverse("clinic:citizen_detail", args=[world.citizen.pk])
    outcome = _outcome(client.get(url))
    if persona == "anonymous":
        assert outcome == LOGIN
    elif persona in {"practitioner", "other_unit_practitioner", "citizen_admin", "foreign_staff"}:
        # Allowed to find citizens, but the page needs a lookup in this session first.
        assert outcome == NOT_FOUND
    else:
        assert outcome == DENIED


@pytest.mark.parametrize(
    "persona", ["practitioner", "citizen_admin", "data_admin", "designer", "foreign_staff"]
)
def test_only_the_units_access_admin_may_inactivate_a_grant(world, login, persona):
    from stegvis.organisation.models import RoleGrant

    grant = RoleGrant.objects.get(staff=world.practitioner)
    client = login(world.persona(persona))
    response = client.post(reverse("clinic:grant_inactivate", args=[grant.pk]))
    assert response.status_code in (403, 404)
    grant.refresh_from_db()
    assert grant.is_active


@pytest.mark.parametrize("persona", ["access_admin", "practitioner", "foreign_staff", "citizen"])
def test_only_the_provider_admin_may_deactivate_a_unit(world, login, persona):
    client = login(world.persona(persona))
    response = client.post(reverse("clinic:unit_deactivate", args=[world.unit.pk]))
    assert response.status_code in (302, 403, 404)
    world.unit.refresh_from_db()
    assert world.unit.is_active


def test_staff_without_mfa_are_sent_to_set_it_up(world, login):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.practitioner).delete()
    response = login(world.practitioner).get(reverse("clinic:start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
