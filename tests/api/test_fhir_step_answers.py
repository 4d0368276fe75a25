"""POST QuestionnaireResponse to a questionnaire placed in a step, over HTTP, as a client would.

The step is named with the `program-step` extension; the answers go through the portal's own
service (scoring, flags, the access event naming the client), and the portal's rules hold.
Every response is parsed with fhir.resources (tests/api/live.py).
"""

import pytest
import requests
from django.urls import reverse

from stegvis.api.fhir.questionnaire_response import EPISODE_EXTENSION, STEP_EXTENSION
from stegvis.api.models import ApiClient
from stegvis.audit.models import AccessEvent
from stegvis.care.models import Enrollment, Flag, Phase, QuestionnaireResponse
from tests.api import scenario
from tests.api.conftest import make_client
from tests.api.live import FhirClient, entries, outcome_code
from tests.api.pkce import REDIRECT, allow_form, challenge, code_from, token_form
from tests.api.test_patient_app_live import _token as patient_token
from tests.care_documents import care_document
from tests.factories import ReleaseFactory
from tests.portal.fixtures import make_enrollment
from tests.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

READ_WRITE = ["system/*.read", "system/QuestionnaireResponse.write"]
GAD7_CANONICAL = "https://stegvis.se/fhir/Questionnaire/gad7"


@pytest.fixture
def data(world):
    return scenario.build(world)


def _steps_release(world, key: str = "depression"):
    """A release whose step "intro-1" (open at start) holds a PHQ-9 and "relapse-1" (opened
    by the practitioner) a GAD-7 (tests/care_documents.py)."""
    return ReleaseFactory(owner=world.provider, document=care_document(key), active_at=world.unit)


@pytest.fixture
def steps(world, data):
    """The citizen's second enrollment at the unit, in the release with questionnaire steps."""
    return make_enrollment(
        world.citizen, world.unit, _steps_release(world), practitioner=world.practitioner
    )


def _step_answer(citizen_id: int, step: str, value: str = "3", **options) -> dict:
    extensions = [{"url": STEP_EXTENSION, "valueString": step}]
    if options.get("episode"):
        extensions.append(
            {
                "url": EPISODE_EXTENSION,
                "valueReference": {"reference": f"EpisodeOfCare/{options['episode']}"},
            }
        )
    count = options.get("items", 9)
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": options.get("questionnaire", scenario.PHQ9_CANONICAL),
        "status": "completed",
        "subject": {"reference": f"Patient/{citizen_id}"},
        "extension": extensions,
        "item": [
            {"linkId": str(n), "answer": [{"valueCoding": {"code": value}}]}
            for n in range(1, count + 1)
        ],
    }


def _system(live_server, world, scopes=READ_WRITE, units=None):
    issued = make_client(world, scopes=scopes, units=units or [world.unit])
    return FhirClient.with_client_credentials(live_server, issued), issued


def _issue(parsed) -> tuple[str, str, str]:
    issue = parsed.issue[0]
    return issue.code, issue.diagnostics, issue.details.text


def test_a_system_answers_a_steps_phq9_scored_flagged_and_shown_on_the_web(
    live_server, world, data, steps, login
):
    fhir, issued = _system(live_server, world)
    response, created = fhir.post(
        "QuestionnaireResponse", _step_answer(world.citizen.pk, "intro-1")
    )
    assert response.status_code == 201, response.text
    stored = QuestionnaireResponse.objects.get(pk=created.id)
    assert stored.occasion == "block:intro-phq9" and stored.enrollment_id == steps.pk
    assert stored.score["total"] == 27 and stored.due_at is None
    assert {e.url: e for e in created.extension}[STEP_EXTENSION].valueString == "intro-1"
    # The scheduled open PHQ-9 is untouched: the step was named.
    assert QuestionnaireResponse.objects.get(pk=data.due.pk).completed_at is None
    # The portal's flag rule: PHQ-9's prioritised alert is a red flag.
    assert Flag.objects.filter(enrollment=steps, level=Flag.Level.RED).exists()
    event = AccessEvent.objects.filter(action="questionnaire.complete").latest("pk")
    assert event.actor_hsa_id == issued.client.code and event.actor_id == world.citizen.pk
    # In the search, with the step named ...
    _, bundle = fhir.get(
        "QuestionnaireResponse", patient=f"Patient/{world.citizen.pk}", status="completed"
    )
    found = {r.id: r for r in entries(bundle)}
    assert str(stored.pk) in found
    # ... and on the citizen's step page, answered with the total.
    page = login(world.citizen).get(reverse("portal:step", args=[steps.pk, "intro-1"]))
    block = next(b for b in page.context["blocks"] if b["key"] == "intro-phq9")
    assert block["completed"] and block["summary"]["total"] == 27
    # Completed once: a second answer is a conflict, as the portal keeps it unchanged.
    response, parsed = fhir.post("QuestionnaireResponse", _step_answer(world.citizen.pk, "intro-1"))
    assert response.status_code == 409 and outcome_code(parsed) == "conflict"


