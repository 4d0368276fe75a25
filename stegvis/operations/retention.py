"""Retention (gallring): delete closed enrollments, and all they hold, once they are past their
retention period (docs/operations.md, Retention).

The period runs from the enrollment's closing: `RETENTION_CLOSED_ENROLLMENT_DAYS` (ten years by
default), or a program's own period in `RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM` (by program
key). Everything that hangs on the enrollment goes with it: answers, steps, questionnaires,
diaries, feedback, flags, history, activities, handovers, messages with their attachments (the
files too), drafts, relatives' grants. The citizen's account stays, and so does the access log:
its events keep the enrollment's id and are archived by its own rule (`audit archive`).

Each deleted enrollment is recorded as a change in the access log (action
`retention.enrollment_deleted`); each run as one event per provider
(`retention.run`, target naming the number of enrollments). The log line says counts only.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.audit.recording import record_change
from stegvis.audit.services import archive
from stegvis.audit.services.archive import ArchiveError  # noqa: F401  (the command catches it)
from stegvis.care.models import Enrollment, Phase
from stegvis.db import atomic_write
from stegvis.messaging.attachments import directory as attachment_directory
from stegvis.messaging.models import Attachment
from stegvis.organisation.models import CareProvider

logger = logging.getLogger(__name__)


@dataclass
class RetentionReport:
    """What a run deleted (or would delete), as counts per model label."""

    enrollments_by_provider: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)

    @property
    def enrollments(self) -> int:
        return sum(self.enrollments_by_provider.values())


def period_for(program_key: str) -> timedelta:
    """How long a closed enrollment of the program is kept."""
    days = settings.RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM.get(
        program_key, settings.RETENTION_CLOSED_ENROLLMENT_DAYS
    )
    return timedelta(days=days)


def due_enrollments(now: datetime | None = None) -> models.QuerySet:
    """Closed enrollments whose retention period has run out."""
    now = now or timezone.now()
    by_program = settings.RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM
    default = Q(closed_at__lte=now - period_for("")) & ~Q(release__program_key__in=by_program)
    special = Q()
    for key, days in by_program.items():
        special |= Q(release__program_key=key, closed_at__lte=now - timedelta(days=days))
    return (
        Enrollment.objects.filter(phase=Phase.CLOSED, closed_at__isnull=False)
        .filter(default | special)
        .select_related("unit")
        .order_by("pk")
    )


def _children(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(model, FK field name) for every model pointing at `model`."""
    return [
        (rel.related_model, rel.field.name)
        for rel in model._meta.related_objects
        if rel.one_to_many or rel.one_to_one
    ]


def _count_tree(model, queryset, rows: Counter) -> None:
    rows[model._meta.label] += queryset.count()
    for child, name in _children(model):
        _count_tree(child, child._base_manager.filter(**{f"{name}__in": queryset}), rows)


def _delete_tree(model, queryset) -> None:
    """Delete `queryset` after everything that points at its rows (PROTECT everywhere)."""
    for child, name in _children(model):
        _delete_tree(child, child._base_manager.filter(**{f"{name}__in": queryset}))
    queryset.delete()


def _remove_files(names: list[str]) -> None:
    root = attachment_directory()
    for name in names:
        (root / name).unlink(missing_ok=True)


@atomic_write
def delete_enrollment(enrollment: Enrollment, *, actor=None) -> Counter:
    """Delete one closed enrollment and everything it holds; record it in the access log."""
    if not enrollment.is_closed:
        raise ValueError("Only a closed enrollment is deleted by retention.")
    rows: Counter = Counter()
    only = Enrollment.objects.filter(pk=enrollment.pk)
    _count_tree(Enrollment, only, rows)
    files = list(
        Attachment.objects.filter(message__enrollment=enrollment).values_list(
            "storage_name", flat=True
        )
    )
    record_change(
        actor=actor,
        action="retention.enrollment_deleted",
        citizen=enrollment.citizen,
        unit=enrollment.unit,
        enrollment_id=enrollment.pk,
    )
    _delete_tree(Enrollment, only)
    transaction.on_commit(lambda: _remove_files(files))
    return rows


def run(*, apply: bool, actor=None, now: datetime | None = None) -> RetentionReport:
    """Delete (apply) or count (dry run) every enrollment past its retention period."""
    report = RetentionReport()
    for enrollment in due_enrollments(now).select_related("citizen"):
        report.enrollments_by_provider[enrollment.unit.provider_id] += 1
        if apply:
            report.rows.update(delete_enrollment(enrollment, actor=actor))
        else:
            _count_tree(Enrollment, Enrollment.objects.filter(pk=enrollment.pk), report.rows)
    if apply:
        _record_run(report, actor=actor)
    logger.info(
        "Retention %s: %s enrollments (%s).",
        "applied" if apply else "dry run",
        report.enrollments,
        ", ".join(f"{label} {count}" for label, count in sorted(report.rows.items()) if count),
    )
    return report


@atomic_write
def _record_run(report: RetentionReport, *, actor=None) -> None:
    providers = CareProvider.objects.in_bulk(list(report.enrollments_by_provider))
    for provider_id, count in sorted(report.enrollments_by_provider.items()):
        # The access log names a target by type and id: here the run and what it deleted.
        counted = SimpleNamespace(
            _meta=SimpleNamespace(label_lower="operations.retention"),
            pk=f"{count} enrollments deleted",
        )
        record_change(
            actor=actor, action="retention.run", provider=providers[provider_id], target=counted
        )


def archive_access_log(directory: Path, now: datetime | None = None) -> list[tuple[Path, int]]:
    """Archive each provider's sealed access events older than ACCESS_LOG_RETENTION_DAYS.

    `audit archive` does the work: the events go to a file with the checkpoint that lets it and
    the rest of the chain verify (docs/access-log.md). Providers with nothing so old are skipped.
    """
    before = (now or timezone.now()) - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    old = AccessEvent.objects.filter(occurred_at__lt=before, sequence__isnull=False)
    for provider in CareProvider.objects.filter(
        pk__in=old.values("provider_id").distinct()
    ).order_by("code"):
        path = directory / f"access-log-{provider.code}-before-{before.date().isoformat()}.jsonl"
        written.append((path, archive.archive(provider, before, path)))
    return written
