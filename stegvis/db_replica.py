"""Reads that may be seconds old go to a read replica, when one is configured.

A region that outgrows one primary adds a streaming replica (docs/scaling.md, "Past one
machine") and sets `DATABASE_REPLICA_URL`: the settings then add the `replica` alias and
`ReplicaRouter`. What reads from it is named in the code that reads, not guessed per model:
the same tables serve Hantera (a practitioner expects the flag they just raised) and the
provider's statistics (a year of summaries, seconds of work, where a figure a second old is
as good). So a read function that may be stale says so with `@from_replica`, and only the
reads inside it, outside any transaction, are routed; everything else, every write and every
read inside a transaction stays on the primary. Without a replica nothing changes.

Raw SQL reads take their connection from `reading_connection(model)`, as the ORM would.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, router

REPLICA = "replica"

_may_be_stale: ContextVar[bool] = ContextVar("stegvis_replica_reads", default=False)

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block may come from the replica (when there is one)."""
    token = _may_be_stale.set(True)
    try:
        yield
    finally:
        _may_be_stale.reset(token)


def from_replica(read: Callable[P, R]) -> Callable[P, R]:
    """A read function whose figures may be seconds old: its queries may go to the replica.

    Only what the function evaluates before it returns is routed; a lazy queryset it returns
    is evaluated later, on the primary.
    """

    @functools.wraps(read)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads():
            return read(*args, **kwargs)

    return wrapped


def reading_connection(model=None):
    """The connection the ORM would read `model` from: for raw SQL in a `from_replica` read."""
    return connections[router.db_for_read(model) or DEFAULT_DB_ALIAS]


def _in_transaction() -> bool:
    return connections[DEFAULT_DB_ALIAS].in_atomic_block


class ReplicaRouter:
    """Route `replica_reads()` to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        if not _may_be_stale.get() or REPLICA not in connections.settings:
            return None
        if _in_transaction():
            return None  # a transaction reads what it has written: the primary
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # One database and its copy: an object read from either may refer to the other's.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica is a copy: it replays the primary's
