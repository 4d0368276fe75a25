"""The production environment, the database and the servers a web benchmark runs against.

Stegvis runs with its production settings (DEBUG off) and only the switches its settings
already read from the environment: plain HTTP on 127.0.0.1 needs SECURE_COOKIES=0 and
SECURE_SSL_REDIRECT=0, and citizens sign in with a password only with CITIZEN_PASSWORD_LOGIN=1.
The message rate limit is raised only when the run asks for it (RATE_LIMIT_MESSAGES), and the
report says so.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/stegvis_bench"


def bench_secrets() -> dict[str, str]:
    """Keys for the benchmark's server, made once and kept in var/bench (never in git).

    Kept across runs so the access log's keyed chain, sealed with them, stays verifiable.
    """
    path = VAR / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    VAR.mkdir(parents=True, exist_ok=True)
    keys = {"secret_key": secrets.token_urlsafe(50), "audit_key": secrets.token_urlsafe(48)}
    path.write_text(json.dumps(keys))
    path.chmod(0o600)
    return keys


def production_env(database_url: str, message_rate: str = "", api_rate: str = "") -> dict[str, str]:
    """The environment of a production server on http://127.0.0.1 (see the module docstring)."""
    keys = bench_secrets()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "STEGVIS_DEMO", "DJANGO_SETTINGS_MODULE"}
        and not k.startswith(("AUDIT_", "RATE_LIMIT_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="stegvis.settings",
        DATABASE_URL=database_url,
        SECRET_KEY=keys["secret_key"],
        AUDIT_HMAC_KEYS=json.dumps({"bench": keys["audit_key"]}),
        AUDIT_HMAC_KEY_ID="bench",
        AUDIT_CHECKPOINT_DIR=str(VAR / "audit-checkpoints"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",
        # Plain HTTP on the loopback: the cookies' Secure flag and the HTTPS redirect off.
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        CITIZEN_PASSWORD_LOGIN="1",
        # Nothing leaves the machine: notifications are kept in memory.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SMS_BACKEND="stegvis.notifications.sms.locmem.LocmemSmsBackend",
        PYTHONUNBUFFERED="1",
    )
    if message_rate:
        env["RATE_LIMIT_MESSAGES"] = message_rate
    if api_rate:
        # One client drives the API pages: its production limit (600/m) would cap them.
        env["RATE_LIMIT_API"] = api_rate
    return env


def manage(env: dict[str, str], *args: str, extra_env: dict[str, str] | None = None) -> None:
    """Run a management command with the production environment; fail loudly."""
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**env, **(extra_env or {})}, check=True
    )


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database named by the URL unless it exists."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{name}"')


def loadscale_available() -> bool:
    """Whether this checkout has `manage.py loadscale` (built on another branch)."""
    return any(ROOT.glob("stegvis/*/management/commands/loadscale.py"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A WSGI server (gunicorn's sync workers, or granian) serving one app on 127.0.0.1."""

    name: str
    app: str
    env: dict[str, str]
    workers: int
    kind: str = "gunicorn"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        if self.kind == "granian":
            return self.granian_command()
        return [
            sys.executable,
            "-m",
            "gunicorn",
            self.app,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--no-control-socket",
            "--log-level",
            "warning",
        ]

    def granian_command(self) -> list[str]:
        """granian's WSGI interface with as many worker processes (one blocking thread each)."""
        return [
            str(Path(sys.executable).with_name("granian")),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--blocking-threads",
            "1",
            "--log-level",
            "warning",
            self.app,
        ]

    def start(self, log_dir: Path) -> None:
        log = (log_dir / f"{self.name}.log").open("w")
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        wait_until_listening(self.port, self.process)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def wait_until_listening(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server on port {port} exited with {process.returncode}.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"Nothing listened on port {port} within {timeout} s.")
