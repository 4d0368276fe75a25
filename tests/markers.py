"""Marks shared by test packages."""

import pytest
from django.db import connection


def needs_postgresql(why: str) -> pytest.MarkDecorator:
    """Skip on SQLite (the README's `make test`); CI runs the suite on PostgreSQL, where it runs.

    `why` says what of PostgreSQL's the test needs (its plans, advisory locks, several writers).
    """
    return pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL (DATABASE_URL=postgres://...): {why}; CI runs it there",
    )
