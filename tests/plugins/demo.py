"""The demo as test data, loaded once per test session (per pytest-xdist worker).

Loading the demo (`manage.py demo`: the organisation, people, programs, enrollments, messages,
the access log) takes seconds. It is a layer on the shared world (`SharedLayer`,
tests/plugins/world.py): loaded in a savepoint of the world's transaction before the first test
that asks for it, rolled back before the first test that does not. Its tests are kept together
(`pytest_collection_modifyitems` below; one xdist group in tests/plugins/parallel.py), so it is
loaded once. Each test still rolls back its own changes, so a test may change the demo freely.
"""

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command

from stegvis.demo import personas
from stegvis.organisation.models import User
from tests.plugins.world import SharedLayer, SharedWorld, is_transactional, shared_layer

SHARED_DEMO = "_shared_demo"


def load_the_demo() -> dict[str, int]:
    """All of `manage.py demo`; the demo's personas: key -> user pk."""
    call_command("demo", "--quiet", stdout=StringIO())
    emails = {p.key: p.email for p in [*personas.STAFF, *personas.CITIZENS]}
    pks = dict(User.objects.filter(email__in=emails.values()).values_list("email", "pk"))
    return {key: pks[email] for key, email in emails.items()}


@pytest.fixture(scope="session")
def _shared_demo(_shared_world: SharedWorld, django_db_blocker) -> Iterator[SharedLayer]:
    layer = shared_layer(_shared_world, SHARED_DEMO, load_the_demo, django_db_blocker)
    yield layer
    layer.close()


@pytest.fixture
def _demo_personas(_shared_demo: SharedLayer, db) -> dict[str, int]:
    if not _shared_demo.is_open:
        return load_the_demo()  # a transactional test: its own demo, emptied with the test
    return _shared_demo.value


@pytest.fixture
def demo_users(_demo_personas) -> dict[str, User]:
    """The demo's personas by key, fetched afresh for the test."""
    users = User.objects.in_bulk(_demo_personas.values())
    return {key: users[pk] for key, pk in _demo_personas.items()}


@pytest.fixture
def full_demo(_demo_personas) -> None:
    """The whole demo (as `manage.py demo` loads it) in the test's database."""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The demo's tests one after another (where the first one is, after pytest-django has put
    the database tests before the transactional ones), so that the demo is loaded once."""
    uses = [
        SHARED_DEMO in getattr(item, "fixturenames", ()) and not is_transactional(item)
        for item in items
    ]
    if not any(uses):
        return
    first = uses.index(True)
    demo = [item for item, used in zip(items, uses, strict=True) if used]
    others = [item for item, used in zip(items, uses, strict=True) if not used]
    items[:] = others[:first] + demo + others[first:]
