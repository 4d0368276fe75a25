"""Run Stegvis's own commands in subprocesses with production settings, on a database file."""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.plugins.sqlite_template import sqlite_template

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "x9" * 32 + "-a-long-and-random-production-secret",
    "ALLOWED_HOSTS": "stegvis.example,127.0.0.1",
    "AUDIT_HMAC_KEYS": '{"2026-12": "' + "k7" * 32 + '"}',
    "AUDIT_HMAC_KEY_ID": "2026-12",
    "SECURE_SSL_REDIRECT": "0",
}
_DROPPED = {"DEBUG", "SECRET_KEY", "STEGVIS_DEMO", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def environment(**env: str) -> dict[str, str]:
    """The test process's environment without its test settings, plus production's and `env`."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in _DROPPED and not k.startswith(("AUDIT_", "OIDC_", "PYTEST_"))
    }
    clean.update(PRODUCTION)
    clean.update({"DJANGO_SETTINGS_MODULE": "stegvis.settings", **env})
    return clean


def run(*args: str, timeout: int = 300, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def migrated_sqlite(path: Path) -> Path:
    """A migrated SQLite database at `path` with production's cache table: the test
    template's copy, or migrated now. Costs a subprocess: copy its file for more (`copy_sqlite`).
    """
    template = sqlite_template()
    if template is not None:
        copy_sqlite(template, path)
        # The test settings keep rate limits in memory, so the template lacks the shared
        # rate-limit cache's table, which `migrate` makes with production settings.
        result = run("manage.py", "createcachetable", DATABASE_URL=f"sqlite:///{path}")
        assert result.returncode == 0, result.stderr
        return path
    # No template (templates are off, or making it failed): every migration, a minute of CPU.
    result = run(
        "manage.py", "migrate", "--noinput", "-v0", timeout=1200, DATABASE_URL=f"sqlite:///{path}"
    )
    assert result.returncode == 0, result.stderr
    return path


def copy_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of the SQLite database `source` (read only) at `target`."""
    reading = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writing = sqlite3.connect(target)
    try:
        reading.backup(writing)
    finally:
        reading.close()
        writing.close()
    return target


class Installation:
    """One installation's database and folders under `root`, run as an operator runs it."""

    def __init__(self, root: Path, database_url: str, **keys: str):
        self.root, self.database_url, self.keys = root, database_url, keys
        self.env = {
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(root / "media"),
            "PRIVATE_MEDIA_ROOT": str(root / "private-media"),
            "AUDIT_CHECKPOINT_DIR": str(root / "checkpoints"),
            **keys,
        }

    def with_keys(self, **keys: str) -> "Installation":
        """The same database and folders with other backup keys (only `keys`)."""
        return Installation(self.root, self.database_url, **keys)

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return run("manage.py", *args, **self.env)

    def ok(self, *args: str) -> str:
        result = self.manage(*args)
        assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout

    def build_data(self) -> None:
        """tests/operations/drill_data.py's data in the database and private media."""
        result = run(
            "-m", "tests.operations.drill_data", DJANGO_SETTINGS_MODULE="tests.settings", **self.env
        )
        assert result.returncode == 0, result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn() -> str:
    return shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
