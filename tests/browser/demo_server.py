"""A real demo server in a subprocess, as `make demo` runs it, for tests that walk the demo.

The demo data cannot be loaded into pytest's own database: the loader commits in ways that
clash with transactional tests. So the demo is loaded into a SQLite file of its own (with the
media, SMS and audit checkpoint files beside it), and `demo_server` serves a copy of it with
`runserver` on a free port.

Migrating and loading take about a minute and a half of CPU, so it is done once per test run:
the first pytest-xdist worker builds the files in the run's directory (under a file lock, the
pattern of tests/plugins/database.py) and every worker, the first included, copies them and
serves its own copy (the walk signs in and so writes sessions). Migrating starts from the
migrated SQLite test template when there is one for these migrations; otherwise from
`manage.py migrate`. The built files are named after the migrations key and a hash of the
demo's code, and are never kept past the run: the demo's dates and TOTP follow today.
"""

import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.plugins.database import migrations_key
from tests.plugins.sqlite_template import sqlite_template
from tests.subprocess_server import REPO_ROOT, free_port, stop, wait_until_up

# Migrating and loading the demo take about a minute on a quiet machine; allow for a busy one.
SETUP_TIMEOUT = 600
START_TIMEOUT = 180  # both workers start their servers at once, after the build
DEMO_CODE = REPO_ROOT / "stegvis" / "demo"


def _demo_env(tmp: Path, site_url: str) -> dict[str, str]:
    """The environment `make demo` gives: DEBUG and demo mode, SQLite, files kept in `tmp`."""
    env = {
        key: value
        for key, value in os.environ.items()
        # CI points DATABASE_URL at PostgreSQL, and pytest at the test settings.
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DEBUG="1",
        STEGVIS_DEMO="1",
        SITE_URL=site_url,
        DATABASE_URL=f"sqlite:///{tmp / 'demo.sqlite3'}",
        MEDIA_ROOT=str(tmp / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp / "private-media"),
        SMS_FILE_PATH=str(tmp / "sms-outbox.jsonl"),
        AUDIT_CHECKPOINT_DIR=str(tmp / "audit-checkpoints"),
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=SETUP_TIMEOUT,
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}", pytrace=False)


def demo_key() -> str:
    """What the built demo depends on: the migrations and the demo's own code."""
    digest = hashlib.sha256(migrations_key().encode())
    for path in sorted(DEMO_CODE.rglob("*.py")):
        digest.update(str(path.relative_to(DEMO_CODE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _run_directory(tmp_path_factory) -> Path:
    """The directory the whole run shares: the workers' base temporary directories' parent."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _build(target: Path, base_url: str) -> None:
    """Migrate and load the demo into `target` (made whole at once, so never seen half-built)."""
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    env = _demo_env(partial, base_url)
    template = sqlite_template()
    if template is not None:
        # The test database's migrated template: the same migrations, so the same schema and
        # rows as `migrate` gives (tests/plugins/database.py).
        source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
        target_db = sqlite3.connect(partial / "demo.sqlite3")
        try:
            source.backup(target_db)
        finally:
            source.close()
            target_db.close()
    _manage(env, "migrate", "--noinput")  # with the template: nothing to do, but checks so
    _manage(env, "demo", "--quiet", "--site-url", base_url)
    os.replace(partial, target)


@contextmanager
def _only_one_process(lock_path: Path) -> Iterator[None]:
    """Workers wait for the one building the demo (as tests/plugins/database.py's do)."""
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _built_demo(tmp_path_factory) -> Path:
    """The run's demo files, built by the first worker to ask; the others wait and reuse them."""
    target = _run_directory(tmp_path_factory) / f"demo-{demo_key()}"
    with _only_one_process(target.with_suffix(".lock")):
        if not target.exists():
            # Only the sign-in sheet, which --quiet leaves out, would show this address.
            _build(target, "http://127.0.0.1:8000")
    return target


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory) -> Iterator[str]:
    """The base URL of a running demo server with every persona of stegvis/demo/personas.py."""
    built = _built_demo(tmp_path_factory)
    tmp = tmp_path_factory.mktemp("demo")
    shutil.copytree(built, tmp, dirs_exist_ok=True)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = _demo_env(tmp, base_url)
    # The server's log (requests and tracebacks) goes to a file, not a pipe nobody empties.
    log = tmp / "runserver.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(server, f"{base_url}/accounts/login/", log, "runserver", START_TIMEOUT)
        yield base_url
    finally:
        stop(server)
