"""An access event's canonical bytes, the same as `chain.canonical(chain.event_values(e))`.

Linking is most of the generator's own time (about 76 events per enrollment), and most of a
link is `json.dumps` of a fresh dict with sorted keys. The generated events have fixed fields
of known types (ints, strings, None, an aware datetime; a compact read's count and subjects),
so the sorted JSON is written from a template with the json module's own string escaping. The
tests compare it with `chain.canonical` for every event of a generated batch, and
`audit verify` recomputes every link with the audit app's own code.
"""

import json
from collections.abc import Callable

from stegvis.audit import chain as keyed

_string: Callable[[str], str] = json.encoder.encode_basestring_ascii  # as json.dumps escapes
_subjects = json.JSONEncoder(separators=(",", ":")).encode
_PLAIN = frozenset(keyed.EVENT_FIELDS)
# The template below names exactly these fields; a change in the audit app must show up here.
_TEMPLATE_FIELDS = frozenset(
    [
        "action",
        "actor_hsa_id",
        "actor_id",
        "actor_role",
        "chain",
        "citizen_id",
        "enrollment_id",
        "id",
        "ip_address",
        "key_id",
        "kind",
        "occurred_at",
        "provider_id",
        "request_id",
        "sequence",
        "target_id",
        "target_type",
        "unit_id",
    ]
)
if _PLAIN != _TEMPLATE_FIELDS:  # pragma: no cover - guards a change in the audit app
    raise ImportError("stegvis.audit.chain.EVENT_FIELDS changed: update loadscale.canonical.")


def _number(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)


def _text(value: str | None) -> str:
    return "null" if value is None else _string(value)


def canonical(e) -> bytes:
    """`chain.canonical(chain.event_values(e))` for a generated event (sealing.Event): its
    strings are str (never None), its id, chain and sequence ints."""
    count = e.subject_count
    compact = (
        ""
        if count is None
        else f',"subject_count":{int.__repr__(count)},'
        f'"subjects":{_subjects(keyed.sorted_subjects(e.subjects))}'
    )
    s, n = _string, _number
    return (
        f'{{"action":{s(e.action)},"actor_hsa_id":{s(e.actor_hsa_id)},'
        f'"actor_id":{n(e.actor_id)},"actor_role":{s(e.actor_role)},'
        f'"chain":{int.__repr__(e.chain)},"citizen_id":{n(e.citizen_id)},'
        f'"enrollment_id":{n(e.enrollment_id)},"id":{int.__repr__(e.id)},'
        f'"ip_address":{_text(e.ip_address)},"key_id":{s(e.key_id)},'
        f'"kind":{s(e.kind)},"occurred_at":{s(e.occurred_at.isoformat())},'
        f'"provider_id":{n(e.provider_id)},"request_id":{s(e.request_id)},'
        f'"sequence":{int.__repr__(e.sequence)}{compact},"target_id":{s(e.target_id)},'
        f'"target_type":{s(e.target_type)},"unit_id":{n(e.unit_id)}}}'
    ).encode()
