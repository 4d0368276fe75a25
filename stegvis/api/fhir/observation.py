"""`Observation`: the total score (and band) of a completed questionnaire response.

One per scored response, id `total-<response id>`, `derivedFrom` the response. Coded with
LOINC where the instrument's total has a code (PHQ-9 total 44261-6, GAD-7 total 70274-6; see
common.TOTAL_LOINC) and always with Stegvis's own code `<instrument>-total`. The band is the
Observation's `interpretation`. Search by `patient`, `code` and `derived-from`.
"""

from stegvis.api.fhir.bundle import page_of, searchset
from stegvis.api.fhir.common import LOINC, STEGVIS, TOTAL_LOINC, etag, meta, reference_id
from stegvis.api.fhir.http import fhir_endpoint, fhir_response, not_found
from stegvis.api.fhir.questionnaire_response import visible_responses
from stegvis.instruments.fhir.common import STEGVIS_BAND_SYSTEM

SCORE_SYSTEM = f"{STEGVIS}/CodeSystem/instrument-score"


def _codings(instrument: str) -> list[dict]:
    codings = []
    if instrument in TOTAL_LOINC:
        code, display = TOTAL_LOINC[instrument]
        codings.append({"system": LOINC, "code": code, "display": display})
    codings.append({"system": SCORE_SYSTEM, "code": f"{instrument}-total"})
    return codings


def observation_resource(response) -> dict:
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.observation import Observation

    score = response.score
    enrollment = response.enrollment
    data = {
        "resourceType": "Observation",
        "id": f"total-{response.pk}",
        "meta": meta(response.updated_at),
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                    }
                ]
            }
        ],
        "code": {"coding": _codings(score.get("instrument", ""))},
        "subject": {"reference": f"Patient/{enrollment.citizen_id}"},
        "effectiveDateTime": response.completed_at.isoformat(),
        "derivedFrom": [{"reference": f"QuestionnaireResponse/{response.pk}"}],
        "valueQuantity": {"value": score["total"], "unit": "{score}"},
    }
    band = score.get("band")
    if band:
        data["interpretation"] = [
            {
                "coding": [{"system": STEGVIS_BAND_SYSTEM, "code": band["code"]}],
                "text": (band.get("label") or {}).get("sv", band["code"]),
            }
        ]
    return Observation.model_validate(data).model_dump(mode="json", exclude_none=True)


def _scored(caller):
    return visible_responses(caller).filter(completed_at__isnull=False, score__total__isnull=False)


@fhir_endpoint("Observation")
def read(request, caller, pk: int):
    response = _scored(caller).filter(pk=pk).first()
    if response is None:
        raise not_found()
    caller.record_read(response.enrollment, target=response)
    resource = observation_resource(response)
    return fhir_response(resource, headers=etag(resource))


def _code_filter(value: str) -> dict | None:
    system, _sep, code = value.rpartition("|")
    for instrument, (loinc_code, _display) in TOTAL_LOINC.items():
        if code == loinc_code and system in ("", LOINC):
            return {"score__instrument": instrument}
    if code.endswith("-total") and system in ("", SCORE_SYSTEM):
        return {"score__instrument": code.removesuffix("-total")}
    return None


@fhir_endpoint("Observation")
def search(request, caller):
    page = page_of(request)
    qs = _scored(caller).order_by("completed_at", "pk")
    patient = reference_id(request.GET.get("patient"), "Patient")
    if patient is not None:
        qs = qs.filter(enrollment__citizen_id=patient)
    derived = reference_id(request.GET.get("derived-from"), "QuestionnaireResponse")
    if derived is not None:
        qs = qs.filter(pk=derived)
    if request.GET.get("code"):
        lookups = _code_filter(request.GET["code"])
        qs = qs.filter(**lookups) if lookups is not None else qs.none()
    total = qs.count()
    window = list(qs[page.offset : page.offset + page.count])
    caller.record_reads(
        [(r.enrollment.citizen_id, r.enrollment_id, r.enrollment.unit_id) for r in window]
    )
    return fhir_response(searchset(request, [observation_resource(r) for r in window], total, page))
