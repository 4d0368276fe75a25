"""Build a batch in memory, then write it in one transaction; optionally in a writer thread.

Generating a batch is Python work and inserting it is PostgreSQL work (COPY, the indexes, the
deferred foreign-key checks at commit). One after the other, each waits for the other; with
`overlap`, a writer thread with its own connection inserts batch n while this thread builds
batch n + 1, so the two use both cores. A batch's ids and links follow the previous batch's
in memory (`Ids.following`, the chain heads), and the writer checks both under the chain
locks before inserting: the rows are the same as when written one batch at a time.
"""

import gc
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction

from stegvis.audit.models import AccessEvent, AccessEventSubject
from stegvis.loadscale.builder import EnrollmentBuilder
from stegvis.loadscale.context import Context, Ids, new_rows
from stegvis.loadscale.models import GeneratedBatch, GeneratedRun
from stegvis.loadscale.sealing import (
    Head,
    SealedEvents,
    event_rows,
    lock_chains,
    relink_and_checkpoint,
    seal_events,
)
from stegvis.loadscale.writer import Tally, advance_sequences, encode, write


@dataclass
class Batch:
    number: int
    first: int
    count: int
    ids: Ids
    rows: dict
    sealed: SealedEvents
    started: float = field(default_factory=time.perf_counter)


def build_batch(
    context: Context, number: int, first: int, count: int, ids: Ids, heads: dict[int, Head]
) -> Batch:
    """Enrollments `first` .. `first + count - 1` as rows, their events linked onto `heads`."""
    started = time.perf_counter()
    rows, events = new_rows(), []
    with _without_cycle_collection():
        for index in range(first, first + count):
            EnrollmentBuilder(context, ids, rows, events, index).build()
        sealed = seal_events(events, ids, heads)
        rows[AccessEvent], rows[AccessEventSubject] = event_rows(sealed)
        if connection.vendor == "postgresql":
            # Formatting for COPY here takes it off the writer's path (the slower of the two).
            rows = {model: encode(model, table) for model, table in rows.items() if table}
    return Batch(number, first, count, ids, rows, sealed, started)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A batch makes some 500,000 dicts, tuples and events, and each few hundred new objects
    set off a collection that walks the batch's (and the queued batch's) rows again: a third
    of the build's time. They hold no reference cycles; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_batch(context: Context, run: GeneratedRun, batch: Batch) -> Tally:
    """Insert one batch with its record, in one transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A lost batch after a crash is lost with its record and made again on the next
            # run, so the batch need not wait for its WAL flush.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        lock_chains(sorted({u.provider_id for u in context.units}))
        batch.ids.check_free()
        rows = batch.rows
        if relink_and_checkpoint(batch.sealed):
            rows[AccessEvent], rows[AccessEventSubject] = event_rows(batch.sealed)
        tally = Tally()
        write(rows, tally)
        advance_sequences(batch.ids.used)
        GeneratedBatch.objects.create(
            run=run,
            number=batch.number,
            first_index=batch.first,
            enrollments=batch.count,
            rows=tally.rows,
            seconds=time.perf_counter() - batch.started,
        )
    return tally


_STOP = object()


class Writer:
    """Writes batches in order: at once, or (`threaded`) in a thread with its own connection,
    at most one batch waiting while another is written."""

    def __init__(self, write_one: Callable[[Batch], Tally], *, threaded: bool):
        self._write_one = write_one
        self._done: queue.Queue[tuple[Batch, Tally]] = queue.Queue()
        self._error: BaseException | None = None
        self._thread = None
        if threaded:
            self._waiting: queue.Queue = queue.Queue(maxsize=1)
            self._thread = threading.Thread(target=self._run, name="loadscale-writer")
            self._thread.start()

    def put(self, batch: Batch) -> None:
        if self._thread is None:
            self._done.put((batch, self._write_one(batch)))
            return
        while True:
            self._raise_error()
            try:
                self._waiting.put(batch, timeout=0.5)
                return
            except queue.Full:
                continue

    def written(self) -> list[tuple[Batch, Tally]]:
        """The batches committed since the last call, in order."""
        out = []
        while not self._done.empty():
            out.append(self._done.get())
        return out

    def close(self) -> None:
        """Wait for the batches still queued; raise the writer's error, if it had one."""
        if self._thread is not None:
            while self._thread.is_alive():
                try:
                    self._waiting.put(_STOP, timeout=0.5)
                    break
                except queue.Full:
                    continue
            self._thread.join()
        self._raise_error()

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        try:
            while (batch := self._waiting.get()) is not _STOP:
                self._done.put((batch, self._write_one(batch)))
        except BaseException as error:  # handed to the generating thread, which raises it
            self._error = error
        finally:
            connection.close()  # this thread's own connection
