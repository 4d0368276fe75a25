"""The FHIR API driven as a real client drives it: tokens and requests over HTTP.

Every response is parsed (and so validated) with fhir.resources' R4B models (tests/api/live.py).
"""

import datetime as dt

import pytest
import requests

from stegvis.api import services
from stegvis.audit.models import AccessEvent
from stegvis.care.models import Flag, QuestionnaireResponse
from tests.api import scenario
from tests.api.conftest import make_client, parse
from tests.api.live import FhirClient, entries, outcome_code

pytestmark = pytest.mark.django_db(transaction=True)

READ_WRITE = ["system/*.read", "system/QuestionnaireResponse.write"]


@pytest.fixture
def data(world):
    return scenario.build(world)


def test_metadata_says_what_the_server_does_and_where_tokens_come_from(live_server):
    response, capability = FhirClient(f"{live_server.url}/fhir").get("metadata")
    assert response.status_code == 200
    assert capability.fhirVersion == "4.0.1"
    types = {r.type for r in capability.rest[0].resource}
    assert {"Patient", "QuestionnaireResponse", "Observation", "EpisodeOfCare"} <= types
    oauth = capability.rest[0].security.extension[0].extension
    assert {e.url for e in oauth} == {"token", "authorize", "revoke"}


def test_a_system_client_reads_its_units_patients_and_their_phq9(live_server, world, data):
    issued = make_client(world, units=[world.unit])
    fhir = FhirClient.with_client_credentials(live_server, issued)
    citizen = world.citizen
    # Patient: only with a care relationship at the client's units.
    response, patient = fhir.get(f"Patient/{citizen.pk}")
    assert response.status_code == 200
    assert patient.identifier[0].system == "urn:oid:1.2.752.129.2.1.3.1"
    assert patient.identifier[0].value == citizen.personnummer
    assert patient.name[0].family == citizen.last_name
    response, _ = fhir.get(f"Patient/{world.other_citizen.pk}")
    assert response.status_code == 404
    pnr = f"urn:oid:1.2.752.129.2.1.3.1|{citizen.personnummer}"
    _, found = fhir.get("Patient", identifier=pnr)
    assert [p.id for p in entries(found)] == [str(citizen.pk)]
    # POST _search: the personnummer in the body, not in the URL.
    response = requests.post(
        f"{fhir.base}/Patient/_search",
        data={"identifier": pnr},
        headers={"Authorization": f"Bearer {fhir.token}"},
        timeout=30,
    )
    assert [p.id for p in entries(parse(response.json()))] == [str(citizen.pk)]
    # QuestionnaireResponse search with paging.
    query = {
        "patient": f"Patient/{citizen.pk}",
        "questionnaire": scenario.PHQ9_CANONICAL,
        "status": "completed",
        "_count": "2",
    }
    _, page1 = fhir.get("QuestionnaireResponse", **query)
    assert page1.total == 3 and len(page1.entry) == 2
    links = {link.relation: link.url for link in page1.link}
    _, page2 = fhir.get(links["next"])
    assert len(page2.entry) == 1
    assert "previous" in {link.relation for link in page2.link}
    first = entries(page1)[0]
    assert first.status == "completed"
    assert first.subject.reference == f"Patient/{citizen.pk}"
    assert first.questionnaire.startswith(scenario.PHQ9_CANONICAL)
    # Read: the same response, with its version in meta and ETag.
    response, read = fhir.get(f"QuestionnaireResponse/{first.id}")
    assert response.headers["ETag"] == f'W/"{read.meta.versionId}"'
    score = next(e for e in read.extension if e.url.endswith("instrument-score"))
    assert {part.url for part in score.extension} >= {"total", "band"}


