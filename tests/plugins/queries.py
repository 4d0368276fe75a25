"""Exact query counts, with the SQL printed when they are wrong (like Django's assertNumQueries).

    def test_the_start_page_reads_in_fixed_queries(assert_queries, client):
        with assert_queries(12):
            client.get("/")

For a page, `assert_page_queries(client, url, n, grow=add_more_data)` checks the count before
and after the data grows. A page's count is a number in the test, not a comment: when a change
adds or removes a query, the failure lists every statement, and the new number goes into the
test with the change.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext


def format_queries(queries: list[dict]) -> str:
    return "\n".join(f"{n}. {query['sql']}" for n, query in enumerate(queries, start=1))


@contextmanager
def count_queries(using: str = DEFAULT_DB_ALIAS) -> Iterator[CaptureQueriesContext]:
    """The queries a block runs (`len(captured)`, `captured.captured_queries`)."""
    with CaptureQueriesContext(connections[using]) as captured:
        yield captured


@contextmanager
def assert_queries(
    expected: int | dict[str, int], using: str = DEFAULT_DB_ALIAS
) -> Iterator[CaptureQueriesContext]:
    """Fail unless the block runs exactly `expected` queries; the failure shows the SQL.

    Where the database engines differ (PostgreSQL takes an advisory lock, SQLite has none),
    `expected` is a count per engine: `{"sqlite": 7, "postgresql": 8}`.
    """
    if isinstance(expected, dict):
        expected = expected[connections[using].vendor]
    with count_queries(using) as captured:
        yield captured
    executed = len(captured)
    assert executed == expected, (
        f"{executed} queries were run, {expected} expected:\n"
        f"{format_queries(captured.captured_queries)}"
    )


@pytest.fixture(name="assert_queries")
def assert_queries_fixture(db):
    """`with assert_queries(n): ...` in a test with database access."""
    return assert_queries


def assert_page_queries(
    client, url, expected: int | dict[str, int], *, grow=None, data=None
) -> None:
    """A page runs exactly `expected` queries, and (after `grow()` adds more data) still does.

    The first request warms up (session, chosen workplace, caches) and is not counted. The
    counted ones follow within seconds, so the session's activity tracking (at most every 30 s,
    stegvis.accounts.middleware.ThrottledUserSessionsMiddleware) is not in the counts.
    """
    client.get(url, data)
    with assert_queries(expected):
        response = client.get(url, data)
    assert response.status_code == 200
    if grow is None:
        return
    grow()
    with assert_queries(expected):
        response = client.get(url, data)
    assert response.status_code == 200
