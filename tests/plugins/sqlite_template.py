"""In a PostgreSQL run, the migrated SQLite template is made at once, in the background.

Some tests run Stegvis as an operator does, on a SQLite file: the demo server the demo walk
uses, the backup drills, gunicorn with production settings. They start from the migrated SQLite
test template (tests/plugins/database.py), which a SQLite run makes first thing. A PostgreSQL
run (CI) makes none, so each of them ran `manage.py migrate` from nothing: about 35 s of CPU
each (Wagtail's migrations are most of it), two or three times a run.

So the run's first process starts this module as a subprocess when the session starts, while
the first worker migrates PostgreSQL and the other waits for it with a core idle. It takes the
template's lock (the one the workers take), migrates a SQLite file with the test settings as
`create_test_db` would, and puts it in place whole. Whoever needs the template waits for that
lock (`sqlite_template`), then copies the file; if there is none, they migrate as before.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.plugins.database import (
    TEMPLATE_DIR,
    migrations_key,
    only_one_process,
    sqlite_template_path,
)

ROOT = Path(__file__).resolve().parents[2]
_BUILDER = pytest.StashKey[subprocess.Popen]()


def _template_path() -> Path:
    return sqlite_template_path(migrations_key())


def sqlite_template() -> Path | None:
    """The migrated SQLite template of these migrations, once nobody is making it; or None."""
    path = _template_path()
    with only_one_process(path.stem):
        return path if path.exists() else None


def _wanted(config) -> bool:
    from django.db import connection

    return (
        not hasattr(config, "workerinput")  # the run's first process only
        and connection.vendor != "sqlite"  # a SQLite run's first worker makes it anyway
        and os.environ.get("STEGVIS_TEST_DB_TEMPLATE", "1") != "0"
        and not config.getoption("nomigrations", False)
        and not config.getoption("reuse_db", False)
    )


def pytest_sessionstart(session):
    config = session.config
    if not _wanted(config):
        return
    path = _template_path()
    if path.exists():
        return
    TEMPLATE_DIR.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    with open(TEMPLATE_DIR / f"{path.stem}.log", "w") as log:
        config.stash[_BUILDER] = subprocess.Popen(
            [sys.executable, "-m", "tests.plugins.sqlite_template", str(path)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def pytest_sessionfinish(session):
    builder = session.config.stash.get(_BUILDER, None)
    if builder is not None and builder.poll() is None:  # nobody needed it: stop it
        builder.terminate()
        builder.wait(timeout=30)


def _build(path: Path) -> None:
    """Migrate a SQLite file with the test settings (as `create_test_db` migrates the test
    database) and put it at `path` whole, unless it is there already."""
    partial = path.with_suffix(f".{os.getpid()}.partial")
    # Stopped at the end of a run that did not need it: leave no partial file behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with only_one_process(path.stem):
        if path.exists():
            return
        try:
            os.environ["DATABASE_URL"] = f"sqlite:///{partial}"
            import django
            from django.core.management import call_command
            from django.db import connection

            django.setup()
            call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
            call_command("createcachetable")
            # The settings open SQLite in WAL mode; a template is one self-contained file, as
            # the one a SQLite run backs up from its in-memory database.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode=DELETE")
            connection.close()
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)


if __name__ == "__main__":
    _build(Path(sys.argv[1]))
