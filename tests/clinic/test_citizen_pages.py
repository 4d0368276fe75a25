"""Finding and registering citizens at the unit, with personnummer never in a URL."""

from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.organisation.models import Citizen
from tests.portal.fixtures import make_enrollment, make_release


def test_find_a_citizen_then_see_the_profile(world, login):
    # The practitioner's unit has the citizen in care (ADR 0008: else no profile is shown).
    make_enrollment(world.citizen, world.unit, make_release(world.provider, world.unit))
    client = login(world.practitioner)
    response = client.post(
        reverse("clinic:citizens"), {"personnummer": world.citizen.personnummer_display}
    )
    assert response.status_code == 302
    assert world.citizen.personnummer not in response["Location"]
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert world.citizen.personnummer_display in detail.text
    actions = list(
        AccessEvent.objects.filter(actor=world.practitioner).values_list("action", flat=True)
    )
    assert sorted(actions) == ["citizen.lookup", "citizen.view"]


def test_an_invalid_personnummer_gets_a_message(world, login):
    response = login(world.practitioner).post(
        reverse("clinic:citizens"), {"personnummer": "19121212-1213"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["personnummer"]


def test_an_unknown_citizen_gets_a_message(world, login):
    response = login(world.practitioner).post(
        reverse("clinic:citizens"), {"personnummer": "19121212-1212"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["personnummer"]


def test_register_a_citizen_from_the_page(world, login):
    response = login(world.citizen_admin).post(
        reverse("clinic:citizen_register"),
        {"personnummer": "19121212-1212", "first_name": "Tolvan", "last_name": "Tolvansson"},
    )
    citizen = Citizen.objects.get(personnummer="191212121212")
    assert response["Location"] == reverse("clinic:citizen_detail", args=[citizen.pk])


def test_registering_a_known_citizen_keeps_the_form(world, login):
    response = login(world.citizen_admin).post(
        reverse("clinic:citizen_register"),
        {"personnummer": world.citizen.personnummer, "first_name": "A", "last_name": "B"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["form"]["first_name"].value() == "A"


def test_a_citizen_found_at_one_unit_is_not_open_from_another_session(world, login):
    client = login(world.practitioner)
    client.post(reverse("clinic:citizens"), {"personnummer": world.citizen.personnummer})
    other = login(world.other_unit_practitioner)
    url = reverse("clinic:citizen_detail", args=[world.citizen.pk])
    assert other.get(url).status_code == 404