def test_searches_by_date_and_status_and_the_total_as_an_observation(live_server, world, data):
    issued = make_client(world, units=[world.unit])
    fhir = FhirClient.with_client_credentials(live_server, issued)
    today = dt.date.today().isoformat()
    _, bundle = fhir.get("QuestionnaireResponse", authored=f"ge{today}")
    assert bundle.total == 4  # three completed and the open one
    _, bundle = fhir.get("QuestionnaireResponse", authored="lt2000-01-01")
    assert bundle.total == 0
    _, bundle = fhir.get("QuestionnaireResponse", status="in-progress")
    assert [r.id for r in entries(bundle)] == [str(data.due.pk)]
    # The total as an Observation with LOINC's PHQ-9 total (44261-6).
    _, observations = fhir.get(
        "Observation", patient=f"Patient/{world.citizen.pk}", code="http://loinc.org|44261-6"
    )
    assert observations.total == 3
    _response, total = fhir.get(f"Observation/total-{data.completed[0].pk}")
    assert total.valueQuantity.value == 9
    assert total.code.coding[0].code == "44261-6"
    assert total.derivedFrom[0].reference == f"QuestionnaireResponse/{data.completed[0].pk}"


def test_episode_practitioner_organization_and_questionnaire(live_server, world, data):
    issued = make_client(world, units=[world.unit])
    fhir = FhirClient.with_client_credentials(live_server, issued)
    response, episode = fhir.get(f"EpisodeOfCare/{data.enrollment.pk}")
    assert episode.status == "active"
    assert episode.careManager.reference == f"Practitioner/{world.practitioner.pk}"
    assert response.headers["ETag"]
    _, episodes = fhir.get("EpisodeOfCare", patient=str(world.citizen.pk))
    assert [e.id for e in entries(episodes)] == [str(data.enrollment.pk)]
    _, practitioner = fhir.get(f"Practitioner/{world.practitioner.pk}")
    assert practitioner.identifier[0].value == world.practitioner.hsa_id
    assert practitioner.identifier[0].system == "urn:oid:1.2.752.129.2.1.4.1"
    _, organisations = fhir.get("Organization")
    ids = {o.id for o in entries(organisations)}
    assert ids == {f"provider-{world.provider.pk}", f"unit-{world.unit.pk}"}
    _, found = fhir.get("Organization", identifier=world.unit.hsa_id)
    assert [o.id for o in entries(found)] == [f"unit-{world.unit.pk}"]
    _, questionnaires = fhir.get("Questionnaire", url=scenario.PHQ9_CANONICAL)
    (phq9,) = entries(questionnaires)
    assert phq9.version
    response, read = fhir.get(f"Questionnaire/{phq9.id}")
    assert response.status_code == 200 and read.url == scenario.PHQ9_CANONICAL


def test_every_read_is_an_access_event_naming_the_client(live_server, world, data):
    issued = make_client(world, units=[world.unit])
    fhir = FhirClient.with_client_credentials(live_server, issued)
    before = AccessEvent.objects.count()
    fhir.get(f"QuestionnaireResponse/{data.completed[0].pk}")
    fhir.get("QuestionnaireResponse", patient=str(world.citizen.pk))
    events = list(AccessEvent.objects.order_by("pk")[before:])
    assert len(events) == 2
    for event in events:
        assert event.actor_role == "api_client"
        assert event.actor_hsa_id == issued.client.code
        assert event.citizen_id == world.citizen.pk
        assert event.enrollment_id == data.enrollment.pk


