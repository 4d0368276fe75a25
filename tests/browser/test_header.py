"""The header's buttons work: signing out ends the session, the language button switches."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_signing_out_ends_the_staff_session(phone_page, server, world, log_in_as):
    page = phone_page
    log_in_as(page, world.access_admin)
    page.goto(f"{server}{reverse('clinic:staff')}")

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto(f"{server}{reverse('clinic:staff')}")
    assert page.url.startswith(f"{server}{reverse('account_login')}")


def test_the_language_button_switches_to_swedish_and_back_on_the_same_page(
    desktop_page, server, world, log_in_as
):
    page = desktop_page
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:home')}")

    page.get_by_role("button", name="Svenska").click()

    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert page.url == f"{server}{reverse('portal:home')}"
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == f"{server}{reverse('portal:home')}"
