"""Driftinformation end to end, by keyboard: the provider admin sends a message to one unit, its
staff see it on the start page, mark it read and find it in the archive. axe at both sizes."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser


def _press(locator, key="Enter"):
    locator.focus()
    locator.press(key)


def test_a_message_is_sent_shown_read_and_archived(page, server, world, log_in_as):
    log_in_as(page, world.provider_admin)
    page.goto(f"{server}{reverse('clinic:start')}")
    _press(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Operational messages")
    )
    assert_accessible(page)
    _press(page.get_by_role("link", name="Send a message"))
    page.get_by_label("Title").fill("Planerat underhåll på lördag")
    page.get_by_label("Text").fill("Stegvis är stängt lördag 08–10.")
    _press(page.get_by_label("Chosen units"), "Space")
    assert_accessible(page)
    _press(page.get_by_role("button", name="Send"))
    # Chosen units but none chosen: said clearly, nothing lost.
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one unit")
    expect(page.get_by_label("Title")).to_have_value("Planerat underhåll på lördag")
    _press(page.get_by_label(world.unit.name), "Space")
    _press(page.get_by_role("button", name="Send"))
    expect(page.get_by_text("The message was sent.")).to_be_visible()
    expect(page.get_by_role("cell", name=world.unit.name)).to_be_visible()
    assert_accessible(page)

    log_in_as(page, world.practitioner)
    page.goto(f"{server}{reverse('clinic:start')}")
    message = page.get_by_role("article", name="Planerat underhåll på lördag")
    expect(message).to_contain_text("Stegvis är stängt lördag 08–10.")
    assert_accessible(page)
    _press(message.get_by_role("button", name="Mark as read"))
    expect(page.get_by_text("The message is marked as read.")).to_be_visible()
    expect(page.get_by_role("article", name="Planerat underhåll på lördag")).to_have_count(0)
    _press(page.get_by_role("link", name="All operational messages (archive)"))
    expect(page.get_by_role("article", name="Planerat underhåll på lördag")).to_be_visible()
    assert_accessible(page)

    # Staff at another unit never see it.
    log_in_as(page, world.other_unit_practitioner)
    page.goto(f"{server}{reverse('clinic:start')}")
    expect(page.get_by_text("No new operational messages.")).to_be_visible()


def test_a_message_is_ended_now_by_keyboard(page, server, world, log_in_as):
    from django.utils import timezone

    from stegvis.bulletins import services

    services.publish_bulletin(
        actor=world.provider_admin,
        provider=world.provider,
        title="Störning i inloggningen",
        body="Inloggning med BankID fungerar inte just nu.",
        starts_on=timezone.localdate(),
    )
    log_in_as(page, world.provider_admin)
    page.goto(f"{server}{reverse('clinic:bulletins')}")
    row = page.get_by_role("row", name="Störning i inloggningen")
    _press(row.get_by_role("link", name="Edit"))
    expect(page.get_by_label("Title")).to_have_value("Störning i inloggningen")
    assert_accessible(page)
    _press(page.get_by_role("button", name="End now"))
    expect(page.get_by_text("The message has ended.")).to_be_visible()
    row = page.get_by_role("row", name="Störning i inloggningen")
    expect(row).to_contain_text("Has ended")
    expect(row.get_by_role("button", name="End now")).to_have_count(0)
    assert_accessible(page)

    # Gone from the start page, still in the archive.
    log_in_as(page, world.practitioner)
    page.goto(f"{server}{reverse('clinic:start')}")
    expect(page.get_by_role("article", name="Störning i inloggningen")).to_have_count(0)
    _press(page.get_by_role("link", name="All operational messages (archive)"))
    expect(page.get_by_role("article", name="Störning i inloggningen")).to_contain_text("ended")
    assert_accessible(page)
