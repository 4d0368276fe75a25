"""Logout the provider starts (OpenID Connect Back-Channel Logout 1.0): a logout token from the
real test provider (tests/idp/, signed with its own key) ends the Stegvis sessions its sign-in
started; a bad token gets a 400 with a JSON error and every session stays."""

import json

import jwt
import pytest
import requests
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from stegvis.accounts.models import IdpSession
from stegvis.audit.models import AccessEvent
from tests.factories import StaffFactory
from tests.idp.fixture import CLIENTS, STRONG_HSA, oidc_idp, stegvis_oidc_settings  # noqa: F401
from tests.idp.flow import sign_in_over_http

URL_NAME = "oidc_backchannel_logout"


@pytest.fixture
def oidc(settings, oidc_idp):  # noqa: F811
    stegvis_oidc_settings(settings, oidc_idp)
    return oidc_idp


def _logout_token(idp, username: str, provider_id: str = "eid", **change) -> str:
    """A logout token from the test provider for `username`'s latest sign-in."""
    response = requests.post(
        f"{idp.url}/logout-token/",
        data={
            "username": username,
            "client_id": CLIENTS[provider_id][0],
            "change": json.dumps(change),
        },
        timeout=10,
    )
    response.raise_for_status()
    return response.text


def _send(token: str, provider_id: str = "eid"):
    """POST the token as the provider does: server to server, no cookie, no CSRF token."""
    provider = Client(enforce_csrf_checks=True)
    return provider.post(reverse(URL_NAME, args=[provider_id]), {"logout_token": token})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _citizen_session(oidc) -> Client:
    client = Client()
    sign_in_over_http(client, "eid", "new-citizen")
    assert _signed_in(client)
    return client


def test_a_valid_logout_token_ends_the_session_its_sign_in_started(db, oidc):
    client = _citizen_session(oidc)
    remembered = IdpSession.objects.get()
    assert remembered.session_key == client.session.session_key
    assert remembered.sid and remembered.sub

    response = _send(_logout_token(oidc, "new-citizen"))

    assert response.status_code == 200
    assert response.json() == {}
    assert response["Cache-Control"] == "no-store" or "no-store" in response["Cache-Control"]
    assert not _signed_in(client)
    assert not IdpSession.objects.exists()
    assert not UserSession.objects.filter(session_key=remembered.session_key).exists()
    event = AccessEvent.objects.get(action="oidc.backchannel_logout")
    assert event.actor_id == remembered.user_id


def test_the_next_request_of_the_ended_session_is_anonymous(db, oidc):
    client = _citizen_session(oidc)
    _send(_logout_token(oidc, "new-citizen"))
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_a_token_naming_one_provider_session_ends_only_that_one(db, oidc):
    first = _citizen_session(oidc)
    second = _citizen_session(oidc)  # the latest sign-in: its own sid at the provider

    assert _send(_logout_token(oidc, "new-citizen", drop=["sub"])).status_code == 200

    assert _signed_in(first)
    assert not _signed_in(second)


def test_a_token_naming_only_the_user_ends_all_their_sessions_from_that_provider(db, oidc):
    first = _citizen_session(oidc)
    second = _citizen_session(oidc)

    assert _send(_logout_token(oidc, "new-citizen", drop=["sid"])).status_code == 200

    assert not _signed_in(first)
    assert not _signed_in(second)


def test_staff_signed_in_through_the_idp_are_signed_out_by_it(db, oidc):
    StaffFactory(hsa_id=STRONG_HSA)
    client = Client()
    sign_in_over_http(client, "siths", "strong-staff")
    assert _signed_in(client)

    assert _send(_logout_token(oidc, "strong-staff", "siths"), "siths").status_code == 200

    assert not _signed_in(client)


BAD_TOKENS = {
    "wrong signature": ({"key": "foreign"}, "signature"),
    "wrong audience": ({"set": {"aud": "someone-else"}}, "audience"),
    "expired": ({"iat_offset": -900, "exp_offset": -900}, "expired"),
    "issued long ago": ({"iat_offset": -3600}, "stale"),
    "no events claim": ({"drop": ["events"]}, "events"),
    "another event": ({"set": {"events": {"http://example.com/other": {}}}}, "events"),
    "with a nonce": ({"set": {"nonce": "n-0S6_WzA2Mj"}}, "nonce"),
    "neither sub nor sid": ({"drop": ["sub", "sid"]}, "subject"),
    "another issuer": ({"set": {"iss": "https://idp.example"}}, "issuer"),
    "no exp": ({"drop": ["exp"]}, "missing_claim"),
}


@pytest.mark.parametrize("case", list(BAD_TOKENS))
def test_a_bad_logout_token_is_refused_and_the_session_stays(db, oidc, caplog, case):
    change, reason = BAD_TOKENS[case]
    client = _citizen_session(oidc)
    token = _logout_token(oidc, "new-citizen", **change)

    response = _send(token)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "invalid_request"
    assert f"({reason})" in response.json()["error_description"]
    assert _signed_in(client)
    assert IdpSession.objects.count() == 1
    assert not AccessEvent.objects.filter(action="oidc.backchannel_logout").exists()
    assert token not in caplog.text


def test_a_token_sent_twice_is_refused_the_second_time(db, oidc):
    token = _logout_token(oidc, "new-citizen", drop=["sid"])
    assert _send(token).status_code == 200
    client = _citizen_session(oidc)
    response = _send(token)
    assert response.status_code == 400
    assert "(replayed)" in response.json()["error_description"]
    assert _signed_in(client)


def test_a_token_for_the_other_client_is_refused(db, oidc):
    client = _citizen_session(oidc)
    # Signed by the same provider for the staff client: the citizens' client is not its audience.
    token = _logout_token(oidc, "new-citizen", "siths")
    assert _send(token, "eid").status_code == 400
    assert _signed_in(client)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-jwt",
        jwt.encode({"sub": "1", "events": {}}, "s" * 32, algorithm="HS256"),
        jwt.encode({"sub": "1"}, None, algorithm="none"),
    ],
    ids=["missing", "garbage", "hmac", "unsigned"],
)
def test_a_token_that_is_no_signed_jwt_is_refused_not_crashed(db, oidc, token):
    client = _citizen_session(oidc)
    response = _send(token)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert _signed_in(client)


def test_an_unknown_provider_is_not_found_and_get_is_not_allowed(db, oidc):
    assert _send("x", "no-such-provider").status_code == 404
    assert Client().get(reverse(URL_NAME, args=["eid"])).status_code == 405


def test_only_this_endpoint_is_exempt_from_csrf(db, oidc):
    signed_in = _citizen_session(oidc)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = signed_in.cookies
    assert strict.post(reverse("account_logout")).status_code == 403
    assert _signed_in(signed_in)


def test_logout_tokens_are_rate_limited_per_address(db, oidc, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "oidc_backchannel_logout": "2/m"}
    for _ in range(2):
        assert _send("not-a-jwt").status_code == 400
    response = _send("not-a-jwt")
    assert response.status_code == 429
    assert response.json()["error"] == "temporarily_unavailable"
    assert int(response["Retry-After"]) >= 1


def test_a_provider_that_cannot_be_reached_gets_503_not_500(db, oidc, settings):
    for app in settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]:
        app["settings"]["server_url"] = "http://127.0.0.1:9/unreachable"
    response = _send("a.b.c")
    assert response.status_code == 503
    assert response.json()["error"] == "temporarily_unavailable"


def test_signing_out_at_stegvis_forgets_the_provider_session(db, oidc):
    client = _citizen_session(oidc)
    client.post(reverse("account_logout"))
    assert not IdpSession.objects.exists()
