"""Export a citizen's record: fetch-check, record the access, and build the download.

Both the portal (the citizen's own) and the clinic (a citizen admin, for a citizen with a care
relationship at the unit) call `export_record`. The access event, naming the format, is written
before anything is sent, in its own transaction.

The FHIR form is built by the API's mappers (`stegvis.api.fhir.record.record_bundle`), which
sit above this app: the portals pass that builder in as `fhir`.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from stegvis.audit.recording import record_read
from stegvis.care.models import Enrollment
from stegvis.db import atomic_write
from stegvis.organisation.models import CareProvider, CareUnit, Citizen, Role, User
from stegvis.organisation.permissions import require_perm
from stegvis.records import export

FORMATS = {
    "json": "application/json",
    "pdf": "application/pdf",
    "fhir": "application/fhir+json; charset=utf-8",
}
EXTENSIONS = {"json": "json", "pdf": "pdf", "fhir": "fhir.json"}
CHUNK = 64 * 1024

# Builds the FHIR Bundle of a citizen's record (at a provider only, when given).
FhirBuilder = Callable[[Citizen, CareProvider | None], dict]


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    chunks: Iterator[bytes]


def citizen_for_export(*, actor: User, unit: CareUnit, pk: int) -> Citizen:
    """The citizen a citizen admin at `unit` may export: in care (now or before) at the unit.

    PermissionDenied without the role; Http404 for anyone else (no hint who exists).
    """
    require_perm(actor, "records.export_citizen_record", unit)
    citizen = Citizen.objects.filter(pk=pk, is_active=True).first()
    if citizen is None or not Enrollment.objects.filter(citizen=citizen, unit=unit).exists():
        raise Http404
    return citizen


def _chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), CHUNK):
        yield data[start : start + CHUNK]


def _json_chunks(record: dict) -> Iterator[bytes]:
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
    for piece in encoder.iterencode(record):
        yield piece.encode("utf-8")


@atomic_write
def _record_export(*, actor: User, citizen: Citizen, unit: CareUnit | None, fmt: str) -> None:
    # The event names the format (target "records.export:<fmt>").
    label = ("records.export", fmt)
    if actor.pk == citizen.pk:
        # The citizen's own export: logged (it carries all their data off the service), but it
        # is not listed among others' accesses (accesses_to leaves out the citizen's own).
        record_read(
            actor=actor, action="record.exported_by_citizen", citizen=citizen, target_label=label
        )
    else:
        record_read(
            actor=actor,
            action="record.exported",
            citizen=citizen,
            unit=unit,
            role=Role.CITIZEN_ADMIN,
            target_label=label,
        )


def export_record(
    *,
    actor: User,
    citizen: Citizen,
    fmt: str,
    unit: CareUnit | None = None,
    fhir: FhirBuilder | None = None,
) -> Download:
    """The record as a download; `unit` set means the clinic's export (its provider's part).

    `fmt` is json, pdf or fhir; fhir needs the `fhir` builder (else, like an unknown format,
    Http404). Nothing is logged for a format that is refused.
    """
    if fmt not in FORMATS or (fmt == "fhir" and fhir is None):
        raise Http404
    provider = unit.provider if unit is not None else None
    record = fhir(citizen, provider) if fmt == "fhir" else export.collect(citizen, provider)
    _record_export(actor=actor, citizen=citizen, unit=unit, fmt=fmt)
    stamp = timezone.localdate().isoformat()
    filename = f"stegvis-record-{stamp}.{EXTENSIONS[fmt]}"
    if fmt == "pdf":
        from stegvis.records import pdf  # fpdf (with numpy, fontTools) is slow to import

        return Download(filename, FORMATS[fmt], _chunks(pdf.render(record)))
    return Download(filename, FORMATS[fmt], _json_chunks(record))
