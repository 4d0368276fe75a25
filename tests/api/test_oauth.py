"""OAuth 2.0 with django-oauth-toolkit: tokens only for active clients and the scopes allowed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from oauth2_provider.models import AccessToken

from stegvis.api import services
from tests.api.conftest import make_client, token_for

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_client_credentials_give_a_token_with_the_allowed_scopes(client, world):
    issued = make_client(world, scopes=["system/QuestionnaireResponse.read", "system/Patient.read"])
    answer = token_for(client, issued)
    assert answer["status"] == 200
    assert answer["token_type"] == "Bearer"
    assert set(answer["scope"].split()) == {
        "system/QuestionnaireResponse.read",
        "system/Patient.read",
    }
    assert answer["expires_in"] <= 3600


def test_a_scope_the_client_was_not_allowed_is_refused(client, world):
    issued = make_client(world, scopes=["system/QuestionnaireResponse.read"])
    answer = token_for(client, issued, scope="system/*.read")
    assert answer["status"] == 400
    assert answer["error"] == "invalid_scope"


def test_a_wrong_secret_gets_no_token(client, world):
    issued = make_client(world)
    wrong = services.IssuedClient(issued.client, issued.client_id, "not-the-secret")
    assert token_for(client, wrong)["status"] == 401


def test_a_revoked_client_gets_no_token_and_its_tokens_stop_at_once(client, world):
    issued = make_client(world)
    token = token_for(client, issued)["access_token"]
    assert client.get("/fhir/Organization", **bearer(token)).status_code == 200
    services.revoke_client(actor=world.provider_admin, client=issued.client)
    assert client.get("/fhir/Organization", **bearer(token)).status_code == 401
    assert token_for(client, issued)["status"] == 401
    assert not AccessToken.objects.filter(application=issued.client.application).exists()


def test_a_new_secret_ends_the_old_secret_and_its_tokens(client, world):
    issued = make_client(world)
    token = token_for(client, issued)["access_token"]
    rotated = services.rotate_secret(actor=world.provider_admin, client=issued.client)
    assert client.get("/fhir/Organization", **bearer(token)).status_code == 401
    assert token_for(client, issued)["status"] == 401
    assert token_for(client, rotated)["status"] == 200


def test_a_token_never_outlives_its_client(client, world):
    ends = timezone.now() + timedelta(minutes=5)
    issued = make_client(world, valid_until=ends)
    token_for(client, issued)
    token = AccessToken.objects.get(application=issued.client.application)
    assert token.expires <= ends


def test_an_expired_client_gets_no_token(client, world):
    issued = make_client(world, valid_until=timezone.now() + timedelta(minutes=5))
    type(issued.client).objects.filter(pk=issued.client.pk).update(
        valid_until=timezone.now() - timedelta(seconds=1)
    )
    assert token_for(client, issued)["status"] == 401


def test_only_the_provider_admin_creates_clients(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.create_client(
            actor=world.practitioner,
            provider=world.provider,
            name="X",
            kind="system",
            scopes=["system/*.read"],
        )


def test_scopes_must_match_the_kind_of_client(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_client(world, scopes=["patient/*.read"])
    with pytest.raises(ValidationError):
        make_client(world, units=[world.foreign_unit])
