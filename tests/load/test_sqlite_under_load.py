"""The embedded default holds up: staff, citizens and the worker at once on one SQLite file.

The demo runs the server, `db_worker` and `care_scheduler` against one SQLite file, and every
read writes an access event. This test does the same for about half a minute in processes of
its own, with the real settings (not the test settings): staff read Hantera and Mina, citizens
open and autosave a step, the scheduler enqueues due work every second and the worker runs it.
It passes only with zero errors: no 5xx, no "database is locked", no failed task.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import CitizenFactory

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SECONDS = int(os.environ.get("STEGVIS_LOAD_SECONDS", "20"))
CITIZENS = 4


def _copy_database_to(path: Path) -> None:
    """Copy the migrated, committed test database (in memory) into an SQLite file."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    with target:
        connection.connection.backup(target)
    target.close()


def _env(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="stegvis.settings",
        DEBUG="1",
        STEGVIS_DEMO="1",
        DATABASE_URL=f"sqlite:///{database}",
        LOG_LEVEL="WARNING",
    )
    return env


def _manage(env, log: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def _failed_tasks(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as db:
        rows = dict(
            db.execute("SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY 1")
        )
    return rows.get("FAILED", 0), rows.get("SUCCESSFUL", 0)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded default is SQLite")
@pytest.mark.django_db(transaction=True)
def test_staff_citizens_and_the_worker_at_once_get_no_errors(world, start, tmp_path):
    citizens = [world.citizen] + [CitizenFactory() for _ in range(CITIZENS - 1)]
    enrollments = [start(citizen=citizen) for citizen in citizens]
    database = tmp_path / "db.sqlite3"
    _copy_database_to(database)
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "seconds": SECONDS,
                "staff": [world.practitioner.pk, world.practitioner.pk],
                "enrollments": [e.pk for e in enrollments],
                "citizens": [[e.citizen_id, e.pk] for e in enrollments],
                "step": "intro-2",
            }
        )
    )
    env = _env(database)
    logs = {name: tmp_path / f"{name}.log" for name in ("worker", "scheduler")}
    background = [
        _manage(env, logs["worker"], "db_worker", "--no-reload", "--no-startup-delay"),
        _manage(env, logs["scheduler"], "care_scheduler", "--interval", "1"),
    ]
    try:
        driven = subprocess.run(
            [sys.executable, "-m", "tests.load.driver", str(plan)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=SECONDS + 120,
        )
    finally:
        for process in background:
            process.terminate()
        for process in background:
            process.wait(timeout=30)

    assert driven.returncode == 0, driven.stderr[-3000:]
    result = json.loads(driven.stdout.strip().splitlines()[-1])
    failed, succeeded = _failed_tasks(database)
    with sqlite3.connect(database) as db:
        journal_mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    background_problems = [
        line
        for log in logs.values()
        for line in log.read_text().splitlines()
        if "database is locked" in line or line.startswith("Traceback")
    ]
    print(json.dumps({**result, "tasks_failed": failed, "tasks_succeeded": succeeded}))
    assert journal_mode == "wal"
    assert result["requests"] > 0 and succeeded > 0
    assert result["errors"] == [], f"{len(result['errors'])} errors: {result['errors'][:10]}"
    assert failed == 0 and background_problems == [], background_problems[:10]
