"""A citizen's own app over HTTP: PKCE token, `patient/*.read` limited to the citizen's own."""

import pytest
import requests

from stegvis.api.models import ApiClient
from stegvis.audit.models import AccessEvent
from tests.api import scenario
from tests.api.conftest import make_client
from tests.api.live import FhirClient, entries
from tests.api.pkce import REDIRECT, allow_form, challenge, code_from, token_form
from tests.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SCOPES = "patient/*.read patient/QuestionnaireResponse.write"


def _token(live_server, client, world) -> tuple[str, ApiClient]:
    app = make_client(
        world,
        kind=ApiClient.Kind.PATIENT_APP,
        scopes=SCOPES.split(),
        redirect_uris=REDIRECT,
        name="Min app",
    )
    verifier, code_challenge = challenge()
    sign_in(client, world.citizen)  # allauth's records, as the e-ID sign-in leaves them
    answer = client.post("/oauth/authorize/", allow_form(app.client_id, code_challenge, SCOPES))
    code = code_from(answer["Location"])["code"]
    token = requests.post(
        f"{live_server.url}/oauth/token/",
        data=token_form(app.client_id, code, verifier),
        timeout=30,
    )
    assert token.status_code == 200, token.text
    return token.json()["access_token"], app.client


def test_the_citizens_app_sees_only_the_citizens_own_data(live_server, client, world):
    data = scenario.build(world)
    # The other citizen is enrolled at the same unit too: the app must not see them.
    scenario.answer(scenario.make_enrollment(world.other_citizen, world.unit, data.release), 1, "2")
    token, app = _token(live_server, client, world)
    fhir = FhirClient(f"{live_server.url}/fhir", token)
    response, patient = fhir.get(f"Patient/{world.citizen.pk}")
    assert response.status_code == 200 and patient.id == str(world.citizen.pk)
    response, _ = fhir.get(f"Patient/{world.other_citizen.pk}")
    assert response.status_code == 404
    _, bundle = fhir.get("QuestionnaireResponse")
    subjects = {r.subject.reference for r in entries(bundle)}
    assert subjects == {f"Patient/{world.citizen.pk}"}
    _, patients = fhir.get("Patient")
    assert [p.id for p in entries(patients)] == [str(world.citizen.pk)]
    event = AccessEvent.objects.filter(actor_role="api_client").latest("pk")
    assert event.actor_id == world.citizen.pk and event.actor_hsa_id == app.code


def test_the_citizens_app_answers_the_open_phq9(live_server, client, world):
    data = scenario.build(world)
    token, _app = _token(live_server, client, world)
    fhir = FhirClient(f"{live_server.url}/fhir", token)
    body = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": scenario.PHQ9_CANONICAL,
        "status": "completed",
        "subject": {"reference": f"Patient/{world.citizen.pk}"},
        "item": [
            {"linkId": str(n), "answer": [{"valueCoding": {"code": "0"}}]} for n in range(1, 10)
        ],
    }
    response, created = fhir.post("QuestionnaireResponse", body)
    assert response.status_code == 201, response.text
    assert created.id == str(data.due.pk) and created.status == "completed"
    # Another citizen's questionnaire is out of reach: "not found".
    body["subject"] = {"reference": f"Patient/{world.other_citizen.pk}"}
    response, _ = fhir.post("QuestionnaireResponse", body)
    assert response.status_code == 404


def test_a_deactivated_citizens_token_stops(live_server, client, world):
    scenario.build(world)
    token, _app = _token(live_server, client, world)
    type(world.citizen).objects.filter(pk=world.citizen.pk).update(is_active=False)
    response, _ = FhirClient(f"{live_server.url}/fhir", token).get("Patient")
    assert response.status_code == 401
