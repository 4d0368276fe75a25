"""The suite's shared fixtures live in pytest plugins, one module per concern (Saleor's pattern):

- tests/plugins/database.py: each worker's test database copied from one migrated template.
- tests/plugins/world.py: the `world` personas (built once per session), `login`, the audit key.
- tests/plugins/queries.py: `assert_queries`, the exact query count of a block, SQL on failure.
- tests/plugins/care.py: the care test release and `start` (packages may define their own).
- tests/plugins/demo.py: the demo loaded once per session (`demo_users`, `full_demo`).
- tests/plugins/parallel.py: groups for pytest-xdist, so data shared by tests is built once.
- tests/plugins/slow.py: the `slow` mark, which `make test-fast` leaves out.
- tests/plugins/flush.py: how a transactional test empties the database, quickly.
- tests/plugins/sqlite_template.py: a PostgreSQL run's migrated SQLite file, made at once.
- tests/plugins/order.py: long work first, short tests last, so the workers finish together.
"""

import pytest

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
    "tests.plugins.live_server",
    "tests.plugins.sqlite_template",
    "tests.plugins.order",
]
