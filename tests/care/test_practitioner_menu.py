"""The arrow menu under Behandlare on Mina and Alla, and the staff's own words in Swedish."""

import pytest
from django.urls import reverse
from django.utils import translation

from stegvis.organisation.models import Role
from tests.factories import StaffFactory, assign


@pytest.fixture
def admin_who_treats(world):
    """A citizen admin who is also a practitioner at the unit (may be offered "Assign to me")."""
    return assign(
        assign(StaffFactory(first_name="Ada", last_name="Admin"), world.unit, Role.PRACTITIONER),
        world.unit,
        Role.CITIZEN_ADMIN,
    )


def _menu_html(response) -> str:
    text = response.content.decode()
    return text[text.index("<details") : text.index("</details>")]


def test_assign_to_me_is_not_offered_to_the_responsible_practitioner(
    world, start, login, admin_who_treats
):
    start(practitioner=admin_who_treats)
    client = login(admin_who_treats)
    for name in ("clinic:my_enrollments", "clinic:unit_enrollments"):
        menu = _menu_html(client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en"))
        assert 'name="practitioner"' in menu
        assert "Tilldela mig" not in menu, name


def test_assign_to_me_is_offered_when_someone_else_is_responsible(
    world, start, login, admin_who_treats
):
    start(practitioner=world.practitioner)
    client = login(admin_who_treats)
    for name in ("clinic:my_enrollments", "clinic:unit_enrollments"):
        response = client.get(reverse(name))
        if "<details" not in response.content.decode():
            continue  # Mina lists only the admin's own and waiting enrollments
        assert "Tilldela mig" in _menu_html(response), name


def test_minas_menu_lists_the_units_practitioners_and_is_styled(
    world, start, login, admin_who_treats
):
    start(practitioner=admin_who_treats)
    response = login(admin_who_treats).get(reverse("clinic:my_enrollments"))
    menu = _menu_html(response)
    assert world.practitioner.get_full_name() in menu
    assert admin_who_treats.get_full_name() in menu
    # The menu's styles and the green confirmation come with the page.
    assert "stegvis/handover.css" in response.content.decode()
    assert 'id="practitioner-confirm"' in response.content.decode()


def test_the_confirmation_page_does_not_offer_assign_to_me_to_the_responsible_one(
    world, start, login, admin_who_treats
):
    enrollment = start(practitioner=admin_who_treats)
    url = reverse("clinic:enrollment_practitioner", args=[enrollment.pk])
    response = login(admin_who_treats).get(url)
    assert response.status_code == 200
    assert "Tilldela mig" not in response.content.decode()


def test_the_handover_action_is_called_overlamna():
    with translation.override("sv"):
        assert translation.gettext("Hand over") == "Överlämna"
        assert translation.gettext("Hand over to another unit").startswith("Överlämna")
