"""Measure the task queue: tasks a second through django-tasks' database backend, 1 and 2 workers.

Two tasks, each enqueued `--tasks` times and then run by `manage.py db_worker`
processes (production settings) started together:

- `noop`: a task that does nothing, so the figure is the queue's own ceiling (claim with
  SELECT … FOR UPDATE SKIP LOCKED, mark running, run, mark done: four statements and two
  transactions per task);
- `deliver`: Stegvis's commonest task, sending one notification (a verification-code SMS to the
  console backend: claim the notification row, render the text, record the outcome).

The rate is the tasks over the time from the first task's start to the last one's end, read
from the queue's own rows (the workers' start-up is not counted).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stegvis_bench_tasks \\
        .venv/bin/python benchmarks/tasks_bench.py [--tasks 1000] [--workers 1,2] [--rounds 2]

The database must be PostgreSQL and migrated (`manage.py migrate`); the benchmark empties the
task table and its own notifications (keys `bench:*`) before each run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GATE_SECONDS = 3600  # tasks wait this far ahead until every worker has started


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="stegvis.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_HMAC_KEYS=json.dumps({"bench": secrets.token_urlsafe(32)}),
        AUDIT_HMAC_KEY_ID="bench",
        ALLOWED_HOSTS="127.0.0.1",
        SMS_BACKEND="stegvis.notifications.sms.console.ConsoleSmsBackend",
        NOTIFICATION_QUIET_HOURS="",
        LIBRARY_LOG_LEVEL="WARNING",
    )
    return env


def _enqueue(kind: str, count: int) -> None:
    from django.db import transaction
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from benchmarks.tasks_noop import noop
    from stegvis.notifications.models import Notification
    from stegvis.notifications.tasks import deliver
    from stegvis.organisation.models import User

    DBTaskResult.objects.all().delete()
    Notification.objects.filter(key__startswith="bench:").delete()
    gate = timezone.now() + dt.timedelta(seconds=GATE_SECONDS)
    with transaction.atomic():
        if kind == "noop":
            for _ in range(count):
                noop.using(run_after=gate).enqueue()
            return
        user, _ = User.objects.get_or_create(
            email="bench-tasks@bench.example",
            defaults={"kind": User.Kind.STAFF, "hsa_id": "SE2321000065-BENCH1"},
        )
        now = timezone.now()
        made = Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind="verification_code",
                channel="sms",
                key=f"bench:{n}:{now.timestamp()}",
                address="+46701740000",
                secret="123456",
                not_before=now,
            )
            for n in range(count)
        )
        for notification in made:
            deliver.using(run_after=gate).enqueue(notification.pk)


def _run_workers(workers: int, logs: Path) -> None:
    """Start the workers, open the gate once each has started, stop them when all is done."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    started = []
    for n in range(workers):
        log = logs / f"worker-{n}.log"
        process = subprocess.Popen(
            [*command, "--interval", "0.05", "--worker-id", f"bench-{n}"],
            cwd=ROOT,
            env=_environment(),
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
    while not all("Starting worker" in log.read_text() for _, log in started):
        time.sleep(0.1)  # waiting on other processes' start-up
    DBTaskResult.objects.update(run_after=timezone.now())
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        time.sleep(0.1)
    for process, _ in started:
        process.terminate()
        process.wait(timeout=60)


def _measure(kind: str, workers: int, count: int, logs: Path) -> dict:
    from django.db.models import Count, Max, Min, Q
    from django_tasks_db.models import DBTaskResult

    _enqueue(kind, count)
    _run_workers(workers, logs)
    done = DBTaskResult.objects.aggregate(
        first=Min("started_at"),
        last=Max("finished_at"),
        ok=Count("id", filter=Q(status="SUCCESSFUL")),
        n=Count("id"),
    )
    seconds = (done["last"] - done["first"]).total_seconds()
    if done["ok"] != count or done["n"] != count:
        raise SystemExit(f"{kind}: {done['ok']} of {count} tasks succeeded")
    if kind == "deliver":
        from stegvis.notifications.models import Notification

        sent = Notification.objects.filter(key__startswith="bench:", status="sent").count()
        if sent != count:
            raise SystemExit(f"deliver: {sent} of {count} notifications were sent")
    return {"task": kind, "workers": workers, "tasks": count, "seconds": round(seconds, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    options = parser.parse_args()
    os.environ.update({k: v for k, v in _environment().items() if k != "DEBUG"})
    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a migrated PostgreSQL database.")
    logs = ROOT / "var" / "bench" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    rows = []
    load = [os.getloadavg()[0]]
    for _ in range(options.rounds):
        for kind in ("noop", "deliver"):
            for workers in (int(w) for w in options.workers.split(",")):
                rows.append(_measure(kind, workers, options.tasks, logs))
                row = rows[-1]
                rate = row["tasks"] / row["seconds"]
                print(f"{kind:8} {workers} worker(s) {row['tasks']:6} tasks {rate:8.1f} tasks/s")
    load.append(os.getloadavg()[0])
    print(f"load average at start and end: {load[0]:.1f}, {load[1]:.1f}")
    if options.json:
        options.json.write_text(json.dumps({"runs": rows, "load": load}, indent=2))


if __name__ == "__main__":
    main()
