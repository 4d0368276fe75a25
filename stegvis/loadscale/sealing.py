"""Access events of a batch, linked into their provider's keyed chain as they are inserted.

The sealer (stegvis.audit.services.sealing) would link the same events after the fact with one
UPDATE per row, which doubles the table's writes and leaves a dead row version per event. Here
each batch's events are linked in id order onto the heads the previous batch left (read the
way the sealer reads them), as the audit app's `seal()` links them; the batch's transaction
then holds the sealer's own per-chain lock, links again any chain whose head moved meanwhile,
inserts the events sealed and signs a checkpoint of each new head: `audit verify` checks them
like any other events.

List reads are stored as the list pages store them (ADR 0007, "Compact list reads"): a staff
member's list reads at a unit within a day (and one batch) are grouped, in time order, into
page-sized events (up to `PAGE` citizens, a citizen at most once a page) at the time of the
page's first read, each naming its citizens in subject rows that its link covers. Every
generated list read stays a subject row; only the number of events changes.
"""

import datetime as dt
import operator
import time
from dataclasses import dataclass

from stegvis.audit import chain as keyed
from stegvis.audit import checkpoints
from stegvis.audit.models import AccessEvent, Checkpoint
from stegvis.audit.services import sealing
from stegvis.loadscale.canonical import canonical
from stegvis.loadscale.context import Ids
from stegvis.loadscale.writer import Tuples

FIELDS = (*keyed.EVENT_FIELDS, "prev_hash", "hash", "subject_count")
SUBJECT_FIELDS = ("event_id", "occurred_at", "citizen_id", "enrollment_id")
LIST_ACTIONS = frozenset({"care.list_mine", "care.list_all"})
PAGE = 50  # citizens a list page shows at most
PAGE_WINDOW = dt.timedelta(days=1)  # a page gathers one staff member's list reads of a day


class Event:
    """An event's values as `keyed.seal` reads and fills them (a model instance costs more)."""

    __slots__ = (*FIELDS, "subjects")


_values = operator.attrgetter(*FIELDS)  # an event's row, in FIELDS order
_by_id = operator.attrgetter("id")


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


Head = tuple[int, str]  # a chain's last (sequence, link)


@dataclass
class SealedEvents:
    """A batch's events per chain, linked onto the heads in `onto`."""

    by_chain: dict[int, list[Event]]
    onto: dict[int, Head]


def _link(events: list[Event], head: Head) -> None:
    """Link `events` (in id order) onto `head` as `keyed.seal` does, with the canonical bytes
    from the template (canonical.py)."""
    sequence, link = head
    key_id = keyed.current_key_id()
    for event in events:
        sequence += 1
        event.sequence, event.prev_hash, event.key_id = sequence, link, key_id
        event.hash = link = keyed.link_of(canonical(event), link, key_id)


def seal_events(raw_events: list[tuple], ids: Ids, heads: dict[int, Head]) -> SealedEvents:
    """Order the batch's events in time, give them ids and link them onto each chain's head.

    `heads` holds the heads the previous batch left (a chain not in it is read from the
    database) and is moved on to this batch's last links, so the next batch can be linked
    before this one is inserted; `insert_sealed` checks the heads again under the lock.
    """
    raw_events.sort(key=lambda e: (e[0], e[1], e[2]))
    by_chain: dict[int, list[Event]] = {}
    for item in _pages(raw_events):
        event = _list_event(item, ids) if isinstance(item, list) else _event(item, ids)
        by_chain.setdefault(event.chain, []).append(event)
    onto: dict[int, Head] = {}
    for chain, events in by_chain.items():
        if chain not in heads:
            heads[chain] = sealing.head(chain)[:2]
        onto[chain] = heads[chain]
        _link(events, onto[chain])
        heads[chain] = (events[-1].sequence, events[-1].hash)
    return SealedEvents(by_chain, onto)


def event_rows(sealed: SealedEvents) -> tuple[Tuples, Tuples]:
    """The event rows in id order, and the compact reads' subject rows (per chain, in order)."""
    events, subjects = [], []
    for chained in sealed.by_chain.values():
        events.extend(chained)
        subjects.extend(
            (event.id, event.occurred_at, citizen_id, enrollment_id)
            for event in chained
            if event.subjects
            for citizen_id, enrollment_id in event.subjects
        )
    events.sort(key=_by_id)
    return Tuples(FIELDS, [_values(event) for event in events]), Tuples(SUBJECT_FIELDS, subjects)


def relink_and_checkpoint(sealed: SealedEvents) -> bool:
    """Sign a checkpoint of each chain's new head; say whether any chain had to be linked again.

    Call inside the batch's transaction after `lock_chains`. A chain whose head moved since
    the events were linked (a sealer linked new events of it meanwhile) is linked again onto
    the head it has now, as the sealer itself would; its rows must then be made again.
    """
    moved = False
    for chain, chained in sealed.by_chain.items():
        head = sealing.head(chain)[:2]
        if head != sealed.onto[chain]:
            _link(chained, head)
            moved = True
        last = chained[-1]
        checkpoints.write(
            chain, kind=Checkpoint.Kind.HEAD, sequence=last.sequence, link=last.hash,
            event_id=last.id,
        )  # fmt: skip
    return moved
