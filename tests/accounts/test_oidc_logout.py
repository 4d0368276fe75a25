"""Signing out after an OpenID Connect sign-in ends the session at Stegvis and sends the
browser to the provider's end-session endpoint (RP-Initiated Logout 1.0), against a real
provider (tests/idp/); other sessions sign out locally only."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from stegvis.accounts.oidc import ID_TOKEN_SESSION_KEY
from tests.factories import TEST_PASSWORD
from tests.idp.fixture import CLIENTS, oidc_idp, stegvis_oidc_settings  # noqa: F401
from tests.idp.flow import sign_in_over_http


@pytest.fixture
def oidc(settings, oidc_idp):  # noqa: F811
    stegvis_oidc_settings(settings, oidc_idp)
    return oidc_idp


def _end_session_endpoint(idp) -> str:
    discovery = requests.get(f"{idp.server_url}/.well-known/openid-configuration", timeout=10)
    return discovery.json()["end_session_endpoint"]


def test_signing_out_sends_the_browser_to_the_providers_end_session_endpoint(db, oidc, caplog):
    client = Client()
    sign_in_over_http(client, "eid", "new-citizen")
    id_token = client.session[ID_TOKEN_SESSION_KEY]["id_token"]

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == _end_session_endpoint(oidc)
    query = {name: values[0] for name, values in parse_qs(target.query).items()}
    assert query["id_token_hint"] == id_token
    assert query["client_id"] == CLIENTS["eid"][0]
    assert query["post_logout_redirect_uri"] == "http://testserver/"
    assert len(query["state"]) >= 16
    assert "_auth_user_id" not in client.session
    assert ID_TOKEN_SESSION_KEY not in client.session
    assert id_token not in caplog.text


def test_staff_signed_in_through_the_idp_sign_out_there_too(db, oidc):
    from tests.factories import StaffFactory
    from tests.idp.fixture import STRONG_HSA

    StaffFactory(hsa_id=STRONG_HSA)
    client = Client()
    sign_in_over_http(client, "siths", "strong-staff")

    response = client.post(reverse("account_logout"))

    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["client_id"] == [CLIENTS["siths"][0]]


def test_a_next_on_the_sign_out_form_does_not_skip_the_provider(db, oidc):
    client = Client()
    sign_in_over_http(client, "eid", "new-citizen")

    response = client.post(reverse("account_logout"), {"next": "/design/"})

    assert response["Location"].startswith(_end_session_endpoint(oidc))


def test_a_provider_without_an_end_session_endpoint_signs_out_locally(db, oidc, settings):
    apps = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    for app in apps:
        app["settings"]["openid_configuration_overrides"] = {"end_session_endpoint": None}
    client = Client()
    sign_in_over_http(client, "eid", "new-citizen")

    response = client.post(reverse("account_logout"))

    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session


def test_a_session_not_signed_in_through_the_provider_signs_out_locally(db, oidc, world, settings):
    """A refused OpenID Connect sign-in leaves its token behind; a later sign-in by other
    means must not send the browser to the provider with it."""
    client = Client()
    sign_in_over_http(client, "eid", "no-personnummer")
    assert ID_TOKEN_SESSION_KEY in client.session
    settings.CITIZEN_PASSWORD_LOGIN = True
    client.post(reverse("account_login"), {"login": world.citizen.email, "password": TEST_PASSWORD})
    assert client.session["_auth_user_id"] == str(world.citizen.pk)

    response = client.post(reverse("account_logout"))

    assert response["Location"] == reverse("home")


def test_signing_out_without_a_session_stays_at_stegvis(db, oidc):
    response = Client().post(reverse("account_logout"))
    assert response["Location"] == reverse("home")
