"""Writes that hold up when the database is busy: one place for SQLite's "database is locked".

On SQLite one writer writes at a time (stegvis/settings.py: WAL, IMMEDIATE transactions and a
busy timeout make the others wait). If a writer still waits longer than the timeout, SQLite
answers "database is locked". A service transaction decorated with `atomic_write` is then run
again a few times; if the database stays busy the caller gets `DatabaseBusy`, a ValidationError
that views already show next to the form, with what was typed kept. PostgreSQL never says
"database is locked", so there this is a plain transaction.
"""

import functools
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.signals import got_request_exception
from django.db import OperationalError, connection, models, transaction
from django.db.models.expressions import OrderBy
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

F = TypeVar("F", bound=Callable)
logger = logging.getLogger(__name__)

ATTEMPTS = 3
# Seconds to wait before the second and the third attempt.
BACKOFF = (0.2, 0.5)

BUSY_MESSAGE = _(
    "Many people are saving at the same moment, so nothing was saved this time. "
    "Please try again: what you entered is still here."
)


class DatabaseBusy(ValidationError):
    """The database stayed busy through every attempt; nothing was saved."""

    def __init__(self) -> None:
        super().__init__(BUSY_MESSAGE, code="database_busy")


def is_locked(error: BaseException) -> bool:
    """Whether `error` is SQLite's "database is locked" (or "… table is locked")."""
    return isinstance(error, OperationalError) and "is locked" in str(error)


def atomic_write(func: F) -> F:
    """Run `func` in a transaction; on SQLite's "database is locked", run it again.

    Only an outermost transaction is run again: inside another one (the demo loader, a test
    harness rolling back each request), the error goes to the outer transaction's owner, whose
    work is lost with it. Not `durable=True` for the same reason: the demo loader and the URL
    matrix (tests/security) call these services inside transactions of their own.
    """
    atomic = transaction.atomic(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        for attempt in range(ATTEMPTS):
            try:
                return atomic(*args, **kwargs)
            except OperationalError as error:
                if not is_locked(error) or connection.in_atomic_block:
                    raise
                if attempt == ATTEMPTS - 1:
                    raise DatabaseBusy() from error
                time.sleep(BACKOFF[attempt])
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper  # type: ignore[return-value]


# A request that still meets "database is locked" (outside `atomic_write`, e.g. a session save)
# answers 503 with this page, never a 500 or Django's debug page.
BUSY_PAGE_STATUS = 503
RETRY_AFTER_SECONDS = "5"
_LOCKED_MARK = "_stegvis_database_locked"
BUSY_JSON_MESSAGE = _(
    "Not saved on the server yet – the site is busy. Your answers are kept in this browser and "
    "saved with your next change."
)


def _note_locked(sender, request=None, **kwargs) -> None:
    # Called from Django's handler while the exception is being handled.
    error = sys.exc_info()[1]
    if request is not None and error is not None and is_locked(error):
        setattr(request, _LOCKED_MARK, True)


got_request_exception.connect(_note_locked, dispatch_uid="stegvis.db.note_locked")


def busy_response(request) -> HttpResponse:
    """Say the site is busy and nothing is lost: JSON for scripts (autosave), a page otherwise."""
    if "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {"saved": False, "message": str(BUSY_JSON_MESSAGE)}, status=BUSY_PAGE_STATUS
        )
    else:
        response = HttpResponse(
            render_to_string("503.html", {"method": request.method, "path": request.path}),
            status=BUSY_PAGE_STATUS,
        )
    response["Retry-After"] = RETRY_AFTER_SECONDS
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    """Turn a leftover "database is locked" into a 503 that says "try again", never a 500.

    A view's error is answered in `process_exception`, so the answer goes out through every
    middleware (session, headers); an error in another middleware (say, saving the session) is
    noted by the got_request_exception signal and its 500 replaced on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _LOCKED_MARK, False):
            logger.warning("Answered 503: the database was locked (%s)", request.method)
            return busy_response(request)
        return response

    def process_exception(self, request, exception):
        # DatabaseBusy reaches here from a view that does not show service errors in a form.
        if is_locked(exception) or isinstance(exception, DatabaseBusy):
            logger.warning("Answered 503: the database was locked (%s)", request.method)
            return busy_response(request)
        return None


@contextmanager
def copy_into(model, attnames: list[str]) -> Iterator:
    """PostgreSQL's `COPY … FROM STDIN` into `model`'s table, for the columns of `attnames`.

    Yields psycopg's `Copy`: `write_row(values)` in `attnames` order, or `write(bytes)` of rows
    already in COPY's text format. Much faster than `bulk_create` for many rows: the values
    are not prepared one by one by Django's fields.
    """
    columns = {field.attname: field.column for field in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    names = ", ".join(quote(columns[name]) for name in attnames)
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        yield copy


class SortIndex(models.Index):
    """An index in a list's sort order, `NULLS LAST` included where the database allows it.

    PostgreSQL sorts NULL above every value, so a descending sort with never-set values last
    needs `DESC NULLS LAST` in the index as in the query. SQLite sorts NULL below every value
    (`DESC` already puts it last) and refuses `NULLS LAST` in an index.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite" or not self.expressions:
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = self.clone()
        plain.expressions = tuple(_without_nulls_order(e) for e in self.expressions)
        return models.Index.create_sql(plain, model, schema_editor, using=using, **kwargs)


def _without_nulls_order(expression):
    if isinstance(expression, OrderBy) and (expression.nulls_last or expression.nulls_first):
        return OrderBy(expression.expression, descending=expression.descending)
    return expression
