"""Starting, running, cancelling and reading back a `$export` (FHIR Bulk Data, docs/api.md).

The kick-off records the job and enqueues its task on commit. The task writes the files with a
fresh pseudonymisation key that it then forgets (only its fingerprint is kept), and, in the
transaction that marks the job completed, records one access event per exported citizen and
unit naming the job and the client: the citizen's "who has read my data" shows it. Running
twice does nothing twice; a cancelled job's files are deleted even if it was running.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stegvis.api import scopes as smart
from stegvis.api.auth import ApiError, Caller
from stegvis.api.bulk import files
from stegvis.api.models import BulkExport
from stegvis.api.permissions import may_see_export
from stegvis.audit import context
from stegvis.audit.recording import API_CLIENT_ROLE, record_read
from stegvis.catalog.models import ProgramRelease
from stegvis.db import atomic_write
from stegvis.statistics.research.pseudonyms import key_fingerprint, new_key
from stegvis.statistics.research.scope import enrollments_in, responses_in
from stegvis.statistics.research.services import record_export_reads

logger = logging.getLogger(__name__)

ACTION = "api.bulk_export"
DOWNLOAD_ACTION = "api.bulk_export_download"
Status = BulkExport.Status
_RUNNING = (Status.ACCEPTED, Status.IN_PROGRESS)
FAILED_MESSAGE = "The export failed. Ask for a new one; if it fails again, contact support."


@dataclass(frozen=True)
class ExportParams:
    program_key: str
    since: datetime | None
    request_url: str


def _check(caller: Caller, params: ExportParams) -> None:
    if caller.context != smart.SYSTEM:
        raise ApiError(
            403,
            "forbidden",
            "$export is for system clients (client credentials) only.",
            "$export är bara för systemklienter (client credentials).",
        )
    provider = caller.provider
    known = ProgramRelease.objects.filter(program_key=params.program_key).filter(
        Q(owner=provider) | Q(available_to=provider)
    )
    if not known.exists():
        raise ValidationError(
            f"program: no program {params.program_key!r} for this care provider "
            "(inget sådant program hos vårdgivaren)."
        )
    if BulkExport.objects.filter(client=caller.client, status__in=_RUNNING).exists():
        raise ApiError(
            429,
            "throttled",
            "An export of this client is still running; wait for it or cancel it (DELETE).",
            "En export för klienten pågår redan; vänta på den eller avbryt den (DELETE).",
            {"Retry-After": "60"},
        )


@atomic_write
def start_export(*, caller: Caller, params: ExportParams) -> BulkExport:
    """Record a new export for the caller and enqueue its task on commit."""
    _check(caller, params)
    job = BulkExport.objects.create(
        public_id=uuid.uuid4(),
        client=caller.client,
        program_key=params.program_key,
        unit_ids=sorted(caller.unit_ids),
        since=params.since,
        request_url=params.request_url,
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from stegvis.api.tasks import run_bulk_export

    run_bulk_export.enqueue(job_id)


def export_for(caller: Caller, public_id) -> BulkExport:
    """The caller's own export (not cancelled), or ApiError 404: another's is "not found"."""
    job = BulkExport.objects.select_related("client").filter(public_id=public_id).first()
    if job is None or not may_see_export(caller.client, job) or job.status == Status.CANCELLED:
        raise ApiError(404, "not-found", "No such export.", "Exporten finns inte.")
    return job


def _claim(job_id: int, *, taking_over: bool) -> BulkExport | None:
    """Mark the job in progress if it is still waiting (or, taking over, was in progress in a
    run whose worker died); None if another run has it."""
    waiting = [Status.ACCEPTED, Status.IN_PROGRESS] if taking_over else [Status.ACCEPTED]
    claimed = BulkExport.objects.filter(pk=job_id, status__in=waiting).update(
        status=Status.IN_PROGRESS, transaction_time=timezone.now()
    )
    if not claimed:
        return None
    return BulkExport.objects.select_related("client__provider").get(pk=job_id)


def run_export(job_id: int, *, taking_over: bool = False) -> str:
    """Write the export's files and complete it; return its status (idempotent).

    `taking_over`: this is the task's run again after its worker died mid-export
    (stegvis/task_leases.py requeued it), so a job left in progress is this task's own: its
    partial files are removed and it is written anew.
    """
    job = _claim(job_id, taking_over=taking_over)
    if job is None:
        return "skipped"
    if taking_over:
        files.delete_files(job)
    token = context.bind_api_client(job.client.code)
    try:
        if not job.client.is_active():
            _fail(job, "The client was revoked before the export ran.")
        else:
            _write(job)
    except Exception:
        # No health data in the log: the job's id only. The client sees a plain message.
        logger.exception("bulk export %s failed", job.pk)
        files.delete_files(job)
        _fail(job, FAILED_MESSAGE)
    finally:
        context.reset(token)
    return BulkExport.objects.values_list("status", flat=True).get(pk=job.pk)


def _still_wanted(job: BulkExport, written: int) -> bool:
    BulkExport.objects.filter(pk=job.pk).update(progress=written)
    return BulkExport.objects.filter(pk=job.pk, status=Status.IN_PROGRESS).exists()


def _write(job: BulkExport) -> None:
    key = new_key()
    files.directory_of(job).mkdir(parents=True, exist_ok=True)
    job.directory = files.relative_directory(job)
    BulkExport.objects.filter(pk=job.pk).update(directory=job.directory)
    written = files.write_ndjson(job, key, lambda n: _still_wanted(job, n))
    files.write_codebook(job)
    _complete(job, written, key_fingerprint(key))
    del key  # never stored: nobody can re-identify the rows


@atomic_write
def _complete(job: BulkExport, written: int, fingerprint: str) -> None:
    current = BulkExport.objects.select_for_update().get(pk=job.pk)
    if current.status != Status.IN_PROGRESS:
        transaction.on_commit(lambda: files.delete_files(job))
        return
    scope = files.scope_of(job)
    exported = enrollments_in(scope).filter(pk__in=responses_in(scope).values("enrollment_id"))
    BulkExport.objects.filter(pk=job.pk).update(
        status=Status.COMPLETED,
        progress=written,
        response_count=written,
        citizen_count=exported.values("citizen_id").distinct().count(),
        key_fingerprint=fingerprint,
        finished_at=timezone.now(),
    )
    record_export_reads(
        exported,
        actor=None,
        action=ACTION,
        role=API_CLIENT_ROLE,
        provider=job.client.provider,
        target=job,
    )


def _fail(job: BulkExport, message: str) -> None:
    BulkExport.objects.filter(pk=job.pk, status=Status.IN_PROGRESS).update(
        status=Status.FAILED, error=message, finished_at=timezone.now(), directory=""
    )


@atomic_write
def cancel_export(*, caller: Caller, job: BulkExport) -> None:
    """Cancel a running export or delete a finished one's files (the row stays for the log)."""
    BulkExport.objects.filter(pk=job.pk).update(
        status=Status.CANCELLED, finished_at=timezone.now(), directory=""
    )
    transaction.on_commit(lambda: files.delete_files(job))


def record_download(caller: Caller, job: BulkExport) -> None:
    """A download reads the export's data again: one event naming the job (and the client)."""
    record_read(actor=None, action=DOWNLOAD_ACTION, provider=caller.provider, role="", target=job)
