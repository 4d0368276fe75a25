"""Citizens sign in with e-mail and password where the demo allows it, and see the portal."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import submit_password
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_citizen_signs_in_with_email_and_password_and_sees_the_portal(phone_page, server, world):
    page = phone_page

    submit_password(page, server, world.citizen.email, TEST_PASSWORD)

    page.wait_for_url(f"{server}{reverse('portal:home')}")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == f"Welcome, {world.citizen.first_name}"
    expect(page.get_by_role("heading", name="My programs")).to_be_visible()
    # Citizens get no TOTP stage and no staff navigation.
    assert page.get_by_role("link", name="Staff").count() == 0


def test_a_wrong_password_shows_a_clear_message(phone_page, server, world):
    page = phone_page

    submit_password(page, server, world.citizen.email, "not-the-password")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(
        "The email address and/or password you specified are not correct."
    )
    assert page.url.endswith(reverse("account_login"))
    # The address stays filled in; the password does not.
    assert page.get_by_label("Email").input_value() == world.citizen.email
    assert page.get_by_label("Password").input_value() == ""


def test_a_signed_in_citizen_cannot_open_the_clinic(phone_page, server, world, log_in_as):
    page = phone_page
    log_in_as(page, world.citizen)

    response = page.goto(f"{server}{reverse('clinic:start')}")

    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == (
        "You do not have access to this page"
    )
