"""API-klienter and the app consent page: axe-clean and reflowing at phone and desktop size."""

import pytest
from django.urls import reverse

from stegvis.api.models import ApiClient
from tests.api.conftest import make_client
from tests.api.pkce import REDIRECT, authorize_url, challenge
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser


def test_the_provider_admin_creates_a_client_with_the_keyboard(page, server, world, log_in_as):
    log_in_as(page, world.provider_admin)
    page.goto(f"{server}{reverse('clinic:api_clients')}")
    assert_accessible(page)
    page.locator("#id_name").fill("Journalsystem")
    page.get_by_label("System (client credentials)").check()
    page.get_by_label("system/QuestionnaireResponse.read").check()
    page.get_by_role("button", name="Create API client").focus()
    page.keyboard.press("Enter")
    page.get_by_text("it is shown only this once").wait_for()
    assert_accessible(page)  # the 128-character secret wraps, it does not widen the page
    page.get_by_role("link", name="Go to the API client").click()
    page.get_by_role("button", name="Revoke").wait_for()
    assert_accessible(page)


def test_the_citizen_sees_what_the_app_asks_for(page, server, world, log_in_as):
    app = make_client(
        world,
        kind=ApiClient.Kind.PATIENT_APP,
        scopes=["patient/*.read"],
        redirect_uris=REDIRECT,
        name="Min app",
    )
    _verifier, code_challenge = challenge()
    log_in_as(page, world.citizen)
    page.goto(f"{server}{authorize_url(app.client_id, code_challenge)}")
    page.get_by_role("button", name="Allow", exact=True).wait_for()
    assert_accessible(page)
