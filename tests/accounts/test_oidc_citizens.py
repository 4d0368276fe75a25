"""Citizens who come through e-ID (OpenID Connect) are known by their personnummer claim."""

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from stegvis.accounts.adapters import CitizenOidcAdapter, personnummer_from_claims
from stegvis.accounts.oidc import NONCE_STATE_KEY
from stegvis.organisation.models import User


def _request():
    request = RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _sociallogin(claims: dict) -> SocialLogin:
    account = SocialAccount(
        provider="eid",
        uid=claims.get("sub", "x"),
        extra_data={"userinfo": claims, "id_token": {"nonce": "n0nce"}},
    )
    login = SocialLogin(account=account, user=User())
    login.state = {NONCE_STATE_KEY: "n0nce"}
    return login


def test_the_claim_is_validated_and_normalised(settings):
    settings.OIDC_PERSONNUMMER_CLAIM = "pnr"
    assert personnummer_from_claims({"pnr": "19121212-1212"}) == "191212121212"


def test_a_new_citizen_is_created_from_the_claims(db):
    adapter = CitizenOidcAdapter()
    login = _sociallogin(
        {
            "sub": "a1",
            "personal_identity_number": "191212121212",
            "given_name": "Tolvan",
            "family_name": "Tolvansson",
        }
    )
    adapter.pre_social_login(_request(), login)
    user = adapter.populate_user(
        _request(), login, {"first_name": "Tolvan", "last_name": "Tolvansson"}
    )
    assert user.kind == User.Kind.CITIZEN
    assert user.personnummer == "191212121212"
    assert user.email.endswith("@citizen.stegvis.invalid")


def test_a_registered_citizen_is_connected_not_duplicated(world, monkeypatch):
    login = _sociallogin({"sub": "b2", "personal_identity_number": world.citizen.personnummer})
    connected = []
    monkeypatch.setattr(login, "connect", lambda request, user: connected.append(user))
    CitizenOidcAdapter().pre_social_login(_request(), login)
    assert connected == [world.citizen]


@pytest.mark.parametrize("claims", [{}, {"personal_identity_number": "19121212-1213"}])
def test_sign_in_without_a_valid_personnummer_is_refused(db, claims):
    with pytest.raises(ImmediateHttpResponse):
        CitizenOidcAdapter().pre_social_login(_request(), _sociallogin(claims))


def test_an_inactive_citizen_is_refused(world):
    world.citizen.is_active = False
    world.citizen.save()
    login = _sociallogin({"personal_identity_number": world.citizen.personnummer})
    with pytest.raises(ImmediateHttpResponse):
        CitizenOidcAdapter().pre_social_login(_request(), login)


def test_an_id_token_without_the_nonce_sent_is_refused(db):
    login = _sociallogin({"personal_identity_number": "191212121212"})
    login.state = {NONCE_STATE_KEY: "another"}
    with pytest.raises(ImmediateHttpResponse):
        CitizenOidcAdapter().pre_social_login(_request(), login)


def test_a_broker_address_someone_else_uses_is_dropped_not_a_sign_up_form(world):
    from allauth.account.models import EmailAddress

    login = _sociallogin({"personal_identity_number": "191212121212"})
    login.email_addresses = [
        EmailAddress(email=world.practitioner.email.upper(), verified=True, primary=True),
        EmailAddress(email="ny@example.org", verified=True, primary=False),
    ]
    CitizenOidcAdapter().pre_social_login(_request(), login)
    assert [(a.email, a.verified, a.primary) for a in login.email_addresses] == [
        ("ny@example.org", False, True)
    ]