def test_denials_other_provider_404_revoked_401_wrong_scope_403_bad_input_400(
    live_server, world, data
):
    theirs = make_client(world, provider=world.other_provider)
    fhir = FhirClient.with_client_credentials(live_server, theirs)
    for path in (
        f"Patient/{world.citizen.pk}",
        f"QuestionnaireResponse/{data.completed[0].pk}",
        f"EpisodeOfCare/{data.enrollment.pk}",
        f"Observation/total-{data.completed[0].pk}",
        f"Organization/unit-{world.unit.pk}",
    ):
        response, parsed = fhir.get(path)
        assert response.status_code == 404, path
        assert outcome_code(parsed) == "not-found"
    _, bundle = fhir.get("QuestionnaireResponse", patient=str(world.citizen.pk))
    assert bundle.total == 0
    narrow = make_client(world, scopes=["system/Organization.read"])
    fhir = FhirClient.with_client_credentials(live_server, narrow)
    response, parsed = fhir.get("QuestionnaireResponse")
    assert response.status_code == 403 and outcome_code(parsed) == "forbidden"
    for bad in ({"_count": "-1"}, {"authored": "yesterday"}, {"status": "done"}):
        response, parsed = FhirClient.with_client_credentials(
            live_server, make_client(world, name="B")
        ).get("QuestionnaireResponse", **bad)
        assert response.status_code == 400, bad
        assert outcome_code(parsed) == "invalid"
    mine = make_client(world, name="Revoked")
    fhir = FhirClient.with_client_credentials(live_server, mine)
    services.revoke_client(actor=world.provider_admin, client=mine.client)
    response, parsed = fhir.get("Organization")
    assert response.status_code == 401 and outcome_code(parsed) == "login"
    response, parsed = FhirClient(fhir.base).get("Organization")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def _phq9_resource(citizen_id: int, value: str, status: str = "completed") -> dict:
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": scenario.PHQ9_CANONICAL,
        "status": status,
        "subject": {"reference": f"Patient/{citizen_id}"},
        "item": [
            {"linkId": str(n), "answer": [{"valueCoding": {"code": value}}]} for n in range(1, 10)
        ],
    }


def test_a_system_posts_a_phq9_scored_and_flagged_as_on_the_web(live_server, world, data):
    issued = make_client(world, scopes=READ_WRITE, units=[world.unit])
    fhir = FhirClient.with_client_credentials(live_server, issued)
    missing = _phq9_resource(world.citizen.pk, "3")
    missing["item"] = missing["item"][:3]
    response, parsed = fhir.post("QuestionnaireResponse", missing)
    assert response.status_code == 422 and outcome_code(parsed) == "processing"
    response, created = fhir.post("QuestionnaireResponse", _phq9_resource(world.citizen.pk, "3"))
    assert response.status_code == 201, response.text
    assert response.headers["Location"].endswith(f"/QuestionnaireResponse/{data.due.pk}")
    assert created.status == "completed"
    stored = QuestionnaireResponse.objects.get(pk=data.due.pk)
    assert stored.score["total"] == 27
    # The same flag rule as the portal: PHQ-9's prioritised alert raises a red flag.
    assert Flag.objects.filter(enrollment=data.enrollment, level=Flag.Level.RED).exists()
    event = AccessEvent.objects.filter(action="questionnaire.complete").latest("pk")
    assert event.actor_hsa_id == issued.client.code and event.actor_id == world.citizen.pk
    # Nothing open any more: a second post finds no questionnaire to answer.
    response, _ = fhir.post("QuestionnaireResponse", _phq9_resource(world.citizen.pk, "1"))
    assert response.status_code == 404
    reader = FhirClient.with_client_credentials(live_server, make_client(world, name="R"))
    response, parsed = reader.post("QuestionnaireResponse", _phq9_resource(world.citizen.pk, "1"))
    assert response.status_code == 403


def test_bad_bodies_are_400_not_500(live_server, world, data):
    issued = make_client(world, scopes=READ_WRITE)
    fhir = FhirClient.with_client_credentials(live_server, issued)
    for body in ({"resourceType": "Patient"}, {"resourceType": "QuestionnaireResponse"}):
        response, _parsed = fhir.post("QuestionnaireResponse", body)
        assert response.status_code == 400, body
    response = requests.post(
        f"{fhir.base}/QuestionnaireResponse",
        data=b"{not json",
        headers={"Authorization": f"Bearer {fhir.token}", "Content-Type": "application/fhir+json"},
        timeout=30,
    )
    assert response.status_code == 400
