"""Measure the task queue: tasks a second through django-tasks' database and RQ backends.

Two tasks, each enqueued `--tasks` times and then run by 1 and 2 workers started as production
starts them (production settings), on each backend:

- `noop`: a task that does nothing, so the figure is the queue's own ceiling (database: claim
  with SELECT … FOR UPDATE SKIP LOCKED, mark running, run, mark done; RQ: pop the job from
  Redis, fork a work horse, run, record the result);
- `deliver`: Stegvis's commonest task, sending one notification (a verification-code SMS to the
  console backend: claim the notification row, render the text, record the outcome).

The backends are `db` (`manage.py db_worker`) and `rq` (`manage.py rqworker`, on Redis); each
measurement runs both back to back, in turns (db first in odd rounds, rq first in even ones),
so the machine's load weighs on both alike. The rate is the tasks over the time from the first
task's start to the last one's end, read from the backend's own records (the task rows'
started_at and finished_at; RQ's jobs' started_at and ended_at): the workers' start-up is not
counted. The load average (1 minute) is recorded before and after each measurement.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stegvis_bench_tasks \\
        .venv/bin/python benchmarks/tasks_bench.py [--tasks 1000] [--workers 1,2] [--rounds 2] \\
        [--backend db,rq] [--redis-url redis://127.0.0.1:6379/14] [--rq-worker-class CLASS]

The database must be PostgreSQL and migrated (`manage.py migrate`); the benchmark empties the
task table, RQ's keys (`rq:*`) in the Redis database given and its own notifications (keys
`bench:*`) before each run. Give RQ a Redis database of its own: nothing else should be in it.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BACKENDS = ("db", "rq")
KINDS = ("noop", "deliver")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"


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
        TASKS_BACKEND="db",
    )
    return env


def _names(value: str, allowed: tuple[str, ...], what: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"{what} must be among {', '.join(allowed)}: {value!r}")
    return list(dict.fromkeys(names))


def _counts(value: str) -> list[int]:
    try:
        counts = [int(n) for n in value.split(",") if n.strip()]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"workers must be whole numbers from 1: {value!r}")
    return counts


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--workers", type=_counts, default=[1, 2])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--backend",
        type=lambda value: _names(value, BACKENDS, "backend"),
        default=list(BACKENDS),
        help="db, rq or both (db,rq: the default)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        help=f"RQ's Redis database, emptied of RQ's keys before each run ({DEFAULT_REDIS_URL})",
    )
    parser.add_argument(
        "--rq-worker-class",
        default="",
        help="rqworker's --worker-class (default: rq's Worker, which forks per job, as deployed)",
    )
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    return parser.parse_args(argv)


def plan(rounds: int, backends: list[str], workers: list[int]) -> list[dict]:
    """Every measurement in order: per round, each task and worker count on every backend back
    to back, the backends' order turning round by round."""
    runs = []
    for round_ in range(1, rounds + 1):
        order = backends if round_ % 2 else list(reversed(backends))
        for kind in KINDS:
            for count in workers:
                runs += [
                    {"round": round_, "task": kind, "workers": count, "backend": name}
                    for name in order
                ]
    return runs


def rate(row: dict) -> float:
    return row["tasks"] / row["seconds"] if row["seconds"] else 0.0


def report(rows: list[dict]) -> str:
    """A table per round and run, then the median rate per backend, task and worker count."""
    lines = ["round backend task     workers  tasks  seconds  tasks/s  load before/after"]
    for row in rows:
        lines.append(
            f"{row['round']:5} {row['backend']:7} {row['task']:8} {row['workers']:7} "
            f"{row['tasks']:6} {row['seconds']:8.2f} {rate(row):8.1f}  "
            f"{row['load'][0]:5.1f} / {row['load'][1]:4.1f}"
        )
    lines += ["", "median tasks/s   " + "  ".join(f"{kind:>8}" for kind in KINDS)]
    for backend in dict.fromkeys(row["backend"] for row in rows):
        for workers in dict.fromkeys(row["workers"] for row in rows):
            figures = []
            for kind in KINDS:
                rates = [
                    rate(r)
                    for r in rows
                    if (r["backend"], r["workers"], r["task"]) == (backend, workers, kind)
                ]
                figures.append(f"{statistics.median(rates):8.1f}" if rates else f"{'-':>8}")
            lines.append(f"{backend:3} {workers} worker(s)  " + "  ".join(figures))
    return "\n".join(lines)


def _arguments(kind: str, count: int) -> tuple[object, list[tuple]]:
    """The task and each call's arguments; for `deliver`, a fresh notification per call."""
    from django.utils import timezone

    from benchmarks.tasks_noop import noop
    from stegvis.notifications.models import Notification
    from stegvis.notifications.tasks import deliver
    from stegvis.organisation.models import User

    Notification.objects.filter(key__startswith="bench:").delete()
    if kind == "noop":
        return noop, [()] * count
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
    return deliver, [(notification.pk,) for notification in made]


def _measure(queue, run: dict, count: int, logs: Path) -> dict:
    from stegvis.notifications.models import Notification

    before = os.getloadavg()[0]
    queue.clear()
    task, arguments = _arguments(run["task"], count)
    queue.enqueue(task, arguments)
    queue.run(run["workers"], logs, _environment())
    done = queue.times()
    name = f"{run['backend']} {run['task']}"
    if done["ok"] != count or done["n"] != count:
        raise SystemExit(f"{name}: {done['ok']} of {count} tasks succeeded")
    if run["task"] == "deliver":
        sent = Notification.objects.filter(key__startswith="bench:", status="sent").count()
        if sent != count:
            raise SystemExit(f"{name}: {sent} of {count} notifications were sent")
    seconds = (done["last"] - done["first"]).total_seconds()
    load = [round(before, 2), round(os.getloadavg()[0], 2)]
    return {**run, "tasks": count, "seconds": round(seconds, 2), "load": load}


def main() -> None:
    options = parse_args()
    os.environ.update({k: v for k, v in _environment().items() if k != "DEBUG"})
    django.setup()
    from django.db import connection

    from benchmarks.tasks_backends import queue_for

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a migrated PostgreSQL database.")
    logs = ROOT / "var" / "bench" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    queues = {
        name: queue_for(name, options.redis_url, options.rq_worker_class)
        for name in options.backend
    }
    rows = []
    for run in plan(options.rounds, options.backend, options.workers):
        rows.append(_measure(queues[run["backend"]], run, options.tasks, logs))
        row = rows[-1]
        print(
            f"round {row['round']} {row['backend']:3} {row['task']:8} {row['workers']} worker(s)"
            f" {row['tasks']:6} tasks {rate(row):8.1f} tasks/s  load {row['load'][1]:.1f}",
            flush=True,
        )
    for queue in queues.values():
        queue.clear()
    print()
    print(report(rows))
    if options.json:
        options.json.write_text(
            json.dumps({"runs": rows, "rq_worker_class": options.rq_worker_class}, indent=2)
        )


if __name__ == "__main__":
    main()
