"""POST `QuestionnaireResponse`: answer an open questionnaire of an enrollment.

The body names the `subject` (Patient) and the `questionnaire` (canonical URL, optionally
`|version`); when the patient has more than one open questionnaire of that kind, the Stegvis
extension `episode-of-care` names the enrollment. "Open" is a scheduled questionnaire not yet
completed (what the citizen sees as due in the portal). The answers go through care's
`save_questionnaire`, the same service as the portal: the same checks, the same scoring, the
same flags and history. The citizen is the one who answered: a citizen's app acts as its
citizen, a system (a kiosk) on the citizen's behalf; the access event names the client.

`status: completed` completes and scores the response (422 with every problem, per linkId,
when an answer is missing or wrong); `in-progress` saves what is there. Answers to a response
already completed are 409.
"""

import json

from django.core.exceptions import ValidationError
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse
from pydantic import ValidationError as PydanticError

from stegvis.api import scopes as smart
from stegvis.api.auth import ApiError
from stegvis.api.fhir.bundle import base_url
from stegvis.api.fhir.common import etag, reference_id
from stegvis.api.fhir.http import fhir_endpoint, fhir_response, not_found
from stegvis.api.fhir.questionnaire_response import (
    EPISODE_EXTENSION,
    response_resource,
    search_page,
    visible_responses,
)
from stegvis.care.models import Phase
from stegvis.care.services.questionnaires import save_questionnaire
from stegvis.catalog.parsed import release_document
from stegvis.instruments.fhir import FhirImportError, answers_from_fhir_response


def _body(request) -> dict:
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


def _episode(data: dict) -> int | None:
    for extension in data.get("extension") or []:
        if extension.get("url") == EPISODE_EXTENSION:
            ref = (extension.get("valueReference") or {}).get("reference")
            return reference_id(ref, "EpisodeOfCare")
    return None


def _open_response(caller, data: dict):
    patient = reference_id((data.get("subject") or {}).get("reference"), "Patient")
    if patient is None:
        raise ValidationError("subject: a Patient reference is required (subject krävs).")
    canonical = data.get("questionnaire") or ""
    url, _sep, version = canonical.partition("|")
    key = url.rstrip("/").rsplit("/", 1)[-1]
    if not key:
        raise ValidationError("questionnaire: a canonical URL is required (krävs).")
    qs = visible_responses(caller).filter(
        enrollment__citizen_id=patient,
        questionnaire_key=key,
        due_at__isnull=False,
        completed_at__isnull=True,
    )
    if version:
        qs = qs.filter(definition_version__in=[version, ""])
    episode = _episode(data)
    if episode is not None:
        qs = qs.filter(enrollment_id=episode)
    found = list(qs.exclude(enrollment__phase=Phase.CLOSED).order_by("due_at", "pk")[:2])
    if not found:
        raise not_found()
    if len(found) > 1 and episode is None:
        raise ValidationError(
            "Several open questionnaires: name the EpisodeOfCare in the episode-of-care "
            "extension (flera öppna formulär: ange EpisodeOfCare)."
        )
    return found[0]


def _problems(errors: dict) -> ApiError:
    listed = "; ".join(f"{link}: {message}" for link, message in errors.items())
    return ApiError(
        422, "processing", f"Answers not accepted: {listed}", f"Svaren togs inte emot: {listed}"
    )


def create(request, caller):
    data = _body(request)
    response = _open_response(caller, data)
    enrollment = response.enrollment
    definition = release_document(enrollment.release).questionnaire_definition(
        response.questionnaire_key
    )
    try:
        answers = answers_from_fhir_response(definition, data)
    except FhirImportError as error:
        raise ValidationError(str(error)) from None
    actor = caller.user if caller.context == smart.PATIENT else enrollment.citizen
    complete = data.get("status") == "completed"
    result = save_questionnaire(
        actor=actor,
        enrollment=enrollment,
        occasion=response.occasion,
        answers=answers,
        complete=complete,
    )
    if complete and not result.completed:
        raise _problems(result.errors or {"": "incomplete"})
    saved = visible_responses(caller).get(pk=result.obj.pk)
    resource = response_resource(saved)
    location = base_url(request) + f"/QuestionnaireResponse/{saved.pk}"
    return fhir_response(resource, 201, {"Location": location, **etag(resource)})


@fhir_endpoint("QuestionnaireResponse", methods={"GET": "read", "POST": "write"})
def collection(request, caller):
    """GET searches the responses; POST answers an open questionnaire."""
    if request.method == "POST":
        return create(request, caller)
    return fhir_response(search_page(request, caller))
