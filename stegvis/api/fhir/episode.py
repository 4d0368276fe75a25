"""`EpisodeOfCare`: an enrollment (program, version, phase, unit, responsible practitioner)."""

from stegvis.api.fhir.bundle import page_of, searchset
from stegvis.api.fhir.common import STEGVIS, etag, meta, reference_id
from stegvis.api.fhir.http import fhir_endpoint, fhir_response, not_found
from stegvis.care.models import Enrollment, Phase

PROGRAM_SYSTEM = f"{STEGVIS}/program"
PHASE_EXTENSION = f"{STEGVIS}/StructureDefinition/enrollment-phase"
RELEASE_EXTENSION = f"{STEGVIS}/StructureDefinition/program-version"
_STATUS = {
    Phase.QUEUED: "waitlist",
    Phase.TREATMENT: "active",
    Phase.MAINTENANCE: "active",
    Phase.CLOSED: "finished",
}


def episode_resource(enrollment: Enrollment) -> dict:
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.episodeofcare import EpisodeOfCare

    release = enrollment.release
    period = {"start": enrollment.start_date.isoformat()}
    if enrollment.closed_at is not None:
        period["end"] = enrollment.closed_at.date().isoformat()
    data = {
        "resourceType": "EpisodeOfCare",
        "id": str(enrollment.pk),
        "meta": meta(enrollment.phase_changed_at),
        "extension": [
            {"url": PHASE_EXTENSION, "valueCode": enrollment.phase},
            {"url": RELEASE_EXTENSION, "valueString": f"{release.major}.{release.minor}"},
        ],
        "status": _STATUS[enrollment.phase],
        "type": [
            {
                "coding": [
                    {"system": PROGRAM_SYSTEM, "code": release.program_key, "display": release.name}
                ],
                "text": f"{release.name} {release.major}.{release.minor}",
            }
        ],
        "patient": {"reference": f"Patient/{enrollment.citizen_id}"},
        "managingOrganization": {"reference": f"Organization/unit-{enrollment.unit_id}"},
        "period": period,
    }
    if enrollment.practitioner_id:
        data["careManager"] = {"reference": f"Practitioner/{enrollment.practitioner_id}"}
    return EpisodeOfCare.model_validate(data).model_dump(mode="json", exclude_none=True)


def _visible(caller):
    return caller.enrollments().select_related("citizen", "unit", "release")


@fhir_endpoint("EpisodeOfCare")
def read(request, caller, pk: int):
    enrollment = _visible(caller).filter(pk=pk).first()
    if enrollment is None:
        raise not_found()
    caller.record_read(enrollment, target=enrollment)
    resource = episode_resource(enrollment)
    return fhir_response(resource, headers=etag(resource))


@fhir_endpoint("EpisodeOfCare")
def search(request, caller):
    page = page_of(request)
    enrollments = _visible(caller).order_by("pk")
    patient = reference_id(request.GET.get("patient"), "Patient")
    if patient is not None:
        enrollments = enrollments.filter(citizen_id=patient)
    total = enrollments.count()
    window = list(enrollments[page.offset : page.offset + page.count])
    caller.record_reads([(e.citizen_id, e.pk, e.unit_id) for e in window])
    resources = [episode_resource(e) for e in window]
    return fhir_response(searchset(request, resources, total, page))
