"""The citizen's "Ladda ner mina uppgifter": everything recorded about them, as PDF, JSON or
FHIR (the API's mappers build the FHIR Bundle; records sits below the API)."""

from django.shortcuts import render
from django.views.decorators.http import require_POST

from stegvis.api.fhir.record import record_bundle
from stegvis.organisation.access import citizen_required
from stegvis.records import services
from stegvis.records.responses import streamed
from stegvis.security.ratelimits import rate_limited


@citizen_required
def my_record(request):
    return render(request, "records/portal/record.html")


@citizen_required
@require_POST
@rate_limited("record_export")
def my_record_download(request, fmt: str):
    download = services.export_record(
        actor=request.user, citizen=request.user, fmt=fmt, fhir=record_bundle
    )
    return streamed(download)
