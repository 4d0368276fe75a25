"""`QuestionnaireResponse` read and search: the answers of the enrollments the caller may see.

Search parameters: `patient`, `questionnaire` (canonical URL, optionally `|version`),
`authored` (date with ge/gt/le/lt/eq prefixes), `status` (completed, in-progress), `_count`
and `_offset`. A completed response carries its total and band in Stegvis's score extension
and as an `Observation` (`Observation/total-<id>`, LOINC where one exists). Every response
shown is a read in the access log; `meta.versionId` and `ETag` change when it does.
"""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.functions import Coalesce

from stegvis.api.fhir.bundle import page_of, searchset
from stegvis.api.fhir.common import date_filters, etag, instant, meta, reference_id
from stegvis.api.fhir.http import fhir_endpoint, fhir_response, not_found
from stegvis.care.models import QuestionnaireResponse
from stegvis.catalog.parsed import release_document
from stegvis.instruments.fhir.common import STEGVIS, STEGVIS_BAND_SYSTEM, STEGVIS_SCORE
from stegvis.instruments.fhir.responses import response_data

EPISODE_EXTENSION = f"{STEGVIS}/StructureDefinition/episode-of-care"
# A questionnaire placed in a step: the step's key (`<step>#<block>` if the step has it twice).
STEP_EXTENSION = f"{STEGVIS}/StructureDefinition/program-step"
_STATUS = {"completed": False, "in-progress": True}


def _score_extension(score: dict) -> dict:
    parts = [
        {"url": "instrument", "valueString": score.get("instrument", "")},
        {"url": "version", "valueString": score.get("version", "")},
    ]
    if score.get("total") is not None:
        parts.append({"url": "total", "valueDecimal": score["total"]})
    band = score.get("band")
    if band:
        coding = {"system": STEGVIS_BAND_SYSTEM, "code": band["code"]}
        label = band.get("label") or {}
        if label.get("sv"):
            coding["display"] = label["sv"]
        parts.append({"url": "band", "valueCoding": coding})
    return {"url": STEGVIS_SCORE, "extension": parts}


def step_name(doc, occasion: str) -> str | None:
    """The `program-step` value of a step's questionnaire ("block:<key>"), None if scheduled."""
    if not occasion.startswith("block:"):
        return None
    found = doc.find_block(occasion.removeprefix("block:"))
    if found is None:
        return None
    _module, step, block = found
    twice = sum(1 for b in step.blocks if getattr(b, "questionnaire", None) == block.questionnaire)
    return f"{step.key}#{block.key}" if twice > 1 else step.key


def response_resource(response: QuestionnaireResponse) -> dict:
    """The response as FHIR: its answers (the instrument exporter), status, subject and score."""
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse

    enrollment = response.enrollment
    doc = release_document(enrollment.release)
    definition = doc.questionnaire_definition(response.questionnaire_key)
    completed = response.completed_at is not None
    authored = instant(response.completed_at or response.updated_at)
    data = response_data(definition, response.answers or {}, authored=authored)
    data.update(
        id=str(response.pk),
        meta=meta(response.updated_at),
        status="completed" if completed else "in-progress",
        subject={"reference": f"Patient/{enrollment.citizen_id}"},
        source={"reference": f"Patient/{enrollment.citizen_id}"},
    )
    extensions = [
        {
            "url": EPISODE_EXTENSION,
            "valueReference": {"reference": f"EpisodeOfCare/{enrollment.pk}"},
        }
    ]
    step = step_name(doc, response.occasion)
    if step is not None:
        extensions.append({"url": STEP_EXTENSION, "valueString": step})
    if completed and response.score:
        extensions.append(_score_extension(response.score))
    data["extension"] = extensions
    # Validated whole, once: the API never answers what is not FHIR. The dict itself is returned,
    # not fhir.resources' dump of it, which is the same JSON (tests/api/test_fhir_output.py) and
    # was most of a search's time (19 responses: 60 of 96 ms).
    FhirResponse.model_validate(data)
    return data


def visible_responses(caller):
    return QuestionnaireResponse.objects.filter(enrollment__in=caller.enrollments()).select_related(
        "enrollment__release", "enrollment__unit", "enrollment__citizen"
    )


def _questionnaire_filter(value: str) -> dict:
    """The canonical URL's last part is the questionnaire key; a `|version` pins its version."""
    url, _sep, version = value.partition("|")
    key = url.rstrip("/").rsplit("/", 1)[-1]
    if not key:
        raise ValidationError("questionnaire: a canonical URL is needed (en kanonisk URL).")
    lookups = {"questionnaire_key": key}
    if version:
        lookups["definition_version"] = version
    return lookups


def filtered(request, caller):
    """The caller's responses matching the search parameters, oldest authored first."""
    qs = visible_responses(caller).annotate(authored=Coalesce(F("completed_at"), F("updated_at")))
    patient = reference_id(request.GET.get("patient"), "Patient")
    if patient is not None:
        qs = qs.filter(enrollment__citizen_id=patient)
    if request.GET.get("questionnaire"):
        qs = qs.filter(**_questionnaire_filter(request.GET["questionnaire"]))
    qs = qs.filter(**date_filters(request.GET.getlist("authored"), "authored"))
    status = request.GET.get("status")
    if status is not None:
        if status not in _STATUS:
            raise ValidationError("status: completed or in-progress (slutförd eller pågående).")
        qs = qs.filter(completed_at__isnull=_STATUS[status])
    return qs.order_by("authored", "pk")


def search_page(request, caller) -> dict:
    page = page_of(request)
    qs = filtered(request, caller)
    total = qs.count()
    window = list(qs[page.offset : page.offset + page.count])
    rows = [(r.enrollment.citizen_id, r.enrollment_id, r.enrollment.unit_id) for r in window]
    caller.record_reads(rows)
    resources = [response_resource(r) for r in window]  # each validated as it is built
    return searchset(request, resources, total, page, validated=True)


@fhir_endpoint("QuestionnaireResponse")
def read(request, caller, pk: int):
    response = visible_responses(caller).filter(pk=pk).first()
    if response is None:
        raise not_found()
    caller.record_read(response.enrollment, target=response)
    resource = response_resource(response)
    return fhir_response(resource, headers=etag(resource))
