"""`$export` (FHIR Bulk Data Access IG v2): kick-off, status, files (docs/api.md).

`GET /fhir/$export?_type=QuestionnaireResponse&program=<key>[&_since=<instant>]` with
`Prefer: respond-async` starts an export of one program's completed responses at the client's
units, pseudonymised as the research export; the answer is 202 with the status URL in
`Content-Location`. The status URL answers 202 (with `X-Progress`) while it runs, 200 with the
manifest when done, an OperationOutcome when it failed; DELETE cancels it or deletes its files.
Only the client that asked sees its job: for any other it is "not found".
"""

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from stegvis.api.bulk import files
from stegvis.api.bulk.services import (
    ExportParams,
    cancel_export,
    export_for,
    record_download,
    start_export,
)
from stegvis.api.fhir.common import parse_instant
from stegvis.api.fhir.http import fhir_endpoint, outcome
from stegvis.api.models import BulkExport

Status = BulkExport.Status
RESOURCE = "QuestionnaireResponse"
OUTPUT_FORMATS = ("application/fhir+ndjson", "application/ndjson", "ndjson")
_SUPPORTED = {"_type", "program", "_since", "_outputFormat"}
_ACCEPTED = ("application/fhir+json", "application/json", "*/*")
RETRY_AFTER = "5"


def _params(request) -> ExportParams:
    """The kick-off's parameters, or ValidationError (400) naming what is wrong."""
    if "respond-async" not in request.headers.get("Prefer", ""):
        raise ValidationError("Prefer: respond-async is required (krävs).")
    accept = request.headers.get("Accept", "")
    if accept and not any(kind in accept for kind in _ACCEPTED):
        raise ValidationError("Accept: application/fhir+json is required (krävs).")
    unsupported = sorted(set(request.GET) - _SUPPORTED)
    if unsupported:
        raise ValidationError(f"Not supported (stöds inte): {', '.join(unsupported)}.")
    types = request.GET.get("_type", RESOURCE)
    if types.split(",") != [RESOURCE]:
        raise ValidationError("_type: only QuestionnaireResponse (bara QuestionnaireResponse).")
    output_format = request.GET.get("_outputFormat", OUTPUT_FORMATS[0])
    if output_format not in OUTPUT_FORMATS:
        raise ValidationError("_outputFormat: application/fhir+ndjson only (bara NDJSON).")
    program = request.GET.get("program", "").strip()
    if not program:
        raise ValidationError("program: the program's key is required (programmets nyckel).")
    since = request.GET.get("_since")
    moment = parse_instant(since) if since else None
    return ExportParams(program_key=program, since=moment, request_url=request.build_absolute_uri())


@fhir_endpoint(RESOURCE)
def kickoff(request, caller):
    job = start_export(caller=caller, params=_params(request))
    status_url = request.build_absolute_uri(reverse("fhir:export_status", args=[job.public_id]))
    return outcome(
        202,
        "Export accepted; poll the Content-Location URL.",
        "Exporten är beställd; fråga efter den på adressen i Content-Location.",
        code="informational",
        severity="information",
        headers={"Content-Location": status_url},
    )


_URL_NAMES = {files.NDJSON: "fhir:export_file", files.CODEBOOK: "fhir:export_codebook"}


def _file_url(request, job: BulkExport, name: str) -> str:
    return request.build_absolute_uri(reverse(_URL_NAMES[name], args=[job.public_id]))


def manifest(request, job: BulkExport) -> dict:
    """The completion manifest: where the files are (they need the same client's token)."""
    output = []
    if job.response_count:
        output.append(
            {
                "type": RESOURCE,
                "url": _file_url(request, job, files.NDJSON),
                "count": job.response_count,
            }
        )
    return {
        "transactionTime": timezone.localtime(job.transaction_time).isoformat(),
        "request": job.request_url,
        "requiresAccessToken": True,
        "output": output,
        "error": [],
        "extension": {"codebook": _file_url(request, job, files.CODEBOOK)},
    }


@fhir_endpoint(RESOURCE, methods={"GET": "read", "DELETE": "read"})
def status(request, caller, public_id):
    job = export_for(caller, public_id)
    if request.method == "DELETE":
        cancel_export(caller=caller, job=job)
        return HttpResponse(status=202)
    if job.running:
        response = HttpResponse(status=202)
        started = job.status == Status.IN_PROGRESS
        response["X-Progress"] = f"in progress: {job.progress} responses" if started else "queued"
        response["Retry-After"] = RETRY_AFTER
        return response
    if job.status == Status.FAILED:
        return outcome(422, job.error, "Exporten misslyckades.", code="exception")
    return JsonResponse(manifest(request, job), json_dumps_params={"ensure_ascii": False})


@fhir_endpoint(RESOURCE)
def output(request, caller, public_id, name: str):
    job = export_for(caller, public_id)
    path = files.path_of(job, name)
    if name not in files.FILES or job.status != Status.COMPLETED or not path.is_file():
        return outcome(404, "No such file.", "Filen finns inte.")
    if name == files.NDJSON:
        record_download(caller, job)
    return FileResponse(path.open("rb"), content_type=files.FILES[name])
