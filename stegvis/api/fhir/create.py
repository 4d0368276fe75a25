"""POST `QuestionnaireResponse`: answer an open questionnaire of an enrollment.

The body names the `subject` (Patient) and the `questionnaire` (canonical URL, optionally
`|version`): a scheduled questionnaire not yet completed (what the citizen sees as due in the
portal), or, with the `program-step` extension, one placed in a step of an open module (what
the citizen answers on the step page); `placement.py` finds which, and refuses what the portal
would refuse. The answers go through care's `save_questionnaire`, the same service as the
portal: the same checks, the same scoring, the same flags and history. The citizen is the one
who answered: a citizen's app acts as its citizen, a system (a kiosk) on the citizen's behalf;
the access event names the client.

`status: completed` completes and scores the response (422 with every problem, per linkId,
when an answer is missing or wrong); `in-progress` saves what is there. Answers to a response
already completed are 409.
"""

import json

from django.core.exceptions import ValidationError
from pydantic import ValidationError as PydanticError

from stegvis.api import scopes as smart
from stegvis.api.auth import ApiError
from stegvis.api.fhir.bundle import base_url
from stegvis.api.fhir.common import etag
from stegvis.api.fhir.http import fhir_endpoint, fhir_response
from stegvis.api.fhir.placement import from_service, resolve
from stegvis.api.fhir.questionnaire_response import (
    response_resource,
    search_page,
    visible_responses,
)
from stegvis.care.services.questionnaires import save_questionnaire
from stegvis.catalog.parsed import release_document
from stegvis.instruments.fhir import FhirImportError, answers_from_fhir_response


def _body(request) -> dict:
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse

    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("The body is not JSON (innehållet är inte JSON).") from None
    if not isinstance(data, dict) or data.get("resourceType") != "QuestionnaireResponse":
        raise ValidationError(
            "A QuestionnaireResponse is expected (en QuestionnaireResponse förväntas)."
        )
    try:
        FhirResponse.model_validate(data)
    except PydanticError as error:
        first = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:5]
        )
        raise ValidationError(f"Invalid QuestionnaireResponse (ogiltig): {first}") from None
    return data


def _problems(errors: dict) -> ApiError:
    listed = "; ".join(f"{link}: {message}" for link, message in errors.items())
    return ApiError(
        422, "processing", f"Answers not accepted: {listed}", f"Svaren togs inte emot: {listed}"
    )


def create(request, caller):
    data = _body(request)
    target = resolve(caller, data)
    enrollment = target.enrollment
    definition = release_document(enrollment.release).questionnaire_definition(
        target.questionnaire_key
    )
    try:
        answers = answers_from_fhir_response(definition, data)
    except FhirImportError as error:
        raise ValidationError(str(error)) from None
    actor = caller.user if caller.context == smart.PATIENT else enrollment.citizen
    complete = data.get("status") == "completed"
    try:
        result = save_questionnaire(
            actor=actor,
            enrollment=enrollment,
            occasion=target.occasion,
            answers=answers,
            complete=complete,
        )
    except ValidationError as error:
        raise from_service(error) or error from None
    if complete and not result.completed:
        raise _problems(result.errors or {"": "incomplete"})
    saved = visible_responses(caller).get(pk=result.obj.pk)
    resource = response_resource(saved)
    location = base_url(request) + f"/QuestionnaireResponse/{saved.pk}"
    return fhir_response(resource, 201, {"Location": location, **etag(resource)})


@fhir_endpoint("QuestionnaireResponse", methods={"GET": "read", "POST": "write"})
def collection(request, caller):
    """GET searches the responses; POST answers an open questionnaire (scheduled or a step's)."""
    if request.method == "POST":
        return create(request, caller)
    return fhir_response(search_page(request, caller))
