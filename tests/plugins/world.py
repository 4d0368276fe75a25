"""The test world: personas for every access level, built once per test session.

Building the world (five units, fifteen users, TOTP for twelve staff) for each of some 600 tests
cost minutes. Like Django's `TestCase.setUpTestData`, it is built once inside a transaction that
stays open for the whole session; every test runs in a savepoint of it that is rolled back, and
the `world` fixture hands each test freshly fetched objects (changes a test makes, in memory or
in the database, never reach the next test).

Transactional tests (`transactional_db`, `live_server`) commit and empty the database (a flush:
tests/conftest.py), which cannot happen inside that transaction: before such a test the shared
world is rolled back, and the test builds its own world as before. A later test that needs the
shared world (only when tests run out of pytest-django's usual order) builds it again.

Data many tests read on top of the world (the demo: tests/plugins/demo.py) is a `SharedLayer`:
loaded in a savepoint of the world's transaction by the first test that asks for it, kept while
the tests after it ask for it too, and rolled back before a test that does not, so no other test
sees it. Its tests run one after another (tests/plugins/parallel.py), so it is loaded once.
"""

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields

import factory.random
import pytest
from django.db import connection, transaction
from django.utils import timezone

from stegvis.organisation.models import CareProvider, CareUnit, Role, RoleGrant, User
from tests.factories import (
    CitizenFactory,
    ProviderFactory,
    StaffFactory,
    UnitFactory,
    assign,
    make_provider_admin,
)
from tests.signin import sign_in


@dataclass
class World:
    provider: CareProvider
    unit: CareUnit
    other_unit: CareUnit
    other_provider: CareProvider
    foreign_unit: CareUnit
    citizen: User
    other_citizen: User
    practitioner: User
    other_unit_practitioner: User
    citizen_admin: User
    access_admin: User
    data_admin: User
    provider_admin: User
    designer: User
    foreign_staff: User
    inactivated_staff: User
    unassigned_staff: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = [
    "anonymous",
    "citizen",
    "other_citizen",
    "practitioner",
    "other_unit_practitioner",
    "citizen_admin",
    "access_admin",
    "data_admin",
    "provider_admin",
    "designer",
    "foreign_staff",
    "inactivated_staff",
]

# The audit key every test signs with (see `_audit_key_and_checkpoints`); the shared world is
# built under it too, so anything it logs verifies in every test.
TEST_AUDIT_KEYS = {"test-1": "test-audit-key-" + "q" * 40}
TEST_AUDIT_KEY_ID = "test-1"


def the_test_audit_key():
    """Settings for data built outside a test (shared data): the tests' audit key."""
    from django.test.utils import override_settings

    return override_settings(AUDIT_HMAC_KEYS=TEST_AUDIT_KEYS, AUDIT_HMAC_KEY_ID=TEST_AUDIT_KEY_ID)


def build_world() -> World:
    # The same names in every run and on every worker: a failure that depends on who is called
    # what (a namesake on the page) happens every time, not one run in fifty.
    factory.random.reseed_random("stegvis-test-world")
    provider = ProviderFactory(name="Region Test", code="test")
    unit = UnitFactory(provider=provider, name="Psykiatri Test")
    other_unit = UnitFactory(provider=provider, name="Rehab Test")
    other_provider = ProviderFactory(name="Region Annan", code="annan")
    foreign_unit = UnitFactory(provider=other_provider, name="Vårdcentral Annan")
    inactivated = assign(StaffFactory(), unit, Role.PRACTITIONER, Role.ACCESS_ADMIN)
    RoleGrant.objects.filter(staff=inactivated).update(inactivated_at=timezone.now())
    return World(
        provider=provider,
        unit=unit,
        other_unit=other_unit,
        other_provider=other_provider,
        foreign_unit=foreign_unit,
        # A surname Faker never gives, so "the name is not shown" cannot meet a namesake.
        citizen=CitizenFactory(first_name="Tolvan", last_name="Tolvansdotter"),
        other_citizen=CitizenFactory(),
        practitioner=assign(StaffFactory(), unit, Role.PRACTITIONER),
        other_unit_practitioner=assign(StaffFactory(), other_unit, Role.PRACTITIONER),
        citizen_admin=assign(StaffFactory(), unit, Role.CITIZEN_ADMIN),
        access_admin=assign(StaffFactory(), unit, Role.ACCESS_ADMIN),
        data_admin=assign(StaffFactory(), unit, Role.DATA_ADMIN),
        provider_admin=make_provider_admin(StaffFactory(), provider),
        designer=assign(StaffFactory(), unit, Role.DESIGNER),
        foreign_staff=assign(
            StaffFactory(), foreign_unit, Role.PRACTITIONER, Role.CITIZEN_ADMIN, Role.ACCESS_ADMIN
        ),
        inactivated_staff=inactivated,
        unassigned_staff=StaffFactory(),
    )


def _keys(world: World) -> dict[str, tuple[type, int]]:
    objects = {f.name: getattr(world, f.name) for f in fields(world)}
    return {name: (type(obj), obj.pk) for name, obj in objects.items()}


def fetch_world(keys: dict[str, tuple[type, int]]) -> World:
    """Fresh instances of the shared world's objects: one query per model."""
    by_model: dict[type, list[int]] = {}
    for model, pk in keys.values():
        by_model.setdefault(model, []).append(pk)
    rows = {model: model.objects.in_bulk(pks) for model, pks in by_model.items()}
    return World(**{name: rows[model][pk] for name, (model, pk) in keys.items()})


