"""The suite's shared fixtures live in pytest plugins, one module per concern (Saleor's pattern):

- tests/plugins/database.py: each worker's test database copied from one migrated template.
- tests/plugins/world.py: the `world` personas (built once per session), `login`, the audit key.
- tests/plugins/queries.py: `assert_queries`, the exact query count of a block, SQL on failure.
- tests/plugins/care.py: the care test release and `start` (packages may define their own).
- tests/plugins/demo.py: the demo loaded once per session (`demo_users`, `full_demo`).
- tests/plugins/parallel.py: groups for pytest-xdist, so data shared by tests is built once.
- tests/plugins/slow.py: the `slow` mark, which `make test-fast` leaves out.
- tests/plugins/flush.py: a flush puts content types and permissions back instead of rebuilding.
"""

import pytest
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations

pytest.register_assert_rewrite("tests.plugins")

from tests.plugins.world import PERSONAS, World  # noqa: E402, F401  (imported by tests as before)

pytest_plugins = [
    "tests.plugins.database",
    "tests.plugins.world",
    "tests.plugins.queries",
    "tests.plugins.parallel",
    "tests.plugins.demo",
    "tests.plugins.care",
    "tests.plugins.slow",
    "tests.plugins.flush",
]


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
        sql = _sql_flush(self, style, tables, reset_sequences=True, **kwargs)
    else:
        sql = [f"{style.SQL_KEYWORD('DELETE FROM')} {self.quote_name(table)};" for table in tables]
    return ["SET LOCAL session_replication_role = replica", *sql]


PostgresOperations.sql_flush = _flush_past_the_audit_triggers
