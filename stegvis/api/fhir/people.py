"""`Patient` (a citizen in care of the caller's units) and `Practitioner` (staff, by HSA-id).

A Patient exists for the caller only through a care relationship: an enrollment the caller may
see. Anyone else is 404. Reading a Patient is reading citizen data: an access event per read.
A Practitioner is staff with an active role at one of the caller's units.
"""

from stegvis.api.fhir.bundle import page_of, searchset
from stegvis.api.fhir.common import HSA_ID, citizen_identifier
from stegvis.api.fhir.http import fhir_endpoint, fhir_response, not_found
from stegvis.organisation.models import RoleGrant, User


def patient_resource(citizen: User) -> dict:
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.patient import Patient

    data = {
        "resourceType": "Patient",
        "id": str(citizen.pk),
        "identifier": [citizen_identifier(citizen.personnummer)] if citizen.personnummer else [],
        "active": citizen.is_active,
        "name": [
            {
                "family": citizen.last_name,
                "given": [citizen.first_name] if citizen.first_name else [],
            }
        ],
    }
    return Patient.model_validate(data).model_dump(mode="json", exclude_none=True)


def practitioner_resource(staff: User) -> dict:
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.practitioner import Practitioner

    data = {
        "resourceType": "Practitioner",
        "id": str(staff.pk),
        "identifier": [{"system": HSA_ID, "value": staff.hsa_id}] if staff.hsa_id else [],
        "active": staff.is_active,
        "name": [
            {"family": staff.last_name, "given": [staff.first_name] if staff.first_name else []}
        ],
    }
    return Practitioner.model_validate(data).model_dump(mode="json", exclude_none=True)


def _enrollment_of(caller, citizen_id: int):
    return (
        caller.enrollments()
        .filter(citizen_id=citizen_id)
        .select_related("citizen", "unit")
        .order_by("pk")
        .first()
    )


@fhir_endpoint("Patient")
def patient_read(request, caller, pk: int):
    enrollment = _enrollment_of(caller, pk)
    if enrollment is None:
        raise not_found()
    caller.record_read(enrollment, target=enrollment.citizen)
    return fhir_response(patient_resource(enrollment.citizen))


def _identifier_value(request) -> str | None:
    # POST _search keeps the personnummer out of URLs (and so out of access logs of proxies).
    params = request.POST if request.method == "POST" else request.GET
    raw = params.get("identifier")
    if raw is None:
        return None
    _system, _sep, value = raw.rpartition("|")
    return value.replace("-", "").strip()


@fhir_endpoint("Patient", methods={"GET": "read", "POST": "read"})
def patient_search(request, caller):
    """Citizens with an enrollment the caller may see; by `identifier` (personnummer)."""
    page = page_of(request)
    citizens = User.objects.filter(pk__in=caller.enrollments().values("citizen_id"))
    value = _identifier_value(request)
    if value is not None:
        citizens = citizens.filter(personnummer=value)
    total = citizens.count()
    window = list(citizens.order_by("pk")[page.offset : page.offset + page.count])
    # One read per citizen shown, at (one of) the units where the caller sees them.
    seen = {}
    for citizen_id, pk, unit_id in (
        caller.enrollments()
        .filter(citizen_id__in=[c.pk for c in window])
        .order_by("pk")
        .values_list("citizen_id", "pk", "unit_id")
    ):
        seen.setdefault(citizen_id, (citizen_id, pk, unit_id))
    caller.record_reads(list(seen.values()))
    resources = [patient_resource(citizen) for citizen in window]
    return fhir_response(searchset(request, resources, total, page))


@fhir_endpoint("Practitioner")
def practitioner_read(request, caller, pk: int):
    works_here = RoleGrant.objects.active().filter(staff_id=pk, unit_id__in=caller.unit_ids)
    staff = User.objects.filter(pk=pk, kind=User.Kind.STAFF).first()
    if staff is None or not works_here.exists():
        raise not_found()
    return fhir_response(practitioner_resource(staff))
