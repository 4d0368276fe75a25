"""Retention (gallring): delete what is past its retention period, per care provider and kind of
data (docs/operations.md, Retention; the periods and their sources in periods.py).

- Closed enrollments, from their closing: the provider's period, else
  `RETENTION_CLOSED_ENROLLMENT_DAYS` (ten years by default), or a program's own period in
  `RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM` (by program key). Everything that hangs on
  the enrollment goes with it: answers, steps, questionnaires, diaries, feedback, flags,
  history, activities, handovers, messages with their attachments (the files too), drafts,
  relatives' grants. The citizen's account stays, and so does the access log: its events keep
  the enrollment's id and are archived by its own rule.
- Message attachments (file and row) of enrollments still kept, from their upload; the message
  stays. Notifications no longer waiting to be sent, from their creation (by their unit's
  provider; those without a unit by the installation's period).
- Access events: archived per provider (`archive_access_log`), never deleted here.

Each deleted enrollment and attachment is recorded as a change in the access log (actions
`retention.enrollment_deleted`, `retention.attachment_deleted`); each run as one event per
provider and kind (`retention.run`, target naming the number deleted). The log line says
counts only.
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
from stegvis.notifications.models import Notification, Status
from stegvis.operations import periods
from stegvis.operations.periods import Kind
from stegvis.organisation.models import CareProvider

logger = logging.getLogger(__name__)


@dataclass
class RetentionReport:
    """What a run deleted (or would delete), as counts per model label."""

    enrollments_by_provider: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)  # periods.Kind -> how many are due
    by_provider: Counter = field(default_factory=Counter)  # (provider id, kind) -> how many

    @property
    def enrollments(self) -> int:
        return sum(self.enrollments_by_provider.values())


def period_for(program_key: str) -> timedelta:
    """How long a closed enrollment of the program is kept, by the installation's rules."""
    days = settings.RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM.get(
        program_key, periods.installation_days(Kind.CLOSED_ENROLLMENTS)
    )
    return timedelta(days=days)


def _by_provider(
    kind: str, now: datetime, field_name: str, provider_path: str, lookup: str = "lte"
) -> Q:
    """Rows of `kind` past their provider's period (or the installation's) at `now`."""
    own = periods.days_by_provider(kind)
    older = f"{field_name}__{lookup}"
    due = Q(**{older: now - periods.period(kind, None, own)}) & ~Q(
        **{f"{provider_path}__in": list(own)}
    )
    for provider_id, days in own.items():
        due |= Q(**{provider_path: provider_id, older: now - timedelta(days=days)})
    return due


def due_enrollments(now: datetime | None = None) -> models.QuerySet:
    """Closed enrollments whose retention period has run out."""
    now = now or timezone.now()
    by_program = settings.RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM
    default = _by_provider(Kind.CLOSED_ENROLLMENTS, now, "closed_at", "unit__provider_id")
    default &= ~Q(release__program_key__in=by_program)
    special = Q()
    for key, days in by_program.items():
        special |= Q(release__program_key=key, closed_at__lte=now - timedelta(days=days))
    return (
        Enrollment.objects.filter(phase=Phase.CLOSED, closed_at__isnull=False)
        .filter(default | special)
        .select_related("unit")
        .order_by("pk")
    )


def due_attachments(now: datetime | None = None) -> models.QuerySet:
    """Attachments past their provider's period, in enrollments that are not due themselves."""
    now = now or timezone.now()
    due = _by_provider(
        Kind.ATTACHMENTS, now, "created_at", "message__enrollment__unit__provider_id"
    )
    return (
        Attachment.objects.filter(due)
        .exclude(message__enrollment__in=due_enrollments(now).values("pk"))
        .select_related("message__enrollment__unit", "message__enrollment__citizen")
        .order_by("pk")
    )


