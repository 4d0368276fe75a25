"""The API's limits: per-client rate, constant queries per search, methods, staff apps."""

import pytest

from stegvis.api.models import ApiClient
from tests.api import scenario
from tests.api.conftest import make_client, parse, token_for
from tests.plugins.queries import assert_queries

pytestmark = pytest.mark.django_db


def _bearer(client, issued) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(client, issued)['access_token']}"}


def test_a_client_over_its_rate_gets_429_with_retry_after(client, world, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/m"}
    issued = make_client(world)
    headers = _bearer(client, issued)
    for _ in range(3):
        assert client.get("/fhir/Organization", **headers).status_code == 200
    response = client.get("/fhir/Organization", **headers)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert parse(response.json()).issue[0].code == "throttled"
    # Per client: another client of the same provider is not slowed down.
    other = make_client(world, name="Annan")
    assert client.get("/fhir/Organization", **_bearer(client, other)).status_code == 200


def test_a_method_the_endpoint_does_not_take_is_405(client, world):
    headers = _bearer(client, make_client(world))
    response = client.delete("/fhir/Patient/1", **headers)
    assert response.status_code == 405
    assert parse(response.json()).issue[0].code == "not-supported"


def test_the_search_runs_the_same_queries_for_more_results(client, world):
    data = scenario.build(world)
    headers = _bearer(client, make_client(world, units=[world.unit]))
    url = f"/fhir/QuestionnaireResponse?patient={world.citizen.pk}"
    client.get(url, **headers)  # warm the release document cache
    # The token (with its client, application, provider and user), the client's units, the
    # count, the page (with enrollment, release, unit, citizen), the units the events name,
    # the events (one insert). The rate limit counts in the cache; last use is noted at most
    # once a minute.
    with assert_queries(6):
        response = client.get(url, **headers)
    assert parse(response.json()).total == 4
    for n in range(4, 8):
        scenario.answer(data.enrollment, n)
    with assert_queries(6):
        response = client.get(url, **headers)
    assert parse(response.json()).total == 8


def test_a_staff_app_sees_what_the_staff_member_treats(client, world, login):
    from tests.api.pkce import REDIRECT, allow_form, challenge, code_from, token_form

    data = scenario.build(world)
    app = make_client(
        world, kind=ApiClient.Kind.STAFF_APP, scopes=["user/*.read"], redirect_uris=REDIRECT
    )
    verifier, code_challenge = challenge()
    signed_in = login(world.practitioner)
    answer = signed_in.post(
        "/oauth/authorize/", allow_form(app.client_id, code_challenge, "user/*.read")
    )
    code = code_from(answer["Location"])["code"]
    form = {**token_form(app.client_id, code, verifier), "client_secret": app.secret}
    token = signed_in.post("/oauth/token/", form).json()["access_token"]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/fhir/EpisodeOfCare/{data.enrollment.pk}", **headers).status_code == 200
    # The other unit's enrollment is not the practitioner's to see.
    url = f"/fhir/EpisodeOfCare/{data.other_unit_enrollment.pk}"
    assert client.get(url, **headers).status_code == 404
