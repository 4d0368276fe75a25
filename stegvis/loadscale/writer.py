"""Bulk inserts: COPY on PostgreSQL, bulk_create elsewhere (SQLite, for small runs and tests)."""

import json
import operator
import time
from dataclasses import dataclass, field

from django.db import connection, models
from psycopg.adapt import Transformer

from stegvis.audit.models import AccessEvent, AccessEventSubject
from stegvis.care.models import (
    Activity,
    Answer,
    DiaryEntry,
    Enrollment,
    Feedback,
    Flag,
    Handover,
    HistoryEvent,
    ModuleState,
    QuestionnaireResponse,
    StepProgress,
)
from stegvis.db import copy_into
from stegvis.messaging.models import Message
from stegvis.organisation.models import User

try:  # psycopg's own COPY text formatter (C): not public, so only used when found
    from psycopg._copy_base import format_row_text
except ImportError:  # pragma: no cover - another psycopg: the writer formats the rows itself
    format_row_text = None

# Parents before children.
ORDER: tuple[type[models.Model], ...] = (
    User,
    Enrollment,
    ModuleState,
    StepProgress,
    Answer,
    QuestionnaireResponse,
    DiaryEntry,
    Feedback,
    Flag,
    HistoryEvent,
    Activity,
    Handover,
    Message,
    AccessEvent,
    AccessEventSubject,
)
_BULK_BATCH = 500


@dataclass
class Tally:
    """Rows written and seconds spent per table, summed over batches."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, table: str, rows: int, seconds: float) -> None:
        self.rows[table] = self.rows.get(table, 0) + rows
        self.seconds[table] = self.seconds.get(table, 0.0) + seconds

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass
class Tuples:
    """Rows as tuples in `columns` order (cheaper to make and to COPY than dicts)."""

    columns: tuple[str, ...]
    rows: list[tuple]

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass
class Encoded:
    """Rows already in COPY's text format (made while the previous batch is being written)."""

    columns: tuple[str, ...]
    count: int
    data: bytes

    def __len__(self) -> int:
        return self.count


Table = list[dict] | Tuples | Encoded
# One encoder for every JSON value: json.dumps builds a new one per call.
_json = json.JSONEncoder(ensure_ascii=False).encode


def _as_tuples(model: type[models.Model], rows: list[dict]) -> Tuples:
    """Dict rows as tuples of every concrete column (defaults where a row leaves one out),
    JSON columns encoded; a value object shared by many rows (a pooled answer set and its
    score) is encoded once."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and f.attname not in rows[0]) and not f.generated
    ]
    pairs = [(f.attname, f.get_default() if f.has_default() else None) for f in fields]
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    encoded: dict[int, str] = {}  # id() of a value -> its JSON (every row is alive meanwhile)
    every_column = operator.itemgetter(*(name for name, _default in pairs))
    out = []
    for row in rows:
        try:
            values = list(every_column(row))
        except KeyError:  # a column left to its default
            values = [row.get(name, default) for name, default in pairs]
        for i in json_at:
            value = values[i]
            if value is not None:
                text = encoded.get(id(value))
                if text is None:
                    text = encoded[id(value)] = _json(value)
                values[i] = text
        out.append(values)
    return Tuples(tuple(name for name, _default in pairs), out)


def encode(model: type[models.Model], table: Table) -> Table:
    """The rows in COPY's text format, formatted as psycopg's `Copy.write_row` formats them,
    with this thread's connection's adapters (as it is the same bytes); as they are where
    psycopg's formatter is not found."""
    if format_row_text is None or isinstance(table, Encoded):
        return table
    if not isinstance(table, Tuples):
        table = _as_tuples(model, table)
    connection.ensure_connection()
    transformer, data = Transformer(connection.connection), bytearray()
    for row in table.rows:
        format_row_text(row, transformer, data)
    return Encoded(table.columns, len(table.rows), bytes(data))


def _copy(model: type[models.Model], table: Table) -> None:
    if isinstance(table, list):
        table = _as_tuples(model, table)
    with copy_into(model, list(table.columns)) as copy:
        if isinstance(table, Encoded):
            copy.write(table.data)
            return
        write_row = copy.write_row
        for row in table.rows:
            write_row(row)


def _bulk_create(model: type[models.Model], table: Table) -> None:
    if isinstance(table, Encoded):
        raise TypeError("Encoded rows are for COPY (PostgreSQL) only.")
    rows = table.dicts() if isinstance(table, Tuples) else table
    model.objects.bulk_create([model(**row) for row in rows], batch_size=_BULK_BATCH)


def write(rows: dict[type[models.Model], Table], tally: Tally) -> None:
    """Insert every table's rows, parents first; count rows and time per table."""
    insert = _copy if connection.vendor == "postgresql" else _bulk_create
    for model in ORDER:
        table_rows = rows.get(model)
        if not table_rows:
            continue
        started = time.perf_counter()
        insert(model, table_rows)
        tally.add(model._meta.db_table, len(table_rows), time.perf_counter() - started)


def advance_sequences(models_used: list[type[models.Model]]) -> None:
    """On PostgreSQL, move each table's id sequence past the ids given out explicitly."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_used:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"GREATEST((SELECT MAX(id) FROM {table}), 1))",
                [table],
            )
