"""The API's QuestionnaireResponse is the JSON fhir.resources would write for it.

A search returns the resource as built after validating it once (stegvis/api/fhir/
questionnaire_response.py), no longer fhir.resources' dump of it: the dump was most of a
search's time. These hold the two equal over every response the demo has (each program's
instruments, begun and completed, scored and banded, scheduled and in a step), so a change to
how a resource is built cannot slip past what a FHIR client read before."""

import datetime as dt
import json

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse

from stegvis.api.fhir.common import instant
from stegvis.api.fhir.questionnaire_response import response_resource
from stegvis.care.models import QuestionnaireResponse


def _dumped(resource: dict) -> dict:
    return FhirResponse.model_validate(resource).model_dump(mode="json", exclude_none=True)


def test_every_demo_response_is_what_fhir_resources_writes(full_demo):
    responses = QuestionnaireResponse.objects.select_related("enrollment__release")
    kinds = set()
    for response in responses:
        resource = response_resource(response)
        assert json.loads(json.dumps(resource)) == _dumped(resource), response.pk
        kinds.add((response.questionnaire_key, resource["status"], "item" in resource))
    # Enough variety to mean something: several instruments, begun and completed, and some
    # with nothing answered yet (no "item" at all: FHIR has no empty arrays).
    assert len({key for key, _status, _items in kinds}) >= 3
    assert {status for _key, status, _items in kinds} == {"completed", "in-progress"}
    assert any(not has_items for _key, _status, has_items in kinds)


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        ("2025-07-22T08:03:59+00:00", "2025-07-22T08:03:59Z"),
        ("2025-07-22T08:03:59.123456+00:00", "2025-07-22T08:03:59.123456Z"),
        ("2025-07-22T10:03:59+02:00", "2025-07-22T10:03:59+02:00"),
    ],
)
def test_an_instant_is_written_as_fhir_resources_writes_it(moment, written):
    parsed = dt.datetime.fromisoformat(moment)
    assert instant(parsed) == written
    dumped = _dumped(
        {"resourceType": "QuestionnaireResponse", "status": "completed", "authored": moment}
    )
    assert dumped["authored"] == written
