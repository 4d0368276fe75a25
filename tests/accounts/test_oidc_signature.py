"""The ID token's signature is always checked against the provider's JWKS, also when the token
came straight from the token endpoint (allauth would skip it there): a token signed with a key
the provider does not publish, or changed after signing, is refused (tests/idp/, a real
provider)."""

import jwt
import pytest
from django.conf import settings
from django.test import Client

from stegvis.accounts.oidc import IdTokenSignatureError, verify_id_token_signature
from stegvis.audit.models import AccessEvent
from stegvis.organisation.models import User
from tests.idp.fixture import (
    CITIZEN_PNR,
    STRONG_HSA,
    oidc_idp,  # noqa: F401
    stegvis_oidc_settings,
)
from tests.idp.flow import sign_in_over_http


@pytest.fixture
def oidc(settings, oidc_idp):  # noqa: F811
    stegvis_oidc_settings(settings, oidc_idp)
    return oidc_idp


@pytest.mark.parametrize(
    ("provider_id", "username"),
    [("eid", "foreign-key"), ("eid", "tampered-token"), ("siths", "foreign-key-staff")],
)
def test_an_id_token_not_signed_by_the_providers_keys_is_refused(
    db, oidc, provider_id, username, caplog
):
    from tests.factories import StaffFactory

    StaffFactory(hsa_id=STRONG_HSA)
    users = User.objects.count()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = sign_in_over_http(client, provider_id, username)

    assert response.status_code == 403
    assert "The sign-in could not be verified." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "stegvis_oidc_id_token" not in client.session
    assert AccessEvent.objects.filter(action="oidc_sign_in_refused:signature").exists()
    assert User.objects.count() == users
    assert not User.objects.filter(personnummer__in=[CITIZEN_PNR, "191212121212"]).exists()
    assert "eyJ" not in caplog.text  # no token in the log


@pytest.mark.parametrize("algorithm", ["none", "HS256"])
def test_an_unsigned_or_symmetrically_signed_token_is_refused_before_any_key_is_fetched(algorithm):
    token = jwt.encode(
        {"sub": "x"},
        None if algorithm == "none" else "a-shared-secret-long-enough-0123456789",
        algorithm=algorithm,
    )
    with pytest.raises(IdTokenSignatureError):
        # An unreachable JWKS: the token must be refused before it would be asked.
        verify_id_token_signature(token, "http://127.0.0.1:9/jwks")


def test_a_provider_id_the_verifying_callback_would_not_match_cannot_start_a_sign_in(
    db, oidc, settings
):
    """Its callback would reach allauth's own view, which may skip the signature."""
    from django.core.exceptions import ImproperlyConfigured

    app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
    app["provider_id"] = "region.x"
    with pytest.raises(ImproperlyConfigured, match="must be a slug"):
        Client().post("/accounts/oidc/region.x/login/")
