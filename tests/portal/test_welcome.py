"""The portal greets the person by first name, never by a role or with a dangling comma."""

from django.urls import reverse


def test_the_citizen_is_greeted_by_first_name(world, login):
    world.citizen.first_name = "Alva"
    world.citizen.save(update_fields=["first_name"])
    page = login(world.citizen).get(reverse("portal:home")).content.decode()
    assert "<h1>Välkommen, Alva</h1>" in page


def test_without_a_first_name_the_greeting_has_no_dangling_comma(world, login):
    world.citizen.first_name = ""
    world.citizen.save(update_fields=["first_name"])
    page = login(world.citizen).get(reverse("portal:home")).content.decode()
    assert "<h1>Välkommen</h1>" in page