def test_an_incomplete_step_answer_is_422_with_every_problem_and_in_progress_is_a_draft(
    live_server, world, steps
):
    fhir, _issued = _system(live_server, world)
    body = _step_answer(world.citizen.pk, "intro-1", items=3)
    response, parsed = fhir.post("QuestionnaireResponse", body)
    assert response.status_code == 422 and outcome_code(parsed) == "processing"
    body["status"] = "in-progress"
    response, created = fhir.post("QuestionnaireResponse", body)
    assert response.status_code == 201 and created.status == "in-progress"
    draft = QuestionnaireResponse.objects.get(pk=created.id)
    assert draft.completed_at is None and draft.answers == {"1": "3", "2": "3", "3": "3"}


def test_another_patient_or_a_unit_out_of_reach_is_not_found(live_server, client, world, steps):
    fhir, _issued = _system(live_server, world)
    # The other citizen's enrollment is at the provider's other unit, not the client's.
    response, parsed = fhir.post(
        "QuestionnaireResponse", _step_answer(world.other_citizen.pk, "intro-1")
    )
    assert response.status_code == 404 and outcome_code(parsed) == "not-found"
    # A citizen's app answers for its own citizen only, even at the same unit.
    make_enrollment(world.other_citizen, world.unit, steps.release)
    token, app_client = patient_token(live_server, client, world)
    app = FhirClient(f"{live_server.url}/fhir", token)
    response, _ = app.post("QuestionnaireResponse", _step_answer(world.other_citizen.pk, "intro-1"))
    assert response.status_code == 404
    response, _ = app.post("QuestionnaireResponse", _step_answer(world.citizen.pk, "intro-1"))
    assert response.status_code == 201, response.text
    event = AccessEvent.objects.filter(action="questionnaire.complete").latest("pk")
    assert event.actor_id == world.citizen.pk and event.actor_hsa_id == app_client.code
    assert not QuestionnaireResponse.objects.filter(
        enrollment__citizen=world.other_citizen, occasion="block:intro-phq9"
    ).exists()


def test_a_locked_module_or_a_closed_program_is_refused_in_both_languages(
    live_server, world, steps
):
    fhir, _issued = _system(live_server, world)
    # Återfallsprevention opens when the practitioner opens it: not yet.
    body = _step_answer(world.citizen.pk, "relapse-1", "1", questionnaire=GAD7_CANONICAL, items=7)
    response, parsed = fhir.post("QuestionnaireResponse", body)
    assert response.status_code == 422
    code, english, swedish = _issue(parsed)
    assert code == "business-rule" and "not open" in english, english
    assert "inte öppen" in swedish
    assert not QuestionnaireResponse.objects.filter(occasion="block:relapse-gad7").exists()
    Enrollment.objects.filter(pk=steps.pk).update(phase=Phase.CLOSED)
    response, parsed = fhir.post("QuestionnaireResponse", _step_answer(world.citizen.pk, "intro-1"))
    assert response.status_code == 422
    code, english, swedish = _issue(parsed)
    assert code == "business-rule" and "closed" in english and "avslutat" in swedish


def test_an_unknown_step_or_a_questionnaire_not_in_it_is_422(live_server, world, steps):
    fhir, _issued = _system(live_server, world)
    for body in (
        _step_answer(world.citizen.pk, "no-such-step"),
        _step_answer(world.citizen.pk, "intro-2"),  # a step without a questionnaire
        _step_answer(world.citizen.pk, "intro-1", questionnaire=GAD7_CANONICAL, items=7),
        _step_answer(world.citizen.pk, "intro-1#not-a-block"),
    ):
        response, parsed = fhir.post("QuestionnaireResponse", body)
        assert response.status_code == 422, body
        code, english, swedish = _issue(parsed)
        assert code == "processing" and "No step" in english and "inget steg" in swedish
    empty = _step_answer(world.citizen.pk, "intro-1")
    empty["extension"][0]["valueString"] = " "
    response, _ = fhir.post("QuestionnaireResponse", empty)
    assert response.status_code == 400


