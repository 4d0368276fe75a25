"""What a load balancer and a monitor ask: is this process alive, may it take requests, is
the background work keeping up (django-health-check runs and reports the checks).

The answers name a check and its state, never data: counts and ages only.
"""

import abc
import dataclasses
import datetime

from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


def _age(since: datetime.datetime | None) -> datetime.timedelta:
    return timezone.now() - since if since else datetime.timedelta(0)


class _InRequestThread(HealthCheck):
    """A check that reads the database in the request's own thread and connection.

    django-health-check runs synchronous checks in a thread pool, whose threads would each
    keep a database connection open for good; these ask through the request's connection.
    """

    async def run(self) -> None:
        await sync_to_async(self.check, thread_sensitive=True)()

    @abc.abstractmethod
    def check(self) -> None:
        """Raise ServiceUnavailable when the service is behind; run synchronously."""


@dataclasses.dataclass
class Database(checks.Database):
    """django-health-check's SELECT 1, asked in the request's thread like the other checks.

    In the library's thread pool it ran beside the checks in the request's thread; on SQLite
    (the demo, the test suite's shared in-memory database) the second connection could be
    refused with "database schema is locked", and the report said the database was down.
    """

    async def run(self) -> None:
        await sync_to_async(super().run, thread_sensitive=True)()


@dataclasses.dataclass
class TaskBacklog(_InRequestThread):
    """The oldest task ready to run has waited at most `HEALTH_MAX_TASK_WAIT_SECONDS`.

    Care's scheduled work and every notification go through the task queue; a backlog that
    only grows means no worker is running (or too few).
    """

    def check(self) -> None:
        from django_tasks_db.models import DBTaskResult

        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        waited = _age(oldest.enqueued_at if oldest else None)
        limit = settings.HEALTH_MAX_TASK_WAIT_SECONDS
        if waited.total_seconds() > limit:
            raise ServiceUnavailable(f"the oldest ready task has waited {waited.seconds} s")


@dataclasses.dataclass
class TaskLeases(_InRequestThread):
    """No task has been running longer than twice `TASK_STALE_AFTER`.

    The care scheduler requeues a task whose worker died once it is `TASK_STALE_AFTER` old
    (task_leases.py); one twice that old hangs in a live worker, or the scheduler is not running.
    """

    def check(self) -> None:
        from stegvis.task_leases import running_past_lease

        stuck = running_past_lease(leases=2).count()
        if stuck:
            raise ServiceUnavailable(
                f"{stuck} tasks have run longer than {2 * settings.TASK_STALE_AFTER} s"
            )


@dataclasses.dataclass
class AccessLogSealing(_InRequestThread):
    """The access log's sealer keeps up (ADR 0007): no event waits longer than
    `HEALTH_MAX_UNSEALED_SECONDS` to be linked into its chain, and the newest checkpoint is
    younger than `HEALTH_MAX_CHECKPOINT_AGE_SECONDS` (by default twice the sealer's regular
    checkpoint interval, AUDIT_CHECKPOINT_INTERVAL_SECONDS)."""

    def check(self) -> None:
        from stegvis.audit.models import AccessEvent, Checkpoint

        oldest = (
            AccessEvent.objects.filter(sequence__isnull=True)
            .order_by("id")
            .values_list("occurred_at", flat=True)
            .first()
        )
        waited = _age(oldest)
        if waited.total_seconds() > settings.HEALTH_MAX_UNSEALED_SECONDS:
            raise ServiceUnavailable(f"an access event has waited {waited.seconds} s to be sealed")
        latest = Checkpoint.objects.order_by("-created_at").values_list("created_at", flat=True)
        newest = latest.first()
        if newest is None:
            if AccessEvent.objects.filter(sequence__isnull=False).exists():
                raise ServiceUnavailable("events are sealed but no checkpoint is written")
            return
        age = _age(newest)
        limit = settings.HEALTH_MAX_CHECKPOINT_AGE_SECONDS or (
            2 * settings.AUDIT_CHECKPOINT_INTERVAL_SECONDS
        )
        if age.total_seconds() > limit:
            raise ServiceUnavailable(f"the newest checkpoint is {int(age.total_seconds())} s old")


# Serving: the database and both caches (the rate limits' one may be the database's table).
READINESS = (
    Database,
    ("health_check.checks.Cache", {"alias": "default"}),
    ("health_check.checks.Cache", {"alias": "ratelimit"}),
)
# Monitoring: serving, and the background work keeping up.
EVERYTHING = (*READINESS, TaskBacklog, TaskLeases, AccessLogSealing)
