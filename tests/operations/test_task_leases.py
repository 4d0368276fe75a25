"""A task whose worker died goes back to the queue; one whose worker lives is left alone
(stegvis/task_leases.py; the processes themselves: test_kill_mid_run.py)."""

import dataclasses
from datetime import timedelta

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stegvis import task_leases
from tests.markers import needs_postgresql

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = needs_postgresql("leases are its advisory locks")


def _running(seconds: int, workers=("w1",)) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="stegvis.audit.tasks.seal_access_log",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        status="RUNNING",
        started_at=timezone.now() - timedelta(seconds=seconds),
        worker_ids=list(workers),
    )


def _status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


def test_a_task_running_past_its_lease_without_a_worker_is_ready_again(settings):
    settings.TASK_STALE_AFTER = 60
    stale, recent = _running(61), _running(30)
    assert task_leases.requeue_stale_tasks().requeued == [str(stale.pk)]
    assert _status(stale) == "READY"
    assert _status(recent) == "RUNNING"
    assert DBTaskResult.objects.ready().filter(pk=stale.pk).exists()


def test_a_task_whose_worker_died_every_time_fails_instead(settings):
    settings.TASK_STALE_AFTER = 60
    settings.TASK_MAX_ATTEMPTS = 3
    tried = _running(61, workers=("w1", "w2", "w3"))
    assert task_leases.requeue_stale_tasks().failed == [str(tried.pk)]
    tried.refresh_from_db()
    assert tried.status == "FAILED"
    assert tried.exception_class_path == "stegvis.task_leases.WorkerLost"
    assert tried.task_result.errors  # shown as failed with its reason, like any failure


def test_care_tick_and_the_scheduler_requeue(settings, capsys):
    settings.TASK_STALE_AFTER = 60
    stale = _running(61)
    call_command("care_tick")
    assert _status(stale) == "READY"
    assert "Requeued 1 and failed 0 tasks whose worker stopped." in capsys.readouterr().out
    DBTaskResult.objects.filter(pk=stale.pk).update(status="RUNNING")
    call_command("care_scheduler", "--once")
    assert _status(stale) == "READY"


def _postgres_connection() -> psycopg.Connection:
    """Another session on the test database (a live worker's)."""
    db = connection.settings_dict
    return psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        dbname=db["NAME"],
        autocommit=True,
    )


@ON_POSTGRESQL
def test_a_task_whose_worker_holds_its_lease_is_left_running(settings):
    settings.TASK_STALE_AFTER = 60
    long_running = _running(600)
    with _postgres_connection() as worker:
        key = task_leases._lease_key(long_running.pk)
        worker.execute("SELECT pg_advisory_lock(%s)", [key])
        assert task_leases.requeue_stale_tasks().requeued == []
        assert _status(long_running) == "RUNNING"
    # The worker's session ended (as when it is killed): the lease is free.
    assert task_leases.requeue_stale_tasks().requeued == [str(long_running.pk)]


@dataclasses.dataclass
class _Result:
    id: str
    backend: str = "default"


def _leases_held() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 "
            "AND pid = pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@ON_POSTGRESQL
def test_a_worker_holds_the_lease_while_it_runs_the_task(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task = _running(0)
    task_leases.hold_lease(None, _Result(str(task.pk)))
    assert _leases_held() == 1
    task_leases.end_lease(None, _Result(str(task.pk)))
    assert _leases_held() == 0


def test_no_lease_is_taken_for_the_immediate_backend(settings, assert_queries):
    with assert_queries(0):
        task_leases.hold_lease(None, _Result("3f1c1d7e-0000-4000-8000-000000000000"))
