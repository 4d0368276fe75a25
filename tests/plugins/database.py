"""Each test database is a copy of one migrated database, not migrated again for every worker.

Migrating the test database (some 260 migrations, Wagtail's included, and the access log's
PostgreSQL triggers) was the largest fixed cost of a run, paid once per pytest-xdist worker.
The first worker migrates as Django does and keeps the result as a template; the others (and
later runs, while the migrations are unchanged) copy it: on PostgreSQL with
`CREATE DATABASE ... TEMPLATE`, on SQLite with SQLite's backup into the in-memory database. The
copy is the migrated database itself (schema, triggers, the rows migrations and post_migrate
write), so tests see what migrating gives them.

The template is named after a hash of what migrating reads: every file in every migrations
directory, the project modules they import, the settings, and the Django version. A changed
migration makes a new template; stale ones are removed (on PostgreSQL at once; SQLite's, in a
directory that worktrees share, after a week unused). `--reuse-db`, `--no-migrations`
and `STEGVIS_TEST_DB_TEMPLATE=0` migrate as before.
"""

import fcntl
import hashlib
import importlib.util
import os
import re
import sqlite3
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import django
from django.conf import settings
from django.db import DatabaseError
from django.db.backends.base.creation import BaseDatabaseCreation

_migrate_and_create = BaseDatabaseCreation.create_test_db
_IMPORTED = re.compile(r"^\s*(?:from|import)\s+(stegvis[\w.]*)", re.MULTILINE)
TEMPLATE_DIR = Path(tempfile.gettempdir()) / f"stegvis-test-db-{os.getuid()}"
STALE_AFTER = 7 * 24 * 3600  # seconds a SQLite template may go unused before it is removed


def pytest_configure(config):
    wanted = os.environ.get("STEGVIS_TEST_DB_TEMPLATE", "1") != "0"
    migrating = not config.getoption("nomigrations", False)
    if wanted and migrating and not config.getoption("reuse_db", False):
        BaseDatabaseCreation.create_test_db = create_test_db_from_template


def migrations_key() -> str:
    """A hash of everything migrating the test database reads."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    files: set[Path] = {Path(settings.BASE_DIR) / "stegvis" / "settings.py", Path(__file__)}
    files.add(Path(__file__).resolve().parents[1] / "settings.py")
    for module_name in sorted({app.name for app in apps.get_app_configs()}):
        directory = _migrations_directory(module_name)
        if directory is not None:
            files.update(directory.glob("*.py"))
    for migrations_file in [f for f in files if f.parent.name == "migrations"]:
        files.update(_project_modules_imported_by(migrations_file))
    for label in MigrationLoader(None, ignore_no_migrations=True).unmigrated_apps:
        models = apps.get_app_config(label).models_module  # tables made by run_syncdb
        if models is not None and models.__file__:
            files.add(Path(models.__file__))
    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted(files):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _migrations_directory(app_module: str) -> Path | None:
    spec = importlib.util.find_spec(f"{app_module}.migrations")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _project_modules_imported_by(path: Path) -> set[Path]:
    found = set()
    for name in _IMPORTED.findall(path.read_text()):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin and spec.origin.endswith(".py"):
            found.add(Path(spec.origin))
    return found


@contextmanager
def only_one_process(name: str):
    """Workers (and runs) wait for the one making the template, then copy it."""
    TEMPLATE_DIR.mkdir(exist_ok=True)
    with open(TEMPLATE_DIR / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def create_test_db_from_template(
    self, verbosity=1, autoclobber=False, serialize=True, keepdb=False
):
    store = {"sqlite": SqliteTemplates, "postgresql": PostgresTemplates}.get(self.connection.vendor)
    if store is None or serialize or keepdb:
        return _migrate_and_create(self, verbosity, autoclobber, serialize, keepdb)
    templates = store(self, migrations_key())
    with only_one_process(templates.name):  # held while copying too: the template stays
        if not templates.exists():
            test_database_name = _migrate_and_create(self, verbosity, autoclobber, False, False)
            templates.keep(test_database_name)
            return test_database_name
        return _copy_template(self, templates, verbosity, autoclobber)


def _copy_template(creation, templates, verbosity: int, autoclobber: bool) -> str:
    """What `create_test_db` does, with a copy of the template instead of `migrate`."""
    test_database_name = creation._get_test_db_name()
    if verbosity >= 1:
        alias = creation.connection.alias
        creation.log(f"Copying test database for alias {alias!r} from the template…")
    templates.make_room(test_database_name, verbosity, autoclobber)
    creation.connection.close()
    settings.DATABASES[creation.connection.alias]["NAME"] = test_database_name
    creation.connection.settings_dict["NAME"] = test_database_name
    templates.copy_into(test_database_name)
    creation.connection.ensure_connection()
    return test_database_name


def sqlite_template_path(key: str) -> Path:
    """The migrated SQLite template's file for the migrations `key` (its lock: the stem)."""
    return TEMPLATE_DIR / f"sqlite-{key}.sqlite3"


class SqliteTemplates:
    """The migrated database as a file; copied into the worker's (in-memory) database."""

    def __init__(self, creation, key: str):
        self.creation = creation
        self.path = sqlite_template_path(key)
        self.name = self.path.stem

    def exists(self) -> bool:
        return self.path.exists()

    def make_room(self, test_database_name: str, verbosity: int, autoclobber: bool) -> None:
        self.creation._create_test_db(verbosity, autoclobber, False)  # a file one: removed

    def keep(self, test_database_name: str) -> None:
        connection = self.creation.connection
        connection.ensure_connection()
        partial = self.path.with_suffix(f".{os.getpid()}.partial")
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        os.replace(partial, self.path)
        # Other worktrees (other migrations) share the directory: only unused ones go.
        for stale in TEMPLATE_DIR.glob("sqlite-*.sqlite3"):
            if stale != self.path and time.time() - stale.stat().st_mtime > STALE_AFTER:
                stale.unlink(missing_ok=True)

    def copy_into(self, test_database_name: str) -> None:
        connection = self.creation.connection
        connection.ensure_connection()
        self.path.touch()  # in use (see STALE_AFTER)
        source = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


class PostgresTemplates:
    """The migrated database as a PostgreSQL template database, cloned for each worker."""

    def __init__(self, creation, key: str):
        self.creation = creation
        self.prefix = f"test_{creation.connection.settings_dict['NAME']}_template_"[:50]
        self.name = f"{self.prefix}{key}"

    def _execute(self, sql: str, params=()) -> list:
        with self.creation._nodb_cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def make_room(self, test_database_name: str, verbosity: int, autoclobber: bool) -> None:
        """Nothing: `copy_into` drops the worker's old database and clones the template."""

    def exists(self) -> bool:
        return bool(self._execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]))

    def keep(self, test_database_name: str) -> None:
        quote = self.creation.connection.ops.quote_name
        self.creation.connection.close()  # a template may have no other connections
        stale = self._execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [self.prefix.replace("_", r"\_") + "%", self.name],
        )
        for (name,) in stale:
            with suppress(DatabaseError):  # in use by another run: dropped by a later one
                self._execute(f"DROP DATABASE IF EXISTS {quote(name)}")
        self._execute(
            f"CREATE DATABASE {quote(self.name)} WITH TEMPLATE {quote(test_database_name)}"
        )

    def copy_into(self, test_database_name: str) -> None:
        quote = self.creation.connection.ops.quote_name
        self._execute(f"DROP DATABASE IF EXISTS {quote(test_database_name)}")
        self._execute(
            f"CREATE DATABASE {quote(test_database_name)} WITH TEMPLATE {quote(self.name)}"
        )
