"""The one helper that writes the access log. Services and access helpers call it."""

import time
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from stegvis.audit import context
from stegvis.audit.models import AccessEvent, AccessEventSubject

# The role of every event recorded through the API; actor_hsa_id then holds the client's code.
API_CLIENT_ROLE = "api_client"


def _event(
    *,
    actor,
    action: str,
    kind: str,
    citizen_id: int | None,
    unit,
    provider,
    role: str,
    enrollment_id: int | None,
    target_type: str,
    target_id: str,
) -> AccessEvent:
    if kind not in AccessEvent.Kind.values:
        raise ValueError(f"Unknown access kind {kind!r}")
    ctx = context.current()
    provider_id = provider.pk if provider is not None else getattr(unit, "provider_id", None)
    hsa_id = (getattr(actor, "hsa_id", None) or "") if actor is not None else ""
    if ctx.api_client:
        # Through the API: the client is named where a person's HSA-id would be (ADR 0010).
        hsa_id, role = ctx.api_client, API_CLIENT_ROLE
    return AccessEvent(
        kind=kind,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_hsa_id=hsa_id,
        actor_role=role,
        unit=unit,
        provider_id=provider_id,
        citizen_id=citizen_id,
        enrollment_id=enrollment_id,
        target_type=target_type,
        target_id=target_id,
        ip_address=ctx.ip_address,
        request_id=ctx.request_id,
        chain=provider_id or 0,
    )


def _append(events: list[AccessEvent]) -> list[AccessEvent]:
    """Insert `events` unsealed and have the sealer link them once the transaction commits.

    No lock and no hashing here (ADR 0007): the insert commits or rolls back with the caller's
    change, and the worker seals it into the provider's keyed chain about a second later.
    """
    if not events:
        return events
    if len(events) == 1:
        events[0].save()
    else:
        AccessEvent.objects.bulk_create(events)
    _schedule_seal()
    return events


_next_seal = 0.0  # monotonic time before which an enqueued seal will still run (this process)


def _schedule_seal() -> None:
    """Once per transaction: enqueue the sealer after commit, debounced per process."""
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(entry[1] is _enqueue_seal for entry in conn.run_on_commit):
        return
    transaction.on_commit(_enqueue_seal, robust=True)


def _enqueue_seal() -> None:
    """Enqueue one seal that runs a moment from now; commits until then ride along with it.

    The task seals everything committed before it starts, so a commit that finds one already
    waiting needs none of its own. The scheduler's regular seal catches anything missed.
    """
    global _next_seal
    from stegvis.audit.tasks import seal_access_log

    now = time.monotonic()
    if now < _next_seal:
        return
    task = seal_access_log
    delay = settings.AUDIT_SEAL_DELAY_SECONDS
    if delay > 0 and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
        _next_seal = now + delay
    task.enqueue()


def record_access(
    *,
    actor,
    action: str,
    kind: str,
    citizen=None,
    unit=None,
    provider=None,
    role: str = "",
    enrollment_id: int | None = None,
    target: models.Model | None = None,
    target_label: tuple[str, str] | None = None,
) -> AccessEvent:
    """Record that `actor` read or changed citizen data (or the access to it).

    The provider defaults to the unit's. Call inside the service's transaction so the event and
    the change commit together. `target_label` (type, id) names a target that is not a row,
    e.g. `("records.export", "fhir")` for the form a record was exported in.
    """
    if target_label is None:
        target_label = (
            (target._meta.label_lower, str(target.pk)) if target is not None else ("", "")
        )
    event = _event(
        actor=actor,
        action=action,
        kind=kind,
        citizen_id=citizen.pk if citizen is not None else None,
        unit=unit,
        provider=provider,
        role=role,
        enrollment_id=enrollment_id,
        target_type=target_label[0],
        target_id=target_label[1],
    )
    event.citizen = citizen
    return _append([event])[0]


def record_read(**kwargs) -> AccessEvent:
    return record_access(kind=AccessEvent.Kind.READ, **kwargs)


def record_change(**kwargs) -> AccessEvent:
    return record_access(kind=AccessEvent.Kind.CHANGE, **kwargs)


def record_reads(
    *,
    actor,
    action: str,
    unit,
    role: str = "",
    rows: Iterable[tuple[int, int | None]],
    target: models.Model | None = None,
    compact: bool = False,
) -> list[AccessEvent]:
    """Record one read per (citizen id, enrollment id) shown together, e.g. a list page.

    One insert for all rows, however many there are. Nothing is recorded for no rows. A
    `target` (e.g. a research export's record) is named on every event. `compact` records
    them as one event naming the citizens in narrow subject rows (two inserts; ADR 0007,
    "Compact list reads"): the list pages do, since one page view is one act of reading.
    """
    rows = list(rows)
    target_type = target._meta.label_lower if target is not None else ""
    target_id = str(target.pk) if target is not None else ""

    def event(citizen_id: int | None, enrollment_id: int | None) -> AccessEvent:
        return _event(
            actor=actor,
            action=action,
            kind=AccessEvent.Kind.READ,
            citizen_id=citizen_id,
            unit=unit,
            provider=None,
            role=role,
            enrollment_id=enrollment_id,
            target_type=target_type,
            target_id=target_id,
        )

    if not compact or not rows:
        return _append([event(citizen_id, enrollment_id) for citizen_id, enrollment_id in rows])
    shown = event(None, None)
    shown.subject_count = len(rows)
    # The event and its subjects commit together: the sealer must never see one without the
    # other (it would link the event without its citizens). No savepoint: a failed insert
    # fails the caller's transaction, as a failed single event does.
    with transaction.atomic(savepoint=False):
        shown.save()
        AccessEventSubject.objects.bulk_create(
            AccessEventSubject(
                event=shown,
                occurred_at=shown.occurred_at,
                citizen_id=citizen_id,
                enrollment_id=enrollment_id,
            )
            for citizen_id, enrollment_id in rows
        )
        _schedule_seal()
    shown.subjects = rows
    return [shown]
