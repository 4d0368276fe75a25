"""The order tests are handed out in, so that both pytest-xdist workers finish together.

pytest-django orders tests as Django does: database tests, then transactional ones, then
those without a database. The workers take tests (or a group: tests/plugins/parallel.py) in
that order as they become free, so whatever comes last decides how long one worker works alone.
That was the backup drills' group (about 3 minutes of `manage.py` processes one after another,
no database fixture): the other worker sat idle for it.

So, keeping the database tests before the transactional and browser ones (tests/plugins/world.py;
a browser test leaves Playwright's event loop in its worker's main thread, tests/plugins/
parallel.py), the long work goes first and the many short tests last, where they fill the gaps:

1. database tests marked `slow` (the URL crawl, the demo in the test database), then the
   other database tests,
2. tests without a database marked `slow` (drills, servers: processes, mostly waiting),
3. transactional and browser tests marked `slow` (the demo walk), then the others,
4. the other tests without a database (unit tests of a few milliseconds each).

Within a rank the order is pytest-django's, so a group's tests stay together.
"""

import pytest

from tests.plugins.world import is_transactional, uses_db


def rank(item) -> int:
    slow = item.get_closest_marker("slow") is not None
    if is_transactional(item) or item.get_closest_marker("browser") is not None:
        return 3 if slow else 4
    if uses_db(item):
        return 0 if slow else 1
    return 2 if slow else 5


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=rank)  # stable
