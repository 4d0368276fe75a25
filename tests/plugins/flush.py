"""How a transactional test empties the database afterwards (Django's flush), quickly.

After every transactional test (every browser test, the live API tests) Django empties each
table and sends `post_migrate`, whose `create_contenttypes` and `create_permissions` then
rebuild some 600 rows app by app, with a few queries per app (about a second per test, the
largest part of a typical browser test's own time). Those rows are the same after every flush,
so the first flush on a worker runs `post_migrate` as Django does and keeps them; later ones
insert the kept rows in one statement per table and send `post_migrate` to every other receiver
as before (Wagtail's, the design tool's group sync, the cache tables), so the database a test
starts from is the one Django's flush gives, with the same content type and permission rows.
The patch holds for the whole session: it must wrap pytest-django's own flush, which runs after
every function-scoped fixture of ours is torn down.

On PostgreSQL the tables are emptied with DELETE rather than TRUNCATE; on SQLite the flush waits
for a live server's thread that still reads a table (below).
"""

import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.core.management import sql
from django.core.management.commands import flush
from django.db import OperationalError, transaction
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
from django.db.backends.sqlite3.base import DatabaseOperations as SQLiteOperations
from django.db.models.signals import post_migrate

_django_emit = sql.emit_post_migrate_signal
# Database alias -> (content type rows, permission rows), as the first flush's post_migrate
# left them.
_kept: dict[str, tuple[list[tuple], list[tuple]]] = {}
_RESTORED_BY_US = (create_contenttypes, create_permissions)


def _rows(db: str) -> tuple[list[tuple], list[tuple]]:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    content_types = list(ContentType.objects.using(db).values_list("id", "app_label", "model"))
    permissions = list(
        Permission.objects.using(db).values_list("id", "name", "content_type_id", "codename")
    )
    return content_types, permissions


def _restore(db: str, content_types: list[tuple], permissions: list[tuple]) -> None:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    with transaction.atomic(using=db):
        ContentType.objects.using(db).bulk_create(
            ContentType(id=pk, app_label=app_label, model=model)
            for pk, app_label, model in content_types
        )
        Permission.objects.using(db).bulk_create(
            Permission(id=pk, name=name, content_type_id=content_type, codename=codename)
            for pk, name, content_type, codename in permissions
        )
    ContentType.objects.clear_cache()  # as create_contenttypes does


@contextmanager
def _without_receivers(*functions) -> Iterator[None]:
    """Send `post_migrate` to every receiver but `functions`, keeping the others' order."""
    receivers = post_migrate.receivers

    def target(entry):
        receiver = entry[1]
        return receiver() if isinstance(receiver, weakref.ref) else receiver

    post_migrate.receivers = [entry for entry in receivers if target(entry) not in functions]
    post_migrate.sender_receivers_cache.clear()
    try:
        yield
    finally:
        post_migrate.receivers = receivers
        post_migrate.sender_receivers_cache.clear()


def emit_post_migrate_signal(verbosity, interactive, db, **kwargs) -> None:
    kept = _kept.get(db)
    if kept is None:
        _django_emit(verbosity, interactive, db, **kwargs)
        _kept[db] = _rows(db)
        return
    _restore(db, *kept)
    with _without_receivers(*_RESTORED_BY_US):
        _django_emit(verbosity, interactive, db, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _quick_flush() -> Iterator[None]:
    """While the session runs, the flush command puts the kept rows back."""
    flush.emit_post_migrate_signal = emit_post_migrate_signal
    try:
        yield
    finally:
        flush.emit_post_migrate_signal = _django_emit


_sql_flush = PostgresOperations.sql_flush


def _flush_past_the_audit_triggers(self, style, tables, *, reset_sequences=False, **kwargs):
    """Transactional tests empty the database after each test; the access log's trigger refuses
    both TRUNCATE and DELETE (ADR 0007). Tests run as a superuser, who may switch user triggers
    (and with them the foreign keys' checks) off for the flush's own transaction; production
    keeps refusing.

    DELETE, not Django's TRUNCATE: a test's tables hold a few rows, and TRUNCATE makes new files
    for each of 125 tables and their indexes: about 0.5 s a flush against 0.07 s (PostgreSQL 15
    here), after every browser test and every other transactional test.
    """
    if not tables:
        return []
    if reset_sequences:  # only TRUNCATE restarts the identities as well
        statements = _sql_flush(self, style, tables, reset_sequences=True, **kwargs)
    else:
        statements = [
            f"{style.SQL_KEYWORD('DELETE FROM')} {self.quote_name(table)};" for table in tables
        ]
    return ["SET LOCAL session_replication_role = replica", *statements]


PostgresOperations.sql_flush = _flush_past_the_audit_triggers


_sqlite_execute_flush = SQLiteOperations.execute_sql_flush
# How long a flush waits, in all, for a live server's thread to let go of a table.
_FLUSH_PATIENCE_SECONDS = 10.0


def _flush_when_the_live_server_lets_go(self, sql_list) -> None:
    """On SQLite the live server's threads share the test database's cache with the test
    (an in-memory database in shared-cache mode), where a table another connection is still
    reading (a response streaming a file, a request the browser sent as the test ended) is
    locked: the flush fails with "database table is locked" and leaves the test's rows to the
    next test. The flush is one transaction, rolled back on that error: try it again shortly.
    """
    deadline = time.monotonic() + _FLUSH_PATIENCE_SECONDS
    while True:
        try:
            return _sqlite_execute_flush(self, sql_list)
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


SQLiteOperations.execute_sql_flush = _flush_when_the_live_server_lets_go
