"""A citizen's own app: authorization code with PKCE; the citizen signs in through allauth."""

import pytest

from stegvis.api.models import ApiClient
from tests.api.conftest import make_client
from tests.api.pkce import REDIRECT, allow_form, authorize_url, challenge, code_from, token_form

pytestmark = pytest.mark.django_db


def _app(world):
    return make_client(
        world,
        kind=ApiClient.Kind.PATIENT_APP,
        scopes=["patient/*.read", "patient/QuestionnaireResponse.write"],
        redirect_uris=REDIRECT,
        name="Min app",
    )


def test_a_signed_in_citizen_allows_the_app_and_it_gets_a_token(world, login):
    app = _app(world)
    assert app.secret == ""  # a public client
    verifier, code_challenge = challenge()
    client = login(world.citizen)
    page = client.get(authorize_url(app.client_id, code_challenge))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tillåta Min app att använda dina uppgifter?" in text
    assert "Läsa allt som appen får se" in text
    answer = client.post("/oauth/authorize/", allow_form(app.client_id, code_challenge))
    assert answer.status_code == 302 and answer["Location"].startswith(REDIRECT)
    code = code_from(answer["Location"])["code"]
    client.logout()
    token = client.post("/oauth/token/", token_form(app.client_id, code, verifier))
    assert token.status_code == 200, token.content
    assert token.json()["scope"] == "patient/*.read"
    assert "refresh_token" in token.json()


def test_without_the_verifier_the_code_is_worth_nothing(world, login):
    app = _app(world)
    _verifier, code_challenge = challenge()
    client = login(world.citizen)
    answer = client.post("/oauth/authorize/", allow_form(app.client_id, code_challenge))
    code = code_from(answer["Location"])["code"]
    wrong, _ = challenge()
    token = client.post("/oauth/token/", token_form(app.client_id, code, wrong))
    assert token.status_code == 400


def test_someone_not_signed_in_is_sent_to_the_sign_in_page(world, client):
    app = _app(world)
    _verifier, code_challenge = challenge()
    response = client.get(authorize_url(app.client_id, code_challenge))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_cannot_allow_a_citizens_app(world, login):
    app = _app(world)
    _verifier, code_challenge = challenge()
    client = login(world.practitioner)
    answer = client.post("/oauth/authorize/", allow_form(app.client_id, code_challenge))
    assert code_from(answer["Location"]).get("error") == "access_denied"


def test_a_revoked_app_cannot_be_allowed(world, login):
    from stegvis.api import services

    app = _app(world)
    services.revoke_client(actor=world.provider_admin, client=app.client)
    _verifier, code_challenge = challenge()
    page = login(world.citizen).get(authorize_url(app.client_id, code_challenge))
    assert page.status_code in (200, 400)
    assert "code=" not in page.get("Location", "")
