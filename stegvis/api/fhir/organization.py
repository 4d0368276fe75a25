"""`Organization`: the caller's care provider and its units, identified by HSA-id.

A client sees its own provider and the units it is bound to (all the provider's when none).
Ids are `provider-<n>` and `unit-<n>`; another provider's organisation is 404.
"""

from stegvis.api.fhir.bundle import page_of, searchset
from stegvis.api.fhir.http import fhir_endpoint, fhir_response, not_found
from stegvis.organisation.models import CareProvider, CareUnit

HSA_SYSTEM = "urn:oid:1.2.752.129.2.1.4.1"


def _identifier(hsa_id: str | None) -> list[dict]:
    return [{"system": HSA_SYSTEM, "value": hsa_id}] if hsa_id else []


def provider_resource(provider: CareProvider) -> dict:
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.organization import Organization

    data = {
        "resourceType": "Organization",
        "id": f"provider-{provider.pk}",
        "identifier": _identifier(provider.hsa_id),
        "active": provider.is_active,
        "name": provider.name,
    }
    return Organization.model_validate(data).model_dump(mode="json", exclude_none=True)


def unit_resource(unit: CareUnit) -> dict:
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.organization import Organization

    data = {
        "resourceType": "Organization",
        "id": f"unit-{unit.pk}",
        "identifier": _identifier(unit.hsa_id),
        "active": unit.is_active,
        "name": unit.name,
        "partOf": {"reference": f"Organization/provider-{unit.provider_id}"},
    }
    return Organization.model_validate(data).model_dump(mode="json", exclude_none=True)


def _units(caller):
    return CareUnit.objects.filter(pk__in=caller.unit_ids).order_by("name", "pk")


def _hsa_filter(request) -> str | None:
    raw = request.GET.get("identifier")
    if raw is None:
        return None
    system, sep, value = raw.rpartition("|")
    if sep and system and system != HSA_SYSTEM:
        return ""  # another identifier system: nothing matches
    return value


@fhir_endpoint("Organization")
def search(request, caller):
    hsa_id = _hsa_filter(request)
    page = page_of(request)
    units = list(_units(caller))
    found = [provider_resource(caller.provider)] + [unit_resource(unit) for unit in units]
    hsa_ids = [caller.provider.hsa_id] + [unit.hsa_id for unit in units]
    if hsa_id is not None:
        found = [r for r, h in zip(found, hsa_ids, strict=True) if h and h == hsa_id]
    window = found[page.offset : page.offset + page.count]
    return fhir_response(searchset(request, window, len(found), page))


@fhir_endpoint("Organization")
def read(request, caller, kind: str, pk: int):
    if kind == "provider" and pk == caller.provider.pk:
        return fhir_response(provider_resource(caller.provider))
    if kind == "unit":
        unit = _units(caller).filter(pk=pk).first()
        if unit is not None:
            return fhir_response(unit_resource(unit))
    raise not_found()
