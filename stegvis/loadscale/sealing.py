"""Access events of a batch, linked into their provider's keyed chain as they are inserted.

The sealer (stegvis.audit.services.sealing) would link the same events after the fact with one
UPDATE per row, which doubles the table's writes and leaves a dead row version per event. Here
the batch holds the sealer's own per-chain lock, reads each chain's head the way the sealer
does, links the events in id order with the audit app's `seal()`, inserts them sealed, and
signs a checkpoint of each new head: `audit verify` checks them like any other events.

List reads are stored as the list pages store them (ADR 0007, "Compact list reads"): a staff
member's list reads at a unit within a day (and one batch) are grouped, in time order, into
page-sized events (up to `PAGE` citizens, a citizen at most once a page) at the time of the
page's first read, each naming its citizens in subject rows that its link covers. Every
generated list read stays a subject row; only the number of events changes.
"""

import datetime as dt
import time

from stegvis.audit import chain as keyed
from stegvis.audit import checkpoints
from stegvis.audit.models import AccessEvent, Checkpoint
from stegvis.audit.services import sealing
from stegvis.loadscale.context import Ids

FIELDS = (*keyed.EVENT_FIELDS, "prev_hash", "hash", "subject_count")
LIST_ACTIONS = frozenset({"care.list_mine", "care.list_all"})
PAGE = 50  # citizens a list page shows at most
PAGE_WINDOW = dt.timedelta(days=1)  # a page gathers one staff member's list reads of a day


class Event:
    """An event's values as `keyed.seal` reads and fills them (a model instance costs more)."""

    __slots__ = (*FIELDS, "subjects")

    def row(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}

    def subject_rows(self) -> list[dict]:
        return [
            {"event_id": self.id, "citizen_id": citizen_id, "enrollment_id": enrollment_id}
            for citizen_id, enrollment_id in self.subjects
        ]


def lock_chains(chains: list[int], *, wait_seconds: float = 120) -> None:
    """Take the sealer's lock of every chain for this transaction (waiting for a sealer)."""
    deadline = time.monotonic() + wait_seconds
    for chain in sorted(chains):
        while not sealing.try_lock_chain(chain):
            if time.monotonic() > deadline:
                raise RuntimeError(f"The sealer has held chain {chain} for too long.")
            time.sleep(0.2)


def _event(raw: tuple, ids: Ids) -> Event:
    (when, _index, _n, actor_id, hsa_id, role, action, kind, unit_id, provider_id, citizen_id,
     enrollment_id, target_type, target_id) = raw  # fmt: skip
    event = Event()
    event.id = ids.next(AccessEvent)
    event.occurred_at, event.kind, event.action = when, kind, action
    event.actor_id, event.actor_hsa_id, event.actor_role = actor_id, hsa_id, role
    event.unit_id, event.provider_id, event.citizen_id = unit_id, provider_id, citizen_id
    event.enrollment_id, event.target_type, event.target_id = enrollment_id, target_type, target_id
    event.ip_address, event.request_id, event.chain = None, "", provider_id or 0
    event.sequence = event.prev_hash = event.hash = event.key_id = None
    event.subject_count = event.subjects = None
    return event


def _pages(raw_events: list[tuple]) -> list[tuple | list[tuple]]:
    """The events in time order, with list reads grouped into pages (lists of raw events).

    A read joins the first open page of its staff member, unit and action that has room and
    does not show its enrollment yet; a page stays open for `PAGE_WINDOW` after its first read.
    """
    out: list[tuple | list[tuple]] = []
    open_pages: dict[tuple, list[list[tuple]]] = {}
    for raw in raw_events:
        if raw[6] not in LIST_ACTIONS:
            out.append(raw)
            continue
        key = (raw[3], raw[8], raw[6], raw[5])  # actor, unit, action, role
        pages = [p for p in open_pages.get(key, ()) if raw[0] - p[0][0] < PAGE_WINDOW]
        page = next((p for p in pages if len(p) < PAGE and all(r[11] != raw[11] for r in p)), None)
        if page is None:
            page = []
            pages.append(page)
            out.append(page)
        page.append(raw)
        open_pages[key] = pages
    return out


def _list_event(page: list[tuple], ids: Ids) -> Event:
    """One compact event for a page of list reads, at the time of its first read."""
    first = page[0]
    event = _event((*first[:10], None, None, first[12], first[13]), ids)
    event.subject_count = len(page)
    event.subjects = [(raw[10], raw[11]) for raw in page]
    return event


def seal_batch(raw_events: list[tuple], ids: Ids) -> tuple[list[dict], list[dict]]:
    """Order the batch's events in time, give them ids and link them onto each chain's head.

    Call inside the batch's transaction after `lock_chains`. Signs one checkpoint per chain.
    Returns the event rows and the subject rows of the compact list reads.
    """
    raw_events.sort(key=lambda e: (e[0], e[1], e[2]))
    by_chain: dict[int, list[Event]] = {}
    for item in _pages(raw_events):
        event = _list_event(item, ids) if isinstance(item, list) else _event(item, ids)
        by_chain.setdefault(event.chain, []).append(event)
    rows, subjects = [], []
    for chain, events in by_chain.items():
        sequence, link, _event_id = sealing.head(chain)
        sealed = list(keyed.seal(events, sequence, link))
        rows.extend(event.row() for event in sealed)
        subjects.extend(row for event in sealed if event.subjects for row in event.subject_rows())
        last = sealed[-1]
        checkpoints.write(
            chain,
            kind=Checkpoint.Kind.HEAD,
            sequence=last.sequence,
            link=last.hash,
            event_id=last.id,
        )
    rows.sort(key=lambda row: row["id"])
    return rows, subjects
