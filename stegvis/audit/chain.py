"""The hash chain that makes the access log tamper-evident.

Each provider's events form one chain (events without a provider form chain 0). An event's
hash is SHA-256 over the previous hash and the event's own fields in a canonical form, so a
changed, removed or inserted row breaks every hash after it.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection

GENESIS = "0" * 64

_FIELDS = (
    "occurred_at",
    "kind",
    "action",
    "actor_id",
    "actor_hsa_id",
    "actor_role",
    "unit_id",
    "provider_id",
    "citizen_id",
    "enrollment_id",
    "target_type",
    "target_id",
    "ip_address",
    "request_id",
    "chain",
    "sequence",
)


def event_digest(event, prev_hash: str) -> str:
    payload = {}
    for name in _FIELDS:
        value = getattr(event, name)
        payload[name] = value.isoformat() if hasattr(value, "isoformat") else value
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


def lock_chain(chain: int) -> None:
    """Serialise appends to one chain for the rest of the transaction.

    PostgreSQL: a transaction-scoped advisory lock. SQLite serialises writers by itself.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x5E6, chain])


@dataclass(frozen=True)
class Break:
    event_id: int
    chain: int
    sequence: int
    reason: str


def verify(events: Iterator) -> Break | None:
    """Check events ordered by (chain, sequence); return the first break, or None."""
    current_chain, expected_prev, expected_seq = None, GENESIS, 1
    for event in events:
        if event.chain != current_chain:
            current_chain, expected_prev, expected_seq = event.chain, GENESIS, 1
        if event.sequence != expected_seq:
            return Break(
                event.pk,
                event.chain,
                event.sequence,
                f"expected sequence {expected_seq} (an event is missing or inserted)",
            )
        if event.prev_hash != expected_prev:
            return Break(
                event.pk,
                event.chain,
                event.sequence,
                "the link to the previous event does not match",
            )
        if event_digest(event, event.prev_hash) != event.hash:
            return Break(
                event.pk,
                event.chain,
                event.sequence,
                "the event's content does not match its hash (it was changed)",
            )
        expected_prev, expected_seq = event.hash, expected_seq + 1
    return None