class SharedLayer:
    """Data built once in a savepoint of the shared world's transaction, for the tests that ask
    for the fixture `name`; `value` is what `build` returned (keys to fetch objects by)."""

    def __init__(self, name: str, build: Callable[[], object], blocker):
        self.name = name
        self._build = build
        self._blocker = blocker
        self._atomic = None
        self.value = None

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def restore_autocommit(self) -> None:
        restore_autocommit(self._blocker)

    def open(self) -> None:
        self.restore_autocommit()
        with self._blocker.unblock():
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
        try:
            with self._blocker.unblock(), the_test_audit_key():
                self.value = self._build()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._atomic is None:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic = None
        self.value = None


class SharedWorld:
    """The session's open transaction holding the world, or nothing when it is rolled back."""

    def __init__(self, blocker):
        self._blocker = blocker
        self._atomic = None
        self.keys: dict[str, tuple[type, int]] | None = None
        self.layers: list[SharedLayer] = []  # savepoints in the world's transaction, in order

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def restore_autocommit(self) -> None:
        restore_autocommit(self._blocker)

    def open(self) -> None:
        self.restore_autocommit()
        with self._blocker.unblock():
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            with the_test_audit_key():
                self.keys = _keys(build_world())

    def close(self) -> None:
        self.close_layers(keep=set())
        if self._atomic is None:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic = None
        self.keys = None

    def close_layers(self, keep: set[str]) -> None:
        """Roll back every layer from the first one not named in `keep` (savepoints nest)."""
        open_layers = [layer for layer in self.layers if layer.is_open]
        unneeded = [i for i, layer in enumerate(open_layers) if layer.name not in keep]
        if unneeded:
            for layer in reversed(open_layers[unneeded[0] :]):
                layer.close()

    def open_layers(self, wanted: set[str]) -> None:
        for layer in self.layers:
            if layer.name in wanted and not layer.is_open:
                layer.open()


def restore_autocommit(blocker) -> None:
    """Outside the world's transaction the connection must be in autocommit. A live server
    thread sharing SQLite's in-memory connection could once leave it off (tests/browser/conftest.py
    now waits for its requests); the world opened on such a connection would never commit or
    roll back as one, and every transactional test after it would fail at set-up. Put it right
    and say which test came before."""
    with blocker.unblock():
        if connection.in_atomic_block or connection.get_autocommit():
            return
        connection.rollback()
        connection.set_autocommit(True)
    warnings.warn(
        f"autocommit was off outside a transaction after {_previous_nodeid}; restored",
        stacklevel=1,
    )


_shared: SharedWorld | None = None
_current_item = None
_previous_nodeid: str | None = None


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def uses_db(item) -> bool:
    """Whether the test reaches the database (in a transaction, or committing)."""
    names = getattr(item, "fixturenames", ())
    return (
        item.get_closest_marker("django_db") is not None or "db" in names or is_transactional(item)
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Roll the shared world back before a transactional test; bring it back after one. Roll
    a layer back before a test that does not ask for it; load it for one that does.

    A test without the database runs with the world rolled back too: such tests start
    processes, servers and threads, and one that closes Django's connections would otherwise
    take the open transaction (and the world in it) along.
    """
    global _current_item, _previous_nodeid
    _previous_nodeid = _current_item.nodeid if _current_item is not None else None
    _current_item = item
    if _shared is None:
        return  # made by the first test that asks for the world
    names = set(getattr(item, "fixturenames", ()))
    if is_transactional(item) or not uses_db(item):
        _shared.close()
        if is_transactional(item):
            _shared.restore_autocommit()
        return
    _shared.close_layers(keep=names)
    if "_shared_world" in names and not _shared.is_open:
        _shared.open()  # before any layer, which nests in it
    if _shared.is_open:
        _shared.open_layers(wanted=names)  # before the test's own savepoint begins


def shared_layer(shared: SharedWorld, name: str, build: Callable[[], object], blocker):
    """A layer for the session fixture `name`: loaded at once unless this test is transactional
    (then the fixture's user builds its own data in the test), rolled back at the end."""
    layer = SharedLayer(name, build, blocker)
    shared.layers.append(layer)
    if shared.is_open and (_current_item is None or not is_transactional(_current_item)):
        layer.open()
    return layer


@pytest.fixture(scope="session")
def _shared_world(django_db_setup, django_db_blocker) -> Iterator[SharedWorld]:
    """Session-scoped, so pytest sets it up before any test's own transaction begins."""
    global _shared
    _shared = SharedWorld(django_db_blocker)
    if _current_item is None or not is_transactional(_current_item):
        _shared.open()
    yield _shared
    _shared.close()  # before django_db_setup drops the test database


@pytest.fixture
def world(request, _shared_world, db) -> World:
    # `db` gives a transactional test (transactional_db, live_server) its committed database.
    if not _shared_world.is_open:
        return build_world()  # asked for by name mid-test; rolled back with the test
    return fetch_world(_shared_world.keys)


@pytest.fixture
def login(client):
    """Sign `user` in (skipping the password and TOTP steps, which have their own tests)."""

    def _login(user: User | None):
        client.logout()
        if user is not None:
            sign_in(client, user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _audit_key_and_checkpoints(settings, tmp_path):
    """A test's own audit key (not the public development key) and checkpoint directory."""
    settings.AUDIT_HMAC_KEYS = dict(TEST_AUDIT_KEYS)
    settings.AUDIT_HMAC_KEY_ID = TEST_AUDIT_KEY_ID
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
