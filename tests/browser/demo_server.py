"""A real demo server in a subprocess, as `make demo` runs it, for tests that walk the demo.

The demo data cannot be loaded into pytest's own database: the loader commits in ways that
clash with transactional tests. So `demo_server` migrates a temporary SQLite file, loads the
demo into it and serves it with `runserver` on a free port, once per session.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.subprocess_server import REPO_ROOT, free_port, stop, wait_until_up

# Migrating and loading the demo take about a minute on a quiet machine; allow for a busy one.
SETUP_TIMEOUT = 600
START_TIMEOUT = 60


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


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory) -> str:
    """The base URL of a running demo server with every persona of stegvis/demo/personas.py."""
    tmp = tmp_path_factory.mktemp("demo")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = _demo_env(tmp, base_url)
    _manage(env, "migrate", "--noinput")
    _manage(env, "demo", "--quiet", "--site-url", base_url)
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
