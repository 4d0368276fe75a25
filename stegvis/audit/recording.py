"""The one helper that writes the access log. Services and access helpers call it."""

from collections.abc import Iterable

from django.db import models, transaction

from stegvis.audit import context
from stegvis.audit.chain import GENESIS, event_digest, lock_chain
from stegvis.audit.models import AccessEvent


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
    return AccessEvent(
        kind=kind,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_hsa_id=(getattr(actor, "hsa_id", None) or "") if actor is not None else "",
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
    """Link `events` (all of one chain) onto the chain's head and insert them.

    One lock and one read of the head, then sequential hashes in memory and one insert: the
    number of queries does not grow with the number of events.
    """
    if not events:
        return events
    chain = events[0].chain
    if any(event.chain != chain for event in events):
        raise ValueError("Events appended together must belong to one chain.")
    with transaction.atomic():
        lock_chain(chain)
        last = (
            AccessEvent.objects.filter(chain=chain)
            .order_by("-sequence")
            .values_list("sequence", "hash")
            .first()
        )
        sequence, prev_hash = last if last else (0, GENESIS)
        for event in events:
            sequence += 1
            event.sequence, event.prev_hash = sequence, prev_hash
            event.hash = prev_hash = event_digest(event, event.prev_hash)
        if len(events) == 1:
            events[0].save()
        else:
            AccessEvent.objects.bulk_create(events)
    return events


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
) -> AccessEvent:
    """Record that `actor` read or changed citizen data (or the access to it).

    The provider defaults to the unit's. Call inside the service's transaction so the event and
    the change commit together.
    """
    event = _event(
        actor=actor,
        action=action,
        kind=kind,
        citizen_id=citizen.pk if citizen is not None else None,
        unit=unit,
        provider=provider,
        role=role,
        enrollment_id=enrollment_id,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
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
) -> list[AccessEvent]:
    """Record one read per (citizen id, enrollment id) shown together, e.g. a list page.

    All rows are read at one unit (so belong to one chain) and are appended under one lock with
    a constant number of queries, however many there are. Nothing is recorded for no rows.
    """
    events = [
        _event(
            actor=actor,
            action=action,
            kind=AccessEvent.Kind.READ,
            citizen_id=citizen_id,
            unit=unit,
            provider=None,
            role=role,
            enrollment_id=enrollment_id,
            target_type="",
            target_id="",
        )
        for citizen_id, enrollment_id in rows
    ]
    return _append(events)
