"""Sign-in through a real OpenID Connect provider (tests/idp/, django-oauth-toolkit in its own
process): the browser goes to the provider, signs in there, consents and comes back; Stegvis
exchanges the code and validates the ID token (signature, issuer, audience, expiry)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.organisation.models import Role, User
from tests.browser.helpers import (
    assert_accessible,
    assert_reflows,
    current_totp_code,
    submit_totp,
)
from tests.factories import StaffFactory, assign
from tests.idp.fixture import (
    CITIZEN_PNR,
    PASSWORD,
    STRONG_HSA,
    WEAK_HSA,
    oidc_idp,  # noqa: F401
    stegvis_oidc_settings,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def base(server, settings, oidc_idp):  # noqa: F811
    """Stegvis on 127.0.0.1, the loopback address the IdP's registered callbacks name."""
    stegvis_oidc_settings(settings, oidc_idp)
    return server.replace("localhost", "127.0.0.1")


def _sign_in_at_idp(page, base: str, button: str, username: str) -> None:
    page.goto(f"{base}{reverse('account_login')}")
    page.get_by_role("button", name=button).click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in at the IdP").click()
    # The provider's consent page.
    page.get_by_role("button", name="Authorize").click()


def test_a_citizen_signs_in_with_e_id_for_the_first_time_and_lands_on_the_portal(phone_page, base):
    page = phone_page

    _sign_in_at_idp(page, base, "Sign in with BankID", "new-citizen")

    page.wait_for_url(f"{base}{reverse('portal:home')}")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Nya"
    assert User.objects.get(personnummer=CITIZEN_PNR).kind == User.Kind.CITIZEN
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto(f"{base}{reverse('portal:home')}")
    assert page.url.startswith(f"{base}/accounts/login/")


def test_a_missing_personnummer_gets_a_clear_page(desktop_page, base):
    page = desktop_page

    _sign_in_at_idp(page, base, "Sign in with BankID", "no-personnummer")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in not completed")
    expect(page.get_by_role("alert")).to_contain_text("did not give a valid personnummer")
    assert_accessible(page)


def test_staff_with_a_strong_siths_sign_in_land_in_the_clinic_without_totp(
    desktop_page, base, world
):
    page = desktop_page
    assign(StaffFactory(hsa_id=STRONG_HSA), world.unit, Role.PRACTITIONER)

    _sign_in_at_idp(page, base, "Sign in with SITHS eID", "strong-staff")

    page.wait_for_url(f"{base}{reverse('clinic:start')}")
    assert page.get_by_role("heading", level=1).inner_text() == world.unit.name
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    page.goto(f"{base}{reverse('clinic:start')}")
    assert page.url.startswith(f"{base}/accounts/login/")


def test_staff_with_a_weak_sign_in_are_asked_for_their_totp(phone_page, base, world):
    page = phone_page
    assign(StaffFactory(hsa_id=WEAK_HSA), world.unit, Role.PRACTITIONER)

    _sign_in_at_idp(page, base, "Sign in with SITHS eID", "weak-staff")

    page.wait_for_url(f"**{reverse('mfa_authenticate')}")
    submit_totp(page, current_totp_code())
    page.wait_for_url(f"{base}{reverse('clinic:start')}")


@pytest.mark.parametrize("viewport", ["phone_page", "desktop_page"])
def test_the_sign_in_page_offers_e_id_to_citizens_and_siths_to_staff(request, viewport, base):
    page = request.getfixturevalue(viewport)
    page.goto(f"{base}{reverse('account_login')}")

    citizens = page.get_by_role("region", name="Citizens")
    staff = page.get_by_role("region", name="Staff and demo accounts")
    expect(citizens.get_by_role("button", name="Sign in with BankID")).to_be_visible()
    expect(staff.get_by_role("button", name="Sign in with SITHS eID")).to_be_visible()
    assert citizens.get_by_role("button", name="Sign in with SITHS eID").count() == 0
    assert_accessible(page)
    assert_reflows(page)


def _press(locator) -> None:
    locator.focus()
    locator.press("Enter")


def test_signing_out_ends_the_session_at_stegvis_and_at_the_idp(desktop_page, base):
    page = desktop_page
    _sign_in_at_idp(page, base, "Sign in with BankID", "new-citizen")
    page.wait_for_url(f"{base}{reverse('portal:home')}")

    _press(page.get_by_role("banner").get_by_role("button", name="Sign out"))
    # The provider's own page asks whether to sign out there too (RP-Initiated Logout).
    _press(page.get_by_role("button", name="Logout"))

    # Back at Stegvis's signed-out page, with the state Stegvis sent the provider.
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/\?state=[\w-]{{16,}}$"))
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{base}{reverse('portal:home')}")
    assert page.url.startswith(f"{base}/accounts/login/")
    # The session at the provider is gone too: signing in again asks for the password.
    page.get_by_role("button", name="Sign in with BankID").click()
    expect(page.get_by_label("Password")).to_be_visible()


def test_a_forged_id_token_gets_the_refusal_page_and_no_session(phone_page, base):
    page = phone_page

    _sign_in_at_idp(page, base, "Sign in with BankID", "foreign-key")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in not completed")
    expect(page.get_by_role("alert")).to_contain_text("could not be verified")
    assert_accessible(page)
    page.goto(f"{base}{reverse('portal:home')}")
    assert page.url.startswith(f"{base}/accounts/login/")
