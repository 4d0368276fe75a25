"""Settings: the task backend (docs/operations.md, "Task workers"; ADR 0013).

`TASKS_BACKEND` chooses it: `db` (the default) is django-tasks' database backend, run by
`manage.py db_worker`; `rq` is django-tasks' RQ backend on Redis (`TASKS_REDIS_URL`), run by
`manage.py rqworker --job-class django_tasks_rq.Job default`. The benchmark
(benchmarks/tasks_bench.py) builds both from `task_settings`, so it measures what production
runs.
"""

from django.core.exceptions import ImproperlyConfigured

from stegvis.env import envstr

# RQ stops a job after this long (RQ's own default, 180 s, would cut a large bulk export).
RQ_JOB_TIMEOUT_SECONDS = 3600


def task_settings(backend: str, redis_url: str) -> dict:
    """TASKS, RQ_QUEUES and the apps the backend needs, for TASKS_BACKEND and TASKS_REDIS_URL."""
    backend = backend.strip().lower() or "db"
    if backend == "db":
        tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        return {"TASKS": tasks, "RQ_QUEUES": {}, "apps": []}
    if backend != "rq":
        raise ImproperlyConfigured(f"TASKS_BACKEND must be db or rq, got {backend!r}.")
    if not redis_url:
        raise ImproperlyConfigured(
            "TASKS_BACKEND=rq needs TASKS_REDIS_URL (or TASKS_REDIS_URL_FILE), such as "
            "redis://127.0.0.1:6379/2: the Redis that holds the task queue. It must keep what it "
            "is given (persistence on, no eviction), so not the cache's CACHE_URL."
        )
    return {
        "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        "RQ_QUEUES": {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": RQ_JOB_TIMEOUT_SECONDS}},
        "apps": ["django_rq", "django_tasks_rq"],
    }


_chosen = task_settings(envstr("TASKS_BACKEND", "db"), envstr("TASKS_REDIS_URL"))
TASKS_BACKEND = "rq" if _chosen["apps"] else "db"
TASKS = _chosen["TASKS"]
RQ_QUEUES = _chosen["RQ_QUEUES"]
TASK_BACKEND_APPS = _chosen["apps"]
