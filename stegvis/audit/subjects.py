"""The citizens a compact list read names, loaded for many events at once (ADR 0007).

The sealer, `audit verify` and the archive link or check events batch by batch; each batch's
subjects come in one query (none when the batch has no compact read), never one per event.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from stegvis.audit.models import AccessEventSubject


def attach(events: list) -> list:
    """Set `event.subjects` (a list of (citizen id, enrollment id)) on each compact event."""
    compact = [event for event in events if event.subject_count is not None]
    if not compact:
        return events
    found = defaultdict(list)
    rows = AccessEventSubject.objects.filter(event_id__in=[e.pk for e in compact]).values_list(
        "event_id", "citizen_id", "enrollment_id"
    )
    for event_id, citizen_id, enrollment_id in rows.order_by():
        found[event_id].append((citizen_id, enrollment_id))
    for event in compact:
        event.subjects = found.get(event.pk, [])
    return events


def attached(events: Iterable, *, chunk_size: int = 2000) -> Iterator:
    """Yield `events` (e.g. a queryset's iterator) with their subjects, a chunk at a time."""
    events = iter(events)
    while chunk := list(islice(events, chunk_size)):
        yield from attach(chunk)
