"""Hand out the longest work unit first, after pytest-django has ordered the tests.

A separate plugin from parallel.py because it must run last (`trylast`), after pytest-django
sorts database tests first, while parallel.py's grouping must run first.
"""

import pytest

# Fixture name -> its tests are the longest work unit of a run and touch no test database: hand
# them out first, so their worker starts on them while the other takes everything else. The demo
# walk (a demo server loaded in a subprocess, then 19 personas at two widths) is about a third
# of the browser tests' time; sorted last among the tests without a database, as pytest-django
# sorts, it was the run's tail.
LONGEST_FIRST = {"demo_server"}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's ordering: the longest database-free work unit goes first."""
    first = [item for item in items if LONGEST_FIRST & set(getattr(item, "fixturenames", ()))]
    if first:
        rest = [item for item in items if item not in first]
        items[:] = first + rest
