"""What becomes of a task whose RQ worker is killed (kill -9) while it runs it.

One `nap` task (it sleeps `--seconds`, writing a line when it starts and when it ends) is
enqueued on django-tasks' RQ backend and taken by an `rqworker` started as production starts it;
once the task has started, the worker is killed with SIGKILL: `--kill all` kills the worker and
the work horse it forked for the task (the horse is a session of its own; as on a lost node, or
systemd killing the unit's cgroup), `--kill worker` only the worker's main process. A second
worker is started at once. The task's state (RQ's and django-tasks') is printed every 10 s for
`--watch` seconds; then a third worker is started, whose start-up runs RQ's maintenance (as
every worker does every 10 minutes), and the state is printed once more.

    .venv/bin/python benchmarks/tasks_kill.py [--kill all|worker] [--redis-url URL]

Uses its own Redis database (`--redis-url`, default redis://127.0.0.1:6379/13), emptied of RQ's
keys first; it writes no database rows.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _worker(name: str, env: dict, logs: Path) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job"]
    return subprocess.Popen(
        [*command, "default", "--name", name],
        cwd=ROOT,
        env=env,
        stdout=(logs / f"kill-{name}.log").open("w"),
        stderr=subprocess.STDOUT,
    )


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kill", choices=["all", "worker"], default="all")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--watch", type=float, default=120)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    return parser.parse_args()


def main() -> None:
    options = _options()

    from benchmarks.tasks_backends import RQQueue
    from benchmarks.tasks_bench import _environment

    env = {**_environment(), "TASKS_BACKEND": "rq", "TASKS_REDIS_URL": options.redis_url}
    os.environ.update({k: v for k, v in env.items() if k != "DEBUG"})
    django.setup()  # before RQQueue imports the settings' parts, so they read TASKS_BACKEND=rq
    queue = RQQueue(options.redis_url)
    from django_tasks import task_backends
    from rq.job import Job

    from benchmarks.tasks_noop import nap

    logs = ROOT / "var" / "bench" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    runs = logs / "kill-nap-runs.log"
    runs.write_text("")
    queue.clear()
    result = nap.enqueue(options.seconds, str(runs))
    started = time.monotonic()

    def state(note: str) -> None:
        job = Job.fetch(result.id, connection=queue.redis)
        task = task_backends["default"].get_result(result.id)
        lines = runs.read_text().split()
        print(
            f"{time.monotonic() - started:6.1f} s  {note:28} rq: {job.get_status()!s:18} "
            f"django-tasks: {task.status:10} runs started {lines.count('start')}, "
            f"ended {lines.count('end')}",
            flush=True,
        )

    first = _worker("killed", env, logs)
    while "start" not in runs.read_text():
        time.sleep(0.2)
    time.sleep(2)
    state("running on worker 1")
    horse = int(runs.read_text().split()[1])  # "start PID TIME": the task's process
    os.kill(first.pid, signal.SIGKILL)
    if options.kill == "all":
        os.kill(horse, signal.SIGKILL)
    first.wait()
    state(f"killed -9 ({options.kill})")
    second = _worker("survivor", env, logs)
    until = time.monotonic() + options.watch
    while time.monotonic() < until:
        time.sleep(10)
        state("worker 2 running")
    third = _worker("restarted", env, logs)
    time.sleep(20)
    state("worker 3 started")
    for process in (second, third):
        process.terminate()
        process.wait(timeout=60)
    with contextlib.suppress(ProcessLookupError):
        os.kill(horse, signal.SIGKILL)  # an orphaned work horse still running, if any
    print(runs.read_text(), end="")
    queue.clear()


if __name__ == "__main__":
    main()
