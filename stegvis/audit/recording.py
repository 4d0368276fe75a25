"""The one helper that writes the access log. Services and access helpers call it."""

from django.db import models, transaction

from stegvis.audit import context
from stegvis.audit.chain import GENESIS, event_digest, lock_chain
from stegvis.audit.models import AccessEvent


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
    if kind not in AccessEvent.Kind.values:
        raise ValueError(f"Unknown access kind {kind!r}")
    ctx = context.current()
    provider_id = provider.pk if provider is not None else getattr(unit, "provider_id", None)
    event = AccessEvent(
        kind=kind,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_hsa_id=(getattr(actor, "hsa_id", None) or "") if actor is not None else "",
        actor_role=role,
        unit=unit,
        provider_id=provider_id,
        citizen=citizen,
        enrollment_id=enrollment_id,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip_address=ctx.ip_address,
        request_id=ctx.request_id,
        chain=provider_id or 0,
    )
    with transaction.atomic():
        lock_chain(event.chain)
        last = (
            AccessEvent.objects.filter(chain=event.chain)
            .order_by("-sequence")
            .values_list("sequence", "hash")
            .first()
        )
        event.sequence, event.prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        event.hash = event_digest(event, event.prev_hash)
        event.save()
    return event


def record_read(**kwargs) -> AccessEvent:
    return record_access(kind=AccessEvent.Kind.READ, **kwargs)


def record_change(**kwargs) -> AccessEvent:
    return record_access(kind=AccessEvent.Kind.CHANGE, **kwargs)
