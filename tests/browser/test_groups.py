"""Groups, by keyboard only, at phone and desktop size: create a group, tick enrollments in
Alla and add them, filter Mina by the group, write to the group. axe and reflow on each page."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from stegvis.care.models import EnrollmentGroup, GroupMembership
from stegvis.care.services.enrollment import start_enrollment
from stegvis.catalog.models import UnitActivation
from stegvis.catalog.services import create_release
from stegvis.messaging.models import Message
from tests.browser.helpers import assert_accessible, assert_reflows
from tests.care_documents import care_document
from tests.factories import CitizenFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def enrollments(world):
    release = create_release(actor=None, owner=world.provider, document=care_document())
    UnitActivation.objects.create(release=release, unit=world.unit)
    citizens = [
        CitizenFactory(first_name="Alva", last_name="Grupp"),
        CitizenFactory(first_name="Bertil", last_name="Grupp"),
        CitizenFactory(first_name="Cecilia", last_name="Utanför"),
    ]
    return [
        start_enrollment(
            actor=world.practitioner,
            unit=world.unit,
            release=release,
            citizen=citizen,
            practitioner=world.practitioner,
            start_date=timezone.localdate(),
        )
        for citizen in citizens
    ]


def _check(page):
    assert_accessible(page)
    assert_reflows(page)


def test_a_practitioner_groups_enrollments_filters_mina_and_writes_to_the_group(
    page, server, world, log_in_as, enrollments
):
    alva, bertil, cecilia = enrollments
    log_in_as(page, world.practitioner)

    # Create the group from the menu's Groups page.
    page.goto(f"{server}{reverse('clinic:my_enrollments')}")
    page.get_by_role("link", name="Groups", exact=True).first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Groups")).to_be_visible()
    _check(page)
    name = page.get_by_label("Name of the group")
    name.focus()
    page.keyboard.type("Grupp vår 2027")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Group: Grupp vår 2027")
    _check(page)
    group = EnrollmentGroup.objects.get()

    # Tick two rows in Alla and add them, with the keyboard.
    page.goto(f"{server}{reverse('clinic:unit_enrollments')}")
    for citizen in (alva.citizen, bertil.citizen):
        box = page.get_by_label(f"Tick {citizen.get_full_name()}")
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    page.get_by_label("Group to add them to").select_option(label="Grupp vår 2027")
    page.get_by_role("button", name="Add the ticked enrollments").press("Enter")
    expect(page.get_by_text("2 enrollments were added to Grupp vår 2027.")).to_be_visible()
    _check(page)
    members = set(GroupMembership.objects.filter(group=group).values_list("enrollment", flat=True))
    assert members == {alva.pk, bertil.pk}

    # Mina filtered by the group shows the two, not the third.
    page.goto(f"{server}{reverse('clinic:my_enrollments')}")
    page.locator("#id_group").select_option(label="Grupp vår 2027")
    page.get_by_role("button", name="Show", exact=True).press("Enter")
    page.wait_for_url(f"**group={group.pk}**")
    table = page.get_by_role("table")
    expect(table).to_contain_text(alva.citizen.get_full_name())
    expect(table).to_contain_text(bertil.citizen.get_full_name())
    expect(table).not_to_contain_text(cecilia.citizen.get_full_name())
    _check(page)

    # Write to the group: one message in each enrollment's conversation.
    page.goto(f"{server}{reverse('clinic:group', args=[group.pk])}")
    page.get_by_role("link", name="Write to the group").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Write to the group")
    _check(page)
    message = page.get_by_role("textbox", name="Message")
    message.focus()
    page.keyboard.type("Hej {förnamn}, gruppen börjar på måndag.")
    page.get_by_role("button", name="Send to 2 enrollments").press("Enter")
    expect(page.get_by_text("The message was sent to 2 enrollments in the group.")).to_be_visible()
    _check(page)
    assert Message.objects.get(enrollment=alva).body == "Hej Alva, gruppen börjar på måndag."
    assert not Message.objects.filter(enrollment=cecilia).exists()
