"""Making a research export: check, record it, and log one access per exported citizen.

The export's record and its access events commit together, before any file is written: the
log says what left, why and for whom, even if the download is cut short. The key is returned
to the caller once and never stored.
"""

from dataclasses import dataclass
from datetime import date
from itertools import groupby, islice

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_read, record_reads
from stegvis.catalog.models import ProgramRelease
from stegvis.organisation.models import CareProvider, CareUnit, Role, User
from stegvis.organisation.roles import roles_of
from stegvis.statistics.models import ResearchExport
from stegvis.statistics.research.pseudonyms import key_fingerprint, new_key
from stegvis.statistics.research.scope import Scope, enrollments_in, responses_in

EXPORT = "statistics.export_research"
ACTION = "statistics.research_export"
DOWNLOAD_ACTION = "statistics.research_download"
# Access events inserted per statement: bounded memory however many citizens are exported.
_EVENT_BATCH = 2000


@dataclass(frozen=True)
class ExportRequest:
    provider: CareProvider
    program_key: str
    date_from: date
    date_to: date
    reason: str
    include_free_text: bool = False
    free_text_reason: str = ""


def check_request(request: ExportRequest) -> None:
    """Raise ValidationError (per field) when the request cannot be exported."""
    errors = {}
    if not request.reason.strip():
        errors["reason"] = _("Say why the data is exported (e.g. the study and its approval).")
    if request.include_free_text and not request.free_text_reason.strip():
        errors["free_text_reason"] = _("Say why free text is needed; otherwise leave it out.")
    if request.date_from > request.date_to:
        errors["date_to"] = _("The start date must not be after the end date.")
    if not ProgramRelease.objects.filter(program_key=request.program_key).exists():
        errors["program"] = _("No program has the key %(key)s.") % {"key": request.program_key}
    if errors:
        raise ValidationError(errors)


def _acting_role(actor: User | None, provider: CareProvider) -> str:
    if actor is None:
        return ""
    if Role.PROVIDER_ADMIN in roles_of(actor).at_provider(provider.pk):
        return Role.PROVIDER_ADMIN
    return Role.DATA_ADMIN


@transaction.atomic
def create_research_export(
    *, actor: User | None, request: ExportRequest, operator: str = ""
) -> tuple[ResearchExport, str]:
    """Record a research export and its access events; return the record and its key.

    `actor` None is an operator's command (`operator` names the account that ran it); any
    other actor needs the export permission at the provider.
    """
    if actor is not None and not actor.has_perm(EXPORT, request.provider):
        raise PermissionDenied
    check_request(request)
    scope = Scope(request.provider, request.program_key, request.date_from, request.date_to)
    enrollments = enrollments_in(scope)
    key = new_key()
    export = ResearchExport.objects.create(
        provider=request.provider,
        exported_by=actor,
        exported_by_role=_acting_role(actor, request.provider),
        channel=ResearchExport.Channel.COMMAND if actor is None else ResearchExport.Channel.CLINIC,
        operator=operator,
        program_key=request.program_key,
        period_from=request.date_from,
        period_to=request.date_to,
        reason=request.reason.strip(),
        includes_free_text=request.include_free_text,
        free_text_reason=request.free_text_reason.strip() if request.include_free_text else "",
        enrollment_count=enrollments.count(),
        citizen_count=enrollments.values("citizen_id").distinct().count(),
        response_count=responses_in(scope).count(),
        key_fingerprint=key_fingerprint(key),
    )
    _record_accesses(export, enrollments, actor)
    return export, key


def _record_accesses(export: ResearchExport, enrollments, actor: User | None) -> None:
    record_export_reads(
        enrollments,
        actor=actor,
        action=ACTION,
        role=export.exported_by_role,
        provider=export.provider,
        target=export,
    )


def record_export_reads(
    enrollments, *, actor: User | None, action: str, role: str, provider: CareProvider, target
) -> None:
    """One read per exported citizen and unit (what the citizen's "who has read my data"
    shows), inserted in batches; one event without a citizen when nobody was exported.

    Every event names `target`, the export's record. Also the API's `$export` (stegvis/api).
    """
    units = CareUnit.objects.in_bulk(
        enrollments.order_by().values_list("unit_id", flat=True).distinct()
    )
    pairs = (
        enrollments.order_by("unit_id", "citizen_id")
        .values_list("unit_id", "citizen_id")
        .distinct()
        .iterator(chunk_size=_EVENT_BATCH)
    )
    for unit_id, rows in groupby(pairs, key=lambda pair: pair[0]):
        citizens = ((citizen_id, None) for _unit, citizen_id in rows)
        while batch := list(islice(citizens, _EVENT_BATCH)):
            record_reads(
                actor=actor,
                action=action,
                unit=units[unit_id],
                role=role,
                rows=batch,
                target=target,
            )
    if not units:
        record_read(actor=actor, action=action, provider=provider, role=role, target=target)


def check_key(export: ResearchExport, key: str) -> None:
    """Raise ValidationError unless `key` is the export's key (by its fingerprint)."""
    if not key or key_fingerprint(key.strip()) != export.key_fingerprint:
        raise ValidationError(
            _("This is not the export's key. Paste the key you were shown when it was made.")
        )


def record_download(export: ResearchExport, *, actor: User) -> None:
    """A download reads the export's data again: one event naming the export."""
    record_read(
        actor=actor,
        action=DOWNLOAD_ACTION,
        provider=export.provider,
        role=_acting_role(actor, export.provider),
        target=export,
    )
