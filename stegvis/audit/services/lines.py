"""The log as lines: one per citizen an event names (ADR 0007, "Compact list reads").

Most events name their own citizen (or none). A compact list read is one event naming the
citizens of a list page in subject rows; every view of the log that is about citizens (the
citizen's own page, the review's search and CSV, the record export) shows it as one line per
citizen shown, as if each had been recorded as its own event, which is how they were recorded
before.
"""

from collections.abc import Iterator
from itertools import islice

from django.db import connections
from django.db.models import Min, Q, QuerySet
from django.db.models.query import EmptyQuerySet

from stegvis.audit.models import AccessEvent, AccessEventSubject
from stegvis.db_replica import from_replica
from stegvis.organisation.models import User


def events_naming(citizen_id: int) -> QuerySet:
    """The ids of every event naming the citizen, their own or as shown in a list (a subquery).

    Both halves are index reads by citizen (the events' (citizen, time) and the subjects'
    (citizen, event) indexes); use as `AccessEvent.objects.filter(pk__in=...)`.
    """
    own = AccessEvent.objects.filter(citizen_id=citizen_id).order_by().values("id")
    shown = AccessEventSubject.objects.filter(citizen_id=citizen_id).order_by().values("event_id")
    return own.union(shown)


class Line:
    """One event as a line about one citizen: the event's own fields, this line's citizen."""

    def __init__(self, event: AccessEvent, citizen: User | None, enrollment_id: int | None):
        self.event = event
        self.citizen = citizen
        self.citizen_id = citizen.pk if citizen is not None else None
        self.enrollment_id = enrollment_id

    def __getattr__(self, name: str):
        return getattr(self.event, name)


# Newest first; one event's lines by citizen. The subjects' half names its event's id.
NEWEST_FIRST = ("-occurred_at", "-id", "citizen_id")
SHOWN_NEWEST_FIRST = ("-occurred_at", "-event_id", "citizen_id")


class Lines:
    """The lines of the events matching a filter, newest first: pages and a stream.

    Works where a queryset of events did (Paginator, `iterator`). Each read of lines is one
    query for the line keys, one for their events with actor, unit and citizen, and one for
    the citizens of compact reads (only when there are some).

    The keys are the events' own lines and the subjects' lines (UNION ALL). A page is the
    newest rows of both, sorted; where the database allows a limit in each half (PostgreSQL),
    each half is sorted and cut at the page's end on its own, so a provider's first page reads
    its newest 50 rows of each half through the (provider, time) and (time) indexes instead of
    sorting its whole log: at 20,000 enrollments (1.6 M events) 1.4 s became 5 ms.
    """

    def __init__(self, event_q: Q, citizen_id: int | None = None):
        self._event_q, self._by_citizen = event_q, citizen_id is not None
        own = AccessEvent.objects.filter(event_q)
        shown = AccessEventSubject.objects.filter(_prefixed(event_q, "event__"))
        if citizen_id is not None:
            own = own.filter(citizen_id=citizen_id)
            shown = shown.filter(citizen_id=citizen_id)
        else:
            own = own.filter(subject_count__isnull=True)
        # The subject's own time is its event's, copied (models.py): its index serves the sort.
        self._own = own.order_by().values_list("occurred_at", "id", "citizen_id", "enrollment_id")
        self._shown = shown.order_by().values_list(
            "occurred_at", "event_id", "citizen_id", "enrollment_id"
        )
        self._keys = self._own.union(self._shown, all=True).order_by(*NEWEST_FIRST)

    @from_replica
    def count(self) -> int:
        return self._own.union(self._shown, all=True).count()

    @from_replica
    def count_up_to(self, most: int) -> int:
        """How many lines, counted no further than `most` (what a page of them says)."""
        if connections[self._own.db].features.supports_slicing_ordering_in_compound:
            return self._own[:most].union(self._shown[:most], all=True)[:most].count()
        return self._own.union(self._shown, all=True)[:most].count()

    @from_replica
    def __getitem__(self, index: slice) -> list[Line]:
        return _lines(list(self._page_keys(index)))

    def _page_keys(self, index: slice):
        if index.stop is None or not (
            connections[self._own.db].features.supports_slicing_ordering_in_compound
        ):
            return self._keys[index]  # SQLite: no limit inside a UNION's halves
        if index.stop <= (index.start or 0):
            return []  # an empty page (no lines at all): a zero limit would empty the halves
        halves = [h for h in (self._own, self._shown) if not isinstance(h, EmptyQuerySet)]
        if len(halves) < 2:  # a filter that matches nothing on one side: no UNION
            if not halves:
                return []
            order = NEWEST_FIRST if halves[0] is self._own else SHOWN_NEWEST_FIRST
            return halves[0].order_by(*order)[index]
        own = self._own.order_by(*NEWEST_FIRST)[: index.stop]
        shown = self._shown if self._by_citizen else self._shown_of_newest_reads(index.stop)
        if shown is None:
            return own[index]
        shown = shown.order_by(*SHOWN_NEWEST_FIRST)[: index.stop]
        return own.union(shown, all=True).order_by(*NEWEST_FIRST)[index]

    def _shown_of_newest_reads(self, stop: int) -> QuerySet | None:
        """The subjects' half for a page ending at line `stop`, found from the list reads.

        The subjects' time index is every provider's: walking it, a small provider's newest
        lines sat behind every list read of the others since, each checked against its event
        in every monthly partition (3 s for a provider's first page at 20,000 enrollments).
        A list read names at least one citizen, so the newest `stop` lines are among the
        newest `stop` list reads matching the filter: those come from the events' (provider,
        time) index, and their subjects from the time index within those reads' times (the
        subject's time is its event's: `audit verify` reports any that is not). None when
        no list read matches.
        """
        reads = AccessEvent.objects.filter(self._event_q, subject_count__gt=0).order_by(
            "-occurred_at", "-id"
        )[:stop]
        oldest = reads.aggregate(oldest=Min("occurred_at"))["oldest"]  # of those reads
        if oldest is None:
            return None
        return AccessEventSubject.objects.filter(
            occurred_at__gte=oldest, event_id__in=reads.values("id")
        ).values_list("occurred_at", "event_id", "citizen_id", "enrollment_id")

    def iterator(self, chunk_size: int = 2000) -> Iterator[Line]:
        keys = self._keys.iterator(chunk_size=chunk_size)
        while chunk := list(islice(keys, chunk_size)):
            yield from _lines(chunk)


def _prefixed(q: Q, prefix: str) -> Q:
    """`q` with every lookup applied through a relation (`event__`)."""
    copy = Q(
        *[
            _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
            for child in q.children
        ]
    )
    copy.connector, copy.negated = q.connector, q.negated
    return copy


def _lines(keys: list[tuple]) -> list[Line]:
    events = AccessEvent.objects.select_related("actor", "unit", "citizen").in_bulk(
        {event_id for _at, event_id, _c, _e in keys}
    )
    shown = {c for _at, event_id, c, _e in keys if c and events[event_id].citizen_id != c}
    citizens = User.objects.in_bulk(shown) if shown else {}
    lines = []
    for _at, event_id, citizen_id, enrollment_id in keys:
        event = events[event_id]
        citizen = event.citizen if event.citizen_id == citizen_id else citizens.get(citizen_id)
        lines.append(Line(event, citizen, enrollment_id))
    return lines
