"""Bulk inserts: COPY on PostgreSQL, bulk_create elsewhere (SQLite, for small runs and tests)."""

import json
import time
from dataclasses import dataclass, field

from django.db import connection, models

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
from stegvis.messaging.models import Message
from stegvis.organisation.models import User

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


def _columns(model: type[models.Model], sample: dict) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in sample)
    ]


def _defaults(fields: list[models.Field]) -> dict[str, object]:
    return {f.attname: f.get_default() for f in fields if f.has_default()}


def _copy(model: type[models.Model], rows: list[dict]) -> None:
    fields = _columns(model, rows[0])
    defaults = _defaults(fields)
    json_columns = {f.attname for f in fields if isinstance(f, models.JSONField)}
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    attnames = [f.attname for f in fields]
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            values = []
            for name in attnames:
                value = row[name] if name in row else defaults.get(name)
                if name in json_columns and value is not None:
                    value = json.dumps(value, ensure_ascii=False)
                values.append(value)
            copy.write_row(values)


def _bulk_create(model: type[models.Model], rows: list[dict]) -> None:
    model.objects.bulk_create([model(**row) for row in rows], batch_size=_BULK_BATCH)


def write(rows: dict[type[models.Model], list[dict]], tally: Tally) -> None:
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
