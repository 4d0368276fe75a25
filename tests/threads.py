"""Run code in threads at once against an SQLite file, as the web server's threads do.

The test database is in memory and shared by every connection of the process, which hides how
SQLite locks a file. `on_a_file_database` copies the committed test data into a file and points
the connections that threads open inside it at that file (the test's own connection stays on
the in-memory database). Use it in `transactional_db` tests, so the data is committed.
"""

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, connections


@contextmanager
def on_a_file_database(directory: Path) -> Iterator[Path | None]:
    """On SQLite, point the threads at a file copy; elsewhere (PostgreSQL) they need nothing.

    A server database already gives every thread its own connection to the committed data.
    """
    if connection.vendor != "sqlite":
        yield None
        return
    path = directory / "threads.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    with target:
        connection.connection.backup(target)
    target.close()
    in_memory = connections.settings["default"]
    connections.settings["default"] = {**in_memory, "NAME": str(path)}
    try:
        yield path
    finally:
        connections.settings["default"] = in_memory


def at_once(*calls: Callable[[], object]) -> list[object]:
    """Start every call at the same moment in its own thread; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # the caller checks which exceptions are allowed
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def in_a_thread(call: Callable[[], object]) -> object:
    """Run `call` in a thread of its own (so on the file database); return or raise its result."""
    (result,) = at_once(call)
    if isinstance(result, Exception):
        raise result
    return result