def test_a_step_in_two_enrollments_is_ambiguous_until_the_episode_is_named(
    live_server, world, steps
):
    second = make_enrollment(world.citizen, world.unit, _steps_release(world, "sleep"))
    fhir, _issued = _system(live_server, world)
    response, parsed = fhir.post("QuestionnaireResponse", _step_answer(world.citizen.pk, "intro-1"))
    assert response.status_code == 422
    code, english, swedish = _issue(parsed)
    assert code == "multiple-matches"
    assert "episode-of-care" in english and "inskrivningar" in swedish
    body = _step_answer(world.citizen.pk, "intro-1", episode=second.pk)
    response, created = fhir.post("QuestionnaireResponse", body)
    assert response.status_code == 201, response.text
    assert QuestionnaireResponse.objects.get(pk=created.id).enrollment_id == second.pk


def test_two_open_scheduled_ones_are_ambiguous_422_in_both_languages(live_server, world, data):
    scenario.open_phq9(data.enrollment, 10)
    fhir, _issued = _system(live_server, world)
    body = _step_answer(world.citizen.pk, "intro-1")
    body.pop("extension")
    response, parsed = fhir.post("QuestionnaireResponse", body)
    assert response.status_code == 422
    code, english, swedish = _issue(parsed)
    assert code == "multiple-matches" and "Several" in english and "Flera" in swedish


def test_a_token_without_the_write_scope_is_refused(live_server, client, world, steps):
    reader, _issued = _system(live_server, world, scopes=["system/*.read"])
    response, parsed = reader.post(
        "QuestionnaireResponse", _step_answer(world.citizen.pk, "intro-1")
    )
    assert response.status_code == 403 and outcome_code(parsed) == "forbidden"
    # A citizen's app allowed to read only.
    app = make_client(
        world,
        kind=ApiClient.Kind.PATIENT_APP,
        scopes=["patient/*.read"],
        redirect_uris=REDIRECT,
        name="Läsapp",
    )
    verifier, code_challenge = challenge()
    sign_in(client, world.citizen)
    answer = client.post(
        "/oauth/authorize/", allow_form(app.client_id, code_challenge, "patient/*.read")
    )
    token = requests.post(
        f"{live_server.url}/oauth/token/",
        data=token_form(app.client_id, code_from(answer["Location"])["code"], verifier),
        timeout=30,
    ).json()["access_token"]
    response, parsed = FhirClient(f"{live_server.url}/fhir", token).post(
        "QuestionnaireResponse", _step_answer(world.citizen.pk, "intro-1")
    )
    assert response.status_code == 403 and outcome_code(parsed) == "forbidden"
    assert not QuestionnaireResponse.objects.filter(occasion="block:intro-phq9").exists()


def test_a_step_holding_the_questionnaire_twice_needs_the_block_named(live_server, world, data):
    document = care_document("twice")
    intro = document["modules"][0]["sections"][0]["steps"][0]
    intro["blocks"].append({"type": "questionnaire", "key": "intro-phq9b", "questionnaire": "phq9"})
    release = ReleaseFactory(owner=world.provider, document=document, active_at=world.unit)
    enrollment = make_enrollment(world.citizen, world.unit, release)
    fhir, _issued = _system(live_server, world)
    response, parsed = fhir.post("QuestionnaireResponse", _step_answer(world.citizen.pk, "intro-1"))
    assert response.status_code == 422
    code, english, swedish = _issue(parsed)
    assert code == "multiple-matches" and "intro-phq9, intro-phq9b" in english
    assert "<steg>#<block>" in swedish
    body = _step_answer(world.citizen.pk, "intro-1#intro-phq9b", "0")
    response, created = fhir.post("QuestionnaireResponse", body)
    assert response.status_code == 201, response.text
    stored = QuestionnaireResponse.objects.get(pk=created.id)
    assert stored.enrollment_id == enrollment.pk and stored.occasion == "block:intro-phq9b"
    steps = {e.url: e.valueString for e in created.extension if e.url == STEP_EXTENSION}
    assert steps == {STEP_EXTENSION: "intro-1#intro-phq9b"}


def test_a_version_the_step_does_not_hold_is_422(live_server, world, steps):
    fhir, _issued = _system(live_server, world)
    body = _step_answer(world.citizen.pk, "intro-1")
    body["questionnaire"] = f"{scenario.PHQ9_CANONICAL}|0.0.1-not-this"
    response, parsed = fhir.post("QuestionnaireResponse", body)
    assert response.status_code == 422 and outcome_code(parsed) == "processing"
