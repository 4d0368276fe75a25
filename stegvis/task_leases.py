"""Tasks whose worker died: put them back in the queue (docs/operations.md, "Task workers").

django-tasks' database backend (django-tasks-db 0.13) claims a task by marking it RUNNING and
commits before running it; a worker killed mid-task (SIGKILL, the OOM killer, a lost node)
leaves it RUNNING for good, and no worker takes it again (upstream issue
RealOrangeOne/django-tasks#46; the library has no recovery of its own). Two parts make up for it:

- A lease on PostgreSQL: while a worker runs a task it holds a session advisory lock named
  after the task (`hold_lease` and `end_lease`, on django-tasks' task_started and
  task_finished signals). PostgreSQL drops the lock when the worker's connection goes, so a
  lock nobody holds means nobody runs the task.
- `requeue_stale_tasks`, run by the care scheduler every tick: a task RUNNING longer than
  `TASK_STALE_AFTER` seconds whose lease is free goes back to READY, and another worker runs it
  again. A task already tried `TASK_MAX_ATTEMPTS` times (one that kills its worker, say) is
  marked FAILED instead. On SQLite (one machine, no advisory locks) the age alone decides, so
  the lease must be longer than the longest task.

Stegvis's tasks are idempotent (docs/operations.md lists how each is), so running one again
after its worker died does its work once.
"""

import dataclasses
import datetime as dt
import logging
import uuid

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """A task's worker stopped while running it, on every attempt (stored as the failure)."""


@dataclasses.dataclass(frozen=True)
class Requeued:
    requeued: list[str]
    failed: list[str]


def _lease_key(task_id) -> int:
    """The lease's lock: a bigint from the task's UUID (the access log's sealer locks pairs of
    int4, which PostgreSQL keeps apart from single bigint keys)."""
    return int.from_bytes(uuid.UUID(str(task_id)).bytes[:8], "big", signed=True)


def _leases_apply(task_result) -> bool:
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    backend = task_backends[task_result.backend]
    return isinstance(backend, DatabaseBackend) and connection.vendor == "postgresql"


def _lease(task_result, function: str) -> None:
    if not _leases_apply(task_result):
        return
    # The worker sends its signals inside its own error handling: a failure here would mark a
    # task that ran well as failed. Without its lease a task is only requeued sooner.
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s)", [_lease_key(task_result.id)])
    except DatabaseError:
        logger.warning("Task %s: its lease could not be taken or freed", task_result.id)


def hold_lease(sender, task_result, **kwargs) -> None:
    """Lock the task's lease on the worker's connection while it runs the task (never waits:
    the key is 64 bits of the task's random UUID)."""
    _lease(task_result, "pg_try_advisory_lock")


def end_lease(sender, task_result, **kwargs) -> None:
    """Free the lease once the task's outcome is stored."""
    _lease(task_result, "pg_advisory_unlock")


def _worker_is_gone(task_id) -> bool:
    """Whether no worker holds the task's lease (taken for this transaction if so)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_lease_key(task_id)])
        return cursor.fetchone()[0]


def running_past_lease(now: dt.datetime | None = None, *, leases: int = 1):
    """Tasks RUNNING for longer than `leases` times TASK_STALE_AFTER (their worker may be
    alive or gone)."""
    from django_tasks_db.models import DBTaskResult

    lease = dt.timedelta(seconds=settings.TASK_STALE_AFTER * leases)
    since = (now or timezone.now()) - lease
    return DBTaskResult.objects.running().filter(started_at__lt=since)


def requeue_stale_tasks(now: dt.datetime | None = None) -> Requeued:
    """Put tasks whose worker died back in the queue; fail those tried too often.

    Safe beside live workers and another scheduler: the rows are taken with SKIP LOCKED, a task
    whose worker still holds its lease is left alone, and a task that finished meanwhile no
    longer matches.
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    requeued, failed = [], []
    with transaction.atomic():
        stale = running_past_lease(now).select_for_update(skip_locked=True).order_by()
        for task in stale.only("id", "worker_ids", "task_path"):
            if not _worker_is_gone(task.id):
                continue
            rows = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING)
            if len(task.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
                rows.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=timezone.now(),
                    exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                    traceback=f"Its worker stopped during each of {len(task.worker_ids)} runs.",
                )
                failed.append(str(task.pk))
            else:
                rows.update(status=TaskResultStatus.READY)
                requeued.append(str(task.pk))
    for task_id in requeued:
        logger.warning("Task %s requeued: its worker stopped while running it", task_id)
    for task_id in failed:
        logger.error("Task %s failed: its worker stopped during every attempt", task_id)
    return Requeued(requeued=requeued, failed=failed)
