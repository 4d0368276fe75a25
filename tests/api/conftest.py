"""API test helpers: clients of the test world's provider, tokens, and FHIR parsing."""

import base64

import pytest
from fhir.resources.R4B import get_fhir_model_class

from stegvis.api import services
from stegvis.api.models import ApiClient

SYSTEM_READ = ["system/*.read"]


def make_client(world, *, scopes=None, units=(), kind=ApiClient.Kind.SYSTEM, provider=None, **kw):
    """Create an API client as the provider admin; returns the IssuedClient (id and secret)."""
    actor = world.provider_admin
    if provider is not None and provider != world.provider:
        from tests.factories import StaffFactory, make_provider_admin

        actor = make_provider_admin(StaffFactory(), provider)
    return services.create_client(
        actor=actor,
        provider=provider or world.provider,
        name=kw.pop("name", "Journalsystem"),
        kind=kind,
        scopes=list(scopes or SYSTEM_READ),
        units=list(units),
        **kw,
    )


def basic(issued) -> str:
    raw = f"{issued.client_id}:{issued.secret}".encode()
    return "Basic " + base64.b64encode(raw).decode()


def token_for(client, issued, scope: str | None = None) -> dict:
    """Client credentials through the token endpoint with the Django test client."""
    data = {"grant_type": "client_credentials"}
    if scope:
        data["scope"] = scope
    response = client.post("/oauth/token/", data, HTTP_AUTHORIZATION=basic(issued))
    return {"status": response.status_code, **response.json()}


def parse(data: dict):
    """The fhir.resources (R4B) model of a response body: validates it or raises."""
    return get_fhir_model_class(data["resourceType"]).model_validate(data)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with empty rate-limit counters (the token endpoint counts per address)."""
    from django.core.cache import caches

    caches["ratelimit"].clear()
    caches["default"].clear()
