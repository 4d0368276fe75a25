"""A citizen admin downloads a citizen's record (PDF, JSON or FHIR) for the patient record or on
the citizen's request: the provider's part, for a citizen in care at the active unit."""

from django.http import Http404
from django.views.decorators.http import require_POST

from stegvis.api.fhir.record import record_bundle
from stegvis.clinic.views.citizens import _FOUND_KEY
from stegvis.organisation.access import unit_permission_required
from stegvis.records import services
from stegvis.records.responses import streamed
from stegvis.security.ratelimits import rate_limited


@unit_permission_required("records.export_citizen_record")
@require_POST
@rate_limited("record_export")
def download(request, citizen_id: int, fmt: str):
    # Like the citizen's page: only after a lookup by personnummer in this session.
    if citizen_id not in request.session.get(_FOUND_KEY, []):
        raise Http404
    citizen = services.citizen_for_export(actor=request.user, unit=request.unit, pk=citizen_id)
    download = services.export_record(
        actor=request.user, citizen=citizen, fmt=fmt, unit=request.unit, fhir=record_bundle
    )
    return streamed(download)
