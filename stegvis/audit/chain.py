"""The keyed hash chain that makes the access log tamper-evident (ADR 0007).

Each provider's events form one chain (events without a provider form chain 0). The sealer
gives every event a sequence number and a link: HMAC-SHA-256, keyed with a secret the database
does not hold, over the event's fields in a canonical form and the previous event's link (a
compact list read, one event for a list page, together with the citizens it names). Without
the key nobody can recompute a link, so a changed, removed, inserted or forged event breaks the
chain, and signed checkpoints of each chain's head (checkpoints.py) catch a cut-off tail.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings

GENESIS = "0" * 64

# Domain separation: a link can never pass as a checkpoint signature or the other way round.
_LINK_PREFIX = b"stegvis-audit-link-v1|"
_CHECKPOINT_PREFIX = b"stegvis-audit-checkpoint-v1|"

EVENT_FIELDS = (
    "id",
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
    "key_id",
)
# The columns the sealer fills; NULL until then, never changed afterwards.
SEAL_FIELDS = ("sequence", "prev_hash", "hash", "key_id")


class UnknownKey(Exception):
    """A link or checkpoint names a key id that AUDIT_HMAC_KEYS does not hold."""

    def __init__(self, key_id: str):
        super().__init__(key_id)
        self.key_id = key_id


def current_key_id() -> str:
    return settings.AUDIT_HMAC_KEY_ID


def _secret(key_id: str) -> bytes:
    secret = settings.AUDIT_HMAC_KEYS.get(key_id or "")
    if not secret:
        raise UnknownKey(key_id)
    return secret.encode()


def canonical(values: dict) -> bytes:
    """Sorted, compact JSON; datetimes as ISO 8601 (the database's UTC value)."""
    payload = {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in values.items()
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def sorted_subjects(subjects: Iterable) -> list[list]:
    """A compact read's (citizen id, enrollment id) pairs in one canonical order."""
    pairs = [[citizen_id, enrollment_id] for citizen_id, enrollment_id in subjects]
    return sorted(pairs, key=lambda p: (p[0], p[1] is not None, p[1] or 0))


def event_values(event) -> dict:
    """The fields a link covers; a compact list read's also its count and sorted subjects.

    Events that name their own citizen keep exactly the fields they were always linked with,
    so links made before compact reads existed still verify. A compact event must come with
    its subjects loaded (`event.subjects`, see stegvis.audit.subjects): linking it without
    them would seal or check the wrong content.
    """
    values = {name: getattr(event, name) for name in EVENT_FIELDS}
    count = getattr(event, "subject_count", None)
    if count is not None:
        subjects = getattr(event, "subjects", None)
        if subjects is None:
            raise ValueError(f"Access event {event.id} is a compact read without its subjects.")
        values["subject_count"] = count
        values["subjects"] = sorted_subjects(subjects)
    return values


def link(event, prev_link: str) -> str:
    """The event's link: HMAC over its canonical fields and the previous link, keyed by key_id."""
    return link_of(canonical(event_values(event)), prev_link, event.key_id)


def link_of(canonical_values: bytes, prev_link: str, key_id: str) -> str:
    """The link over an event's `canonical(event_values(event))`, for a bulk writer that makes
    those bytes itself (stegvis.loadscale.sealing, checked against `canonical` in its tests)."""
    message = _LINK_PREFIX + prev_link.encode() + b"|" + canonical_values
    # hmac.digest: the same HMAC-SHA-256 as hmac.new(...).hexdigest(), without the object.
    return hmac.digest(_secret(key_id), message, "sha256").hex()


def checkpoint_signature(values: dict, key_id: str) -> str:
    """HMAC over a checkpoint's fields (chain, kind, sequence, link, event id, time, key id)."""
    return hmac.new(
        _secret(key_id), _CHECKPOINT_PREFIX + canonical(values), hashlib.sha256
    ).hexdigest()


def seal(events: Iterable, sequence: int, prev_link: str) -> Iterator:
    """Give `events` (in id order) the sequence numbers and links that follow the head."""
    key_id = current_key_id()
    for event in events:
        sequence += 1
        event.sequence, event.prev_hash, event.key_id = sequence, prev_link, key_id
        event.hash = prev_link = link(event, prev_link)
        yield event


@dataclass(frozen=True)
class Break:
    event_id: int
    chain: int
    sequence: int
    reason: str


@dataclass
class Walk:
    """How far a chain verified: last sequence and link, count, and (link, id) at watched ones."""

    sequence: int
    link: str
    count: int
    seen: dict


def walk(
    events: Iterable, *, start_sequence: int = 0, start_link: str = GENESIS, watch=frozenset()
) -> tuple[Walk, Break | None]:
    """Check one chain's sealed events, ordered by sequence, from a start (genesis or a base).

    Returns how far it got and the first break. `watch` names the sequences whose links the
    caller compares with checkpoints.
    """
    state = Walk(start_sequence, start_link, 0, {})
    for event in events:
        expected = state.sequence + 1

        def broken(reason: str, event=event) -> Break:
            return Break(event.id, event.chain, event.sequence, reason)

        if event.sequence != expected:
            return state, broken(f"expected sequence {expected} (an event is missing or inserted)")
        if event.prev_hash != state.link:
            return state, broken("the link to the previous event does not match")
        try:
            expected_link = link(event, state.link)
        except UnknownKey as error:
            return state, broken(f"it is sealed with key id {error.key_id!r}, which is not known")
        if not hmac.compare_digest(expected_link, event.hash or ""):
            return state, broken(
                "the event's content does not match its keyed link (changed or forged)"
            )
        state.sequence, state.link, state.count = event.sequence, event.hash, state.count + 1
        if event.sequence in watch:
            state.seen[event.sequence] = (event.hash, event.id)
    return state, None
