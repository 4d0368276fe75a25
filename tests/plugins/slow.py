"""The `slow` mark: whole-system checks that `make test` runs and `make test-fast` leaves out.

A test is slow when it starts processes (servers, workers, backups, `manage.py`), loads the
demo, or requests every URL as every persona. Those are marked in their modules
(`pytestmark = pytest.mark.slow`) or, for the shared data that only such tests ask for, by the
fixture here, so a new test on that data is slow without being told. The split is by kind,
not by a measured time: `make test-fast` is the loop while working (unit, view, query-count and
authorization tests); `make test` is everything, and CI runs it.
"""

import pytest

# Fixtures that only whole-system tests use: the demo in the test database
# (tests/plugins/demo.py), the backup drills' installation (tests/operations/conftest.py), the
# URL x persona crawl (tests/security/), the demo served in a subprocess (tests/browser/).
SLOW_FIXTURES = {"_shared_demo", "drilled", "crawled", "demo_server"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
