"""The signed-in floor beside the floor: what any signed-in Django page costs at the least.

The floor renders a template and asks no database. A Stegvis page must first know who asks:
its session and its user, from PostgreSQL. The signed-in floor (benchmarks/floor/
signed_in_settings.py) does that and nothing more, in a database of its own next to the run's
(`<name>_floor`), so the table shows how much of the floor a signed-in page can reach at all.
"""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

from benchmarks.web.report import SIGNED_IN_FLOOR as NAME
from benchmarks.web.servers import ROOT, Server, ensure_database

APP = "benchmarks.floor.signed_in_wsgi:application"


def database_url(run_database_url: str) -> str:
    """The run's database URL with `_floor` added to the database's name."""
    parts = urlsplit(run_database_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_floor"))


def prepare(env: dict[str, str], run_database_url: str) -> tuple[dict[str, str], str]:
    """The signed-in floor's environment and a session key signed in there (tables migrated)."""
    floor_env = {
        **env,
        "FLOOR_DATABASE_URL": database_url(run_database_url),
        "DJANGO_SETTINGS_MODULE": "benchmarks.floor.signed_in_settings",
    }
    ensure_database(floor_env["FLOOR_DATABASE_URL"])
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.floor.session"],
        cwd=ROOT, env=floor_env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return floor_env, done.stdout.strip().splitlines()[-1]


def server(floor_env: dict[str, str], workers: int) -> Server:
    return Server(NAME, APP, floor_env, workers)


def target(url: str, session_key: str) -> dict:
    """A page target served by the signed-in floor (`host`), with its session cookie."""
    return {
        "name": NAME,
        "method": "GET",
        "expect": [200],
        "host": url,
        "variants": [
            {"path": "/", "cookies": {"sessionid": session_key}, "body": "", "account": ""}
        ],
    }
