"""Keep tests that share expensive data on one pytest-xdist worker (`--dist loadgroup`).

Some data is built once and reused: the URL x persona crawl (each part once per session, read
by three tests), the demo (once per session: tests/plugins/demo.py), the backup drills'
installation with data and its encrypted backup (`drilled`, tests/operations/conftest.py: five
`manage.py`-sized processes). Spread over workers, each worker would build it again; grouped,
it is built once. The demo server is not grouped: the walk of every demo persona behind it is
the suite's longest work, and two workers each serving a copy finish it sooner than one worker
walking alone (the demo's files are built once per run for all workers:
tests/browser/demo_server.py). Every other test is handed out one at a time, in the order of
tests/plugins/order.py (database tests before transactional ones, so a worker seldom runs a
`db` test on a database a transactional test has emptied; long work first).

Do not hand a browser test out first to shorten the tail: its worker then keeps Playwright's
event loop in the main thread (django-health-check's async_to_sync fails in every later test
there) and its live server's flush empties the shared world under the database tests that
follow. Tried on 2 December 2026 and reverted after 935 errors in CI.
"""

import pytest

# Fixture name -> built once per session: all its tests in one group.
SHARED_PER_SESSION = {"crawled", "_shared_demo", "drilled"}
# Fixture name -> built once per module: a module's tests in one group.
SHARED_PER_MODULE: set[str] = set()


def group_of(item) -> str | None:
    names = set(getattr(item, "fixturenames", ()))
    for name in sorted(names & SHARED_PER_SESSION):
        # A parametrized fixture is built once per parameter: one group each.
        params = getattr(getattr(item, "callspec", None), "params", {})
        return f"{name}:{params[name]}" if name in params else name
    for name in sorted(names & SHARED_PER_MODULE):
        return f"{name}:{item.nodeid.split('::')[0]}"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        group = group_of(item)
        if group is not None and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(group))
    if getattr(config.option, "loadgroup", False):  # on an xdist worker under loadgroup
        for item in items:
            _name_the_group_in_the_id(item)


def _name_the_group_in_the_id(item) -> None:
    """What xdist's own hook means to do: `<test id>@<group>`, which its scheduler reads.

    xdist 3.8 sets `item._nodeid`, which pytest 9.2 no longer reads (ids are `item._id`), so
    without this every group is scattered over the workers.
    """
    from _pytest.nodeid import NodeId

    names = sorted(
        {
            str(m.args[0] if m.args else m.kwargs.get("name", "default"))
            for m in item.iter_markers("xdist_group")
        }
    )
    if names and "@" not in item.nodeid:
        item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")
