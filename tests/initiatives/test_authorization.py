"""Who may open each initiative page: the unit's staff their unit's, the provider admin all."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.factories import StaffFactory, make_provider_admin

OK, DENIED, NOT_FOUND, LOGIN = "ok", "denied", "not_found", "login"
AT_UNIT = {"practitioner", "citizen_admin", "access_admin", "data_admin", "designer"}
ELSEWHERE = {"other_unit_practitioner", "foreign_staff"}
EXTRA = ["foreign_provider_admin"]


def _outcome(response) -> str:
    if response.status_code in (200, 204):
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code == 302 and response["Location"] == reverse("clinic:workplace"):
        return DENIED
    if response.status_code == 302:
        return OK  # an action done, sent back to the page
    if response.status_code == 403:
        return DENIED
    raise AssertionError(f"unexpected status {response.status_code}")


def _unit_page(persona: str, *, elsewhere: str = OK) -> str:
    if persona == "anonymous":
        return LOGIN
    if persona in AT_UNIT:
        return OK
    if persona in ELSEWHERE:
        return elsewhere
    return DENIED


def _detail(persona: str) -> str:
    if persona == "provider_admin":
        return OK
    if persona == "foreign_provider_admin":
        return NOT_FOUND
    return _unit_page(persona, elsewhere=NOT_FOUND)


def _admin(persona: str) -> str:
    if persona == "anonymous":
        return LOGIN
    if persona in ("provider_admin", "foreign_provider_admin"):
        return OK  # another provider's admin sees their own (empty) list
    return DENIED


def _admin_object(persona: str) -> str:
    if persona == "foreign_provider_admin":
        return NOT_FOUND
    return _admin(persona)


def _file(i):
    return reverse("clinic:initiative_attachment", args=[i.pk, i.attachments.get().pk])


# name: (method, url builder, expected(persona))
PAGES = {
    "list": ("get", lambda i: reverse("clinic:initiatives"), _unit_page),
    "create": ("get", lambda i: reverse("clinic:initiative_create"), _unit_page),
    "detail": ("get", lambda i: reverse("clinic:initiative", args=[i.pk]), _detail),
    "attachment": ("get", _file, _detail),
    "complement": (
        "post",
        lambda i: reverse("clinic:initiative_complement", args=[i.pk]),
        lambda p: _unit_page(p, elsewhere=NOT_FOUND),
    ),
    "review": ("get", lambda i: reverse("clinic:initiative_review"), _admin),
    "decide": ("post", lambda i: reverse("clinic:initiative_decide", args=[i.pk]), _admin_object),
    "link": ("post", lambda i: reverse("clinic:initiative_link", args=[i.pk]), _admin_object),
    "pdf": ("get", lambda i: reverse("clinic:initiative_pdf", args=[i.pk]), _admin_object),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS + EXTRA)
def test_who_may_open_each_initiative_page(world, login, initiative, page, persona):
    if persona == "foreign_provider_admin":
        user = make_provider_admin(StaffFactory(), world.other_provider)
    else:
        user = world.persona(persona)
    method, build, expected = PAGES[page]
    client = login(user)
    response = getattr(client, method)(build(initiative))
    assert _outcome(response) == expected(persona)
