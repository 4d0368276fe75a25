"""The fixed inputs of generation: the region as ids, the programs and the shape parameters."""

import bisect
import datetime as dt
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, models

from stegvis.loadscale.program import ProgramPlan


@dataclass(frozen=True)
class Person:
    id: int
    hsa_id: str
    role: str


@dataclass
class UnitPlan:
    id: int
    provider_id: int
    weight: float
    practitioners: list[Person]
    citizen_admin: Person
    programs: list[tuple[ProgramPlan, float]]
    siblings: list[int] = field(default_factory=list)  # other units of the same provider


@dataclass(frozen=True)
class Shape:
    """Averages per enrollment (the issue measured ~76 access events, ~15 answers, ~5 messages)."""

    answers: float = 15
    messages: float = 5
    events: float = 76


@dataclass
class Context:
    seed: int
    anchor: dt.datetime  # "now" of the data set (aware, UTC)
    units: list[UnitPlan]
    shape: Shape
    password_hash: str
    key_id: str
    _cumulative: list[float] = field(default_factory=list)

    def __post_init__(self):
        self._cumulative = list(itertools.accumulate(u.weight for u in self.units))

    def unit_for(self, rng: random.Random) -> UnitPlan:
        point = rng.random() * self._cumulative[-1]
        return self.units[min(bisect.bisect(self._cumulative, point), len(self.units) - 1)]

    def unit(self, unit_id: int) -> UnitPlan:
        return next(u for u in self.units if u.id == unit_id)


class Ids:
    """Ids handed out in order within one batch, from the table's current maximum.

    Generation needs ids before inserting (children point at enrollments; an access event's
    link covers its id). One writer at a time (the batch holds a lock), so counting on from
    the maximum is safe; on PostgreSQL the sequence is moved past them afterwards. The next
    batch's `following()` counts on from this one in memory, so it can be generated while
    this one is still being written; the writer checks that nothing else took those ids.
    """

    def __init__(self, start: dict[type[models.Model], int] | None = None):
        self._next: dict[type[models.Model], int] = dict(start or {})
        self.first: dict[type[models.Model], int] = {}  # this batch's first id per table

    def next(self, model: type[models.Model]) -> int:
        if model not in self.first:
            if model not in self._next:
                self._next[model] = _current_max(model) + 1
            self.first[model] = self._next[model]
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def following(self) -> "Ids":
        """The next batch's ids, continuing after this batch's."""
        return Ids(self._next)

    @property
    def used(self) -> list[type[models.Model]]:
        return list(self.first)

    def check_free(self) -> None:
        """Raise if a table's ids from this batch's first on are already taken (by a writer
        other than this run since the batch was generated)."""
        for model, first in self.first.items():
            if _current_max(model) >= first:
                raise RuntimeError(
                    f"{model._meta.db_table} got rows from elsewhere while loadscale generated a "
                    "batch; run the command again to continue after the last complete batch."
                )


def _current_max(model: type[models.Model]) -> int:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        highest = cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
            last, called = cursor.fetchone()
            highest = max(highest, last if called else last - 1)
    return highest


def new_rows() -> dict[type[models.Model], list[dict]]:
    return defaultdict(list)
