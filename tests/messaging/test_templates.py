"""A unit's message templates: managed by practitioners and citizen admins, picked when writing,
with {förnamn}/{first_name} and {behandlare}/{practitioner} filled in."""

import pytest
from django.urls import reverse

from stegvis.messaging import placeholders
from stegvis.messaging.models import MessageTemplate
from tests.factories import MessageTemplateFactory, StaffFactory


def _template(world, unit=None, title="Välkommen", body="Hej {förnamn}! Hälsningar {behandlare}"):
    return MessageTemplateFactory(
        unit=unit or world.unit, title=title, body=body, created_by=world.practitioner
    )


@pytest.mark.parametrize(
    ("text", "filled"),
    [
        ("Hej {förnamn}!", "Hej Tolvan!"),
        ("Hej {first_name}!", "Hej Tolvan!"),
        ("Hej {FÖRNAMN}!", "Hej Tolvan!"),
        ("/{behandlare}, {practitioner}", "/Anna Berg, Anna Berg"),
        ("{okänd} och {} och {{förnamn}}", "{okänd} och {} och {Tolvan}"),
    ],
)
def test_placeholders_are_filled(text, filled):
    assert placeholders.fill(text, first_name="Tolvan", practitioner="Anna Berg") == filled


def test_unknown_placeholders_are_found():
    assert placeholders.unknown_in("{förnamn} {fornamn} {x} {x} {behandlare}") == ["fornamn", "x"]


@pytest.mark.parametrize("persona", ["practitioner", "citizen_admin"])
def test_practitioners_and_citizen_admins_add_a_template(world, login, persona):
    client = login(getattr(world, persona))
    response = client.post(
        reverse("clinic:message_templates"),
        {"title": "Påminnelse", "body": "Hej {förnamn}, glöm inte modulen."},
    )
    assert response.status_code == 302
    template = MessageTemplate.objects.get(unit=world.unit)
    assert template.title == "Påminnelse"
    assert template.created_by == getattr(world, persona)


def test_an_unknown_placeholder_is_refused_and_the_text_kept(world, login):
    client = login(world.practitioner)
    response = client.post(
        reverse("clinic:message_templates"), {"title": "Fel", "body": "Hej {namn}, välkommen"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "{namn}" in html
    assert "Hej {namn}, välkommen" in html
    assert not MessageTemplate.objects.exists()


def test_a_title_is_unique_within_the_unit(world, login):
    _template(world)
    response = login(world.practitioner).post(
        reverse("clinic:message_templates"), {"title": "Välkommen", "body": "Igen"}
    )
    assert response.status_code == 400
    assert MessageTemplate.objects.count() == 1
    # Another unit may use the same title.
    _template(world, unit=world.other_unit)


def test_a_template_is_edited_and_removed(world, login):
    template = _template(world)
    client = login(world.citizen_admin)
    url = reverse("clinic:message_template", args=[template.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Välkommen!", "body": "Hej {first_name}"})
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.title, template.body, template.updated_by) == (
        "Välkommen!",
        "Hej {first_name}",
        world.citizen_admin,
    )
    client.post(reverse("clinic:message_template_delete", args=[template.pk]))
    assert not MessageTemplate.objects.exists()


def test_a_practitioner_picks_a_template_and_gets_it_filled_in(world, login, enrollment):
    template = _template(world)
    world.practitioner.first_name, world.practitioner.last_name = "Anna", "Berg"
    world.practitioner.save()
    client = login(world.practitioner)
    url = reverse("clinic:messages", args=[enrollment.pk])
    response = client.get(url, {"template": template.pk})
    assert response.status_code == 200
    assert "Hej Tolvan! Hälsningar Anna Berg" in response.content.decode()
    # Nothing is sent by picking.
    assert not enrollment.messages.exists()


def test_another_units_template_cannot_be_picked(world, login, enrollment):
    foreign = _template(world, unit=world.other_unit, body="Hemligt {förnamn}")
    response = login(world.practitioner).get(
        reverse("clinic:messages", args=[enrollment.pk]), {"template": foreign.pk}
    )
    assert response.status_code == 200
    assert "Hemligt" not in response.content.decode()


def test_the_chooser_lists_only_the_units_templates(world, login, enrollment):
    _template(world, title="Vår mall")
    _template(world, unit=world.other_unit, title="Deras mall")
    html = login(world.practitioner).get(reverse("clinic:messages", args=[enrollment.pk]))
    assert "Vår mall" in html.content.decode()
    assert "Deras mall" not in html.content.decode()


def test_another_practitioner_at_the_unit_signs_with_their_own_name(world, login, enrollment):
    from tests.factories import assign

    colleague = assign(StaffFactory(first_name="Bo", last_name="Ek"), world.unit, "practitioner")
    template = _template(world, body="/{behandlare}")
    response = login(colleague).get(
        reverse("clinic:messages", args=[enrollment.pk]), {"template": template.pk}
    )
    assert "/Bo Ek" in response.content.decode()
