"""The two task backends as benchmarks/tasks_bench.py drives them.

Each enqueues the tasks while no worker may take them, starts its workers as production does
(`manage.py db_worker`; `manage.py rqworker --job-class django_tasks_rq.Job default`), lets
them all go at once, waits until every task is done and stops them, then reads the first start
and the last end from its own records (the task table's rows; RQ's jobs in Redis).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GATE_SECONDS = 3600  # the database's tasks wait this far ahead until every worker has started
WAIT_SECONDS = 1800  # a run that takes longer than this has stalled


def _start(command: list[str], workers: int, logs: Path, env: dict, ready: str) -> list:
    """Start the workers and wait until each has written `ready` to its log."""
    started = []
    for n in range(workers):
        log = logs / f"{command[2]}-{n}.log"
        process = subprocess.Popen(
            [*command, f"bench-{n}"],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
    while not all(ready in log.read_text() for _, log in started):
        if any(process.poll() is not None for process, _ in started):
            raise SystemExit(f"A worker stopped while starting: see {logs}")
        time.sleep(0.1)  # waiting on other processes' start-up
    return [process for process, _ in started]


def _wait(finished, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not finished():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what}: not done after {WAIT_SECONDS} s")
        time.sleep(0.1)


def _stop(processes: list) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=60)


class DatabaseQueue:
    """django-tasks' database backend: tasks wait behind a `run_after` gate until every
    `db_worker` has started."""

    name = "db"

    def environment(self, env: dict) -> dict:
        return {**env, "TASKS_BACKEND": "db"}

    def clear(self) -> None:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()

    def enqueue(self, task, arguments: list[tuple]) -> None:
        from django.db import transaction
        from django.utils import timezone

        gated = task.using(run_after=timezone.now() + dt.timedelta(seconds=GATE_SECONDS))
        with transaction.atomic():
            for args in arguments:
                gated.enqueue(*args)

    def run(self, workers: int, logs: Path, env: dict) -> None:
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        command += ["--interval", "0.05", "--worker-id"]
        processes = _start(command, workers, logs, self.environment(env), "Starting worker")
        try:
            DBTaskResult.objects.update(run_after=timezone.now())
            pending = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
            _wait(lambda: not pending.exists(), "db")
        finally:
            _stop(processes)

    def times(self) -> dict:
        from django.db.models import Count, Max, Min, Q
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.aggregate(
            first=Min("started_at"),
            last=Max("finished_at"),
            ok=Count("id", filter=Q(status="SUCCESSFUL")),
            n=Count("id"),
        )


class RQQueue:
    """django-tasks' RQ backend: tasks are enqueued while RQ's workers are suspended (`rq
    suspend`), and resumed once every `rqworker` has started and found itself suspended."""

    name = "rq"

    def __init__(self, redis_url: str, worker_class: str = "") -> None:
        from redis import Redis

        from stegvis.settings_parts.tasks import task_settings

        self.redis_url = redis_url
        self.worker_class = worker_class  # "": rq's own, which forks a work horse per job
        self.settings = task_settings("rq", redis_url)
        self.redis = Redis.from_url(redis_url)
        self.job_ids: list[str] = []

    def environment(self, env: dict) -> dict:
        return {**env, "TASKS_BACKEND": "rq", "TASKS_REDIS_URL": self.redis_url}

    def _settings(self):
        from django.test import override_settings

        return override_settings(TASKS=self.settings["TASKS"], RQ_QUEUES=self.settings["RQ_QUEUES"])

    def clear(self) -> None:
        """Remove RQ's keys (all named `rq:…`) from the benchmark's Redis database."""
        keys = list(self.redis.scan_iter(match="rq:*", count=1000))
        for start in range(0, len(keys), 1000):
            self.redis.delete(*keys[start : start + 1000])
        self.job_ids = []

    def enqueue(self, task, arguments: list[tuple]) -> None:
        from rq.suspension import suspend

        suspend(self.redis)
        with self._settings():
            self.job_ids = [task.enqueue(*args).id for args in arguments]

    def run(self, workers: int, logs: Path, env: dict) -> None:
        from rq import Queue
        from rq.registry import FailedJobRegistry, FinishedJobRegistry
        from rq.suspension import resume

        command = [sys.executable, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job"]
        if self.worker_class:
            command += ["--worker-class", self.worker_class]
        command += ["default", "--name"]
        processes = _start(command, workers, logs, self.environment(env), "suspended")
        try:
            resume(self.redis)
            queue = Queue("default", connection=self.redis)
            done = (FinishedJobRegistry(queue=queue), FailedJobRegistry(queue=queue))
            _wait(lambda: sum(r.count for r in done) >= len(self.job_ids), "rq")
        finally:
            _stop(processes)

    def times(self) -> dict:
        from rq.job import Job, JobStatus

        jobs = [job for job in Job.fetch_many(self.job_ids, connection=self.redis) if job]
        ok = [job for job in jobs if job.get_status(refresh=False) == JobStatus.FINISHED]
        return {
            "first": min((job.started_at for job in jobs if job.started_at), default=None),
            "last": max((job.ended_at for job in jobs if job.ended_at), default=None),
            "ok": len(ok),
            "n": len(jobs),
        }


def queue_for(name: str, redis_url: str, rq_worker_class: str = ""):
    return DatabaseQueue() if name == "db" else RQQueue(redis_url, rq_worker_class)
