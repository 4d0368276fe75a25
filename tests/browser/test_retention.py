"""Gallring by keyboard: the provider admin finds the page from the start page, is told clearly
what is wrong with a bad period, sets one, and goes back to the default. axe at both sizes."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser


def _press(locator, key="Enter"):
    locator.focus()
    locator.press(key)


def _type(locator, text: str):
    locator.focus()
    locator.press("Control+a")
    locator.press("Delete")
    locator.page.keyboard.type(text)


def test_a_period_is_set_and_reset_by_keyboard(page, server, world, log_in_as):
    log_in_as(page, world.provider_admin)
    page.goto(f"{server}{reverse('clinic:start')}")
    _press(page.get_by_role("navigation", name="Main").get_by_role("link", name="Retention"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Retention at Region Test")
    expect(page.get_by_role("table", name="What would be removed now")).to_be_visible()
    assert_accessible(page)

    notifications = page.get_by_role("region", name="Notifications sent or failed")
    expect(notifications).to_contain_text("365 days")
    expect(notifications).to_contain_text("Default")
    _type(notifications.get_by_label("Period in days"), "0")
    _press(notifications.get_by_role("button", name="Save the period"))
    notifications = page.get_by_role("region", name="Notifications sent or failed")
    expect(notifications.get_by_role("alert")).to_contain_text("A period is at least one day.")
    assert_accessible(page)

    _type(notifications.get_by_label("Period in days"), "90")
    _press(notifications.get_by_role("button", name="Save the period"))
    expect(page.get_by_text("Notifications sent or failed are now kept 90 days.")).to_be_visible()
    notifications = page.get_by_role("region", name="Notifications sent or failed")
    expect(notifications).to_contain_text("The provider's own period")
    expect(notifications.get_by_label("Period in days")).to_have_value("90")
    assert_accessible(page)

    _press(notifications.get_by_role("button", name="Use the default (365 days)"))
    expect(page.get_by_text("kept by the default period again (365 days)")).to_be_visible()
    expect(page.get_by_role("region", name="Notifications sent or failed")).not_to_contain_text(
        "The provider's own period"
    )
    assert_accessible(page)