def due_notifications(now: datetime | None = None) -> models.QuerySet:
    """Notifications done with (sent, failed, ...) and past their provider's period."""
    now = now or timezone.now()
    by_unit = _by_provider(Kind.NOTIFICATIONS, now, "created_at", "unit__provider_id")
    unitless = Q(
        unit__isnull=True,
        created_at__lte=now - timedelta(days=periods.installation_days(Kind.NOTIFICATIONS)),
    )
    return (
        Notification.objects.filter((Q(unit__isnull=False) & by_unit) | unitless)
        .exclude(status__in=[Status.PENDING, Status.SENDING])
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


@atomic_write
def delete_attachments(attachments: list[Attachment], *, actor=None) -> Counter:
    """Delete attachments (rows and, after the commit, files); the messages stay."""
    rows: Counter = Counter()
    chosen = Attachment.objects.filter(pk__in=[attachment.pk for attachment in attachments])
    _count_tree(Attachment, chosen, rows)
    for attachment in attachments:
        enrollment = attachment.message.enrollment
        record_change(
            actor=actor,
            action="retention.attachment_deleted",
            citizen=enrollment.citizen,
            unit=enrollment.unit,
            enrollment_id=enrollment.pk,
        )
    files = [attachment.storage_name for attachment in attachments]
    _delete_tree(Attachment, chosen)
    transaction.on_commit(lambda: _remove_files(files))
    return rows


def _enrollments(report: RetentionReport, *, apply: bool, actor, now: datetime) -> None:
    for enrollment in due_enrollments(now).select_related("citizen"):
        report.enrollments_by_provider[enrollment.unit.provider_id] += 1
        report.by_provider[enrollment.unit.provider_id, Kind.CLOSED_ENROLLMENTS] += 1
        report.kinds[Kind.CLOSED_ENROLLMENTS] += 1
        if apply:
            report.rows.update(delete_enrollment(enrollment, actor=actor))
        else:
            _count_tree(Enrollment, Enrollment.objects.filter(pk=enrollment.pk), report.rows)


def _attachments(report: RetentionReport, *, apply: bool, actor, now: datetime) -> None:
    attachments = list(due_attachments(now))
    for attachment in attachments:
        report.by_provider[attachment.message.enrollment.unit.provider_id, Kind.ATTACHMENTS] += 1
    report.kinds[Kind.ATTACHMENTS] += len(attachments)
    if apply and attachments:
        report.rows.update(delete_attachments(attachments, actor=actor))
    elif attachments:
        chosen = Attachment.objects.filter(pk__in=[attachment.pk for attachment in attachments])
        _count_tree(Attachment, chosen, report.rows)


def _notifications(report: RetentionReport, *, apply: bool, now: datetime) -> None:
    due = due_notifications(now)
    counts = due.values_list("unit__provider_id").annotate(count=models.Count("pk")).order_by()
    for provider_id, count in counts:
        if provider_id is not None:
            report.by_provider[provider_id, Kind.NOTIFICATIONS] += count
        report.kinds[Kind.NOTIFICATIONS] += count
    pks = list(due.values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        layers = _folded_layers(pks[start : start + BATCH])
        report.rows["notifications.Notification"] += sum(len(layer) for layer in layers)
        if apply:
            delete_notifications(layers)


BATCH = 500


def _folded_layers(pks: list[int]) -> list[list[int]]:
    """`pks`, then those folded into them, then those folded into those, ... (a notification
    goes with those folded into it; the foreign key protects, so the last layer goes first)."""
    layers = [pks]
    while layers[-1]:
        layers.append(
            list(
                Notification.objects.filter(folded_into__in=layers[-1]).values_list("pk", flat=True)
            )
        )
    return layers[:-1]


@atomic_write
def delete_notifications(layers: list[list[int]]) -> None:
    """Delete notifications layer by layer (no health data in them, so no access event)."""
    for layer in reversed(layers):
        Notification.objects.filter(pk__in=layer).delete()


def run(*, apply: bool, actor=None, now: datetime | None = None) -> RetentionReport:
    """Delete (apply) or count (dry run) everything past its retention period, kind by kind."""
    now = now or timezone.now()
    report = RetentionReport()
    _enrollments(report, apply=apply, actor=actor, now=now)
    _attachments(report, apply=apply, actor=actor, now=now)
    _notifications(report, apply=apply, now=now)
    if apply:
        _record_run(report, actor=actor)
    logger.info(
        "Retention %s: %s enrollments, %s attachments, %s notifications (%s).",
        "applied" if apply else "dry run",
        report.enrollments,
        report.kinds[Kind.ATTACHMENTS],
        report.kinds[Kind.NOTIFICATIONS],
        ", ".join(f"{label} {count}" for label, count in sorted(report.rows.items()) if count),
    )
    return report


NOUNS = {
    Kind.CLOSED_ENROLLMENTS: "enrollments",
    Kind.ATTACHMENTS: "attachments",
    Kind.NOTIFICATIONS: "notifications",
}


@atomic_write
def _record_run(report: RetentionReport, *, actor=None) -> None:
    providers = CareProvider.objects.in_bulk({provider for provider, _kind in report.by_provider})
    for (provider_id, kind), count in sorted(report.by_provider.items()):
        # The access log names a target by type and id: here the run and what it deleted.
        counted = SimpleNamespace(
            _meta=SimpleNamespace(label_lower="operations.retention"),
            pk=f"{count} {NOUNS[kind]} deleted",
        )
        record_change(
            actor=actor, action="retention.run", provider=providers[provider_id], target=counted
        )


def archive_access_log(directory: Path, now: datetime | None = None) -> list[tuple[Path, int]]:
    """Archive each provider's sealed access events older than its period for access events
    (its own, else ACCESS_LOG_RETENTION_DAYS).

    `audit archive` does the work: a whole sealed prefix of the provider's chain goes to a file
    with the signed base checkpoint that lets it and the rest of the chain verify
    (docs/access-log.md, ADR 0007); nothing is cut out of the middle. Providers with nothing
    so old are skipped.
    """
    now = now or timezone.now()
    own = periods.days_by_provider(Kind.ACCESS_EVENTS)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    sealed = AccessEvent.objects.filter(sequence__isnull=False)
    for provider in CareProvider.objects.filter(
        pk__in=sealed.values("provider_id").distinct()
    ).order_by("code"):
        before = now - periods.period(Kind.ACCESS_EVENTS, provider.pk, own)
        if not sealed.filter(provider=provider, occurred_at__lt=before).exists():
            continue
        path = directory / f"access-log-{provider.code}-before-{before.date().isoformat()}.jsonl"
        written.append((path, archive.archive(provider, before, path)))
    return written


def due_access_events(now: datetime | None = None, provider: CareProvider | None = None) -> Counter:
    """provider id -> sealed access events older than its period (what an archive would take);
    only `provider`'s when given."""
    now = now or timezone.now()
    due = _by_provider(Kind.ACCESS_EVENTS, now, "occurred_at", "provider_id", lookup="lt")
    if provider is not None:
        due &= Q(provider=provider)
    rows = (
        AccessEvent.objects.filter(due, sequence__isnull=False)
        .values_list("provider_id")
        .annotate(count=models.Count("pk"))
        .order_by()
    )
    return Counter(dict(rows))


def due_counts(provider: CareProvider, now: datetime | None = None) -> dict[str, int]:
    """Kind -> how many of `provider`'s rows a run would delete (or archive) now: counts only,
    by the same rules as `run`, in a fixed number of queries however much is due."""
    now = now or timezone.now()
    return {
        Kind.CLOSED_ENROLLMENTS: due_enrollments(now).filter(unit__provider=provider).count(),
        Kind.ATTACHMENTS: due_attachments(now)
        .filter(message__enrollment__unit__provider=provider)
        .count(),
        Kind.NOTIFICATIONS: due_notifications(now).filter(unit__provider=provider).count(),
        Kind.ACCESS_EVENTS: due_access_events(now, provider)[provider.pk],
    }
