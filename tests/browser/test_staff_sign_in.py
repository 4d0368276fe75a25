"""Staff sign in with e-mail and password, then a TOTP code; without TOTP they must set it up."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.organisation.models import Role
from tests.browser.helpers import (
    current_totp_code,
    submit_password,
    submit_totp,
    wrong_totp_code,
)
from tests.factories import TEST_PASSWORD, StaffFactory, assign, has_totp

pytestmark = pytest.mark.browser


def test_staff_sign_in_with_password_and_totp_and_land_on_the_clinic(desktop_page, server, world):
    page = desktop_page

    submit_password(page, server, world.practitioner.email, TEST_PASSWORD)
    page.wait_for_url(f"**{reverse('mfa_authenticate')}")
    submit_totp(page, current_totp_code())

    page.wait_for_url(f"{server}{reverse('clinic:start')}")
    assert page.get_by_role("heading", level=1).inner_text() == world.unit.name
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def test_a_wrong_totp_code_shows_an_error_and_opens_no_staff_page(desktop_page, server, world):
    page = desktop_page

    submit_password(page, server, world.practitioner.email, TEST_PASSWORD)
    page.wait_for_url(f"**{reverse('mfa_authenticate')}")
    submit_totp(page, wrong_totp_code())

    expect(page.get_by_text("Incorrect code")).to_be_visible()
    assert page.url.endswith(reverse("mfa_authenticate"))
    # The password alone did not sign them in: the clinic sends them back to a sign-in step.
    page.goto(f"{server}{reverse('clinic:start')}")
    assert page.url.startswith(f"{server}/accounts/")
    assert page.get_by_role("navigation", name="Main").count() == 0


def test_a_wrong_password_never_reaches_the_totp_stage(desktop_page, server, world):
    page = desktop_page

    submit_password(page, server, world.practitioner.email, "not-the-password")

    expect(page.get_by_role("alert")).to_be_visible()
    assert page.url.endswith(reverse("account_login"))


def test_staff_without_totp_are_sent_to_set_it_up_and_can_activate_it(phone_page, server, world):
    page = phone_page
    staff = assign(StaffFactory(with_totp=False), world.unit, Role.PRACTITIONER)

    submit_password(page, server, staff.email, TEST_PASSWORD)

    # allauth asks for the password once more before a new authenticator may be added.
    page.wait_for_url(f"**{reverse('account_reauthenticate')}?next=*")
    expect(
        page.get_by_text("Set up two-factor authentication before you continue.")
    ).to_be_visible()
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"**{reverse('mfa_activate_totp')}")

    # Do what an authenticator app does: read the secret and compute the current code.
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(current_totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    page.wait_for_url(lambda url: reverse("mfa_activate_totp") not in url)
    assert has_totp(staff)
    page.goto(f"{server}{reverse('clinic:start')}")
    assert page.url == f"{server}{reverse('clinic:start')}"
    assert page.get_by_role("heading", level=1).inner_text() == world.unit.name


def test_staff_without_totp_cannot_open_the_clinic(desktop_page, server, world, log_in_as):
    page = desktop_page
    staff = assign(StaffFactory(with_totp=False), world.unit, Role.ACCESS_ADMIN)
    log_in_as(page, staff)

    page.goto(f"{server}{reverse('clinic:staff')}")

    assert reverse("clinic:staff") not in page.url.split("?")[0]
    assert not has_totp(staff)
