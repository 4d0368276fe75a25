"""Prometheus metrics: django-prometheus for requests (latency and count per view name), and
the service's own state read from the database at each scrape.

Labels carry view names, methods, status codes and states only: never a person, a unit or
anything a URL holds. The endpoint is closed unless METRICS_TOKEN is set, and then asks for it
as a bearer token.
"""

import hmac

from django.conf import settings
from django.db.models import Count, Max, Min
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from stegvis.task_leases import running_past_lease

# Notification states worth an alert (or a graph): waiting, failed, interrupted.
_WATCHED_NOTIFICATION_STATES = ("pending", "failed", "uncertain")


def _task_metrics() -> list:
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready().aggregate(n=Count("id"), oldest=Min("enqueued_at"))
    waited = (timezone.now() - ready["oldest"]).total_seconds() if ready["oldest"] else 0.0
    past_lease = running_past_lease().count()
    return [
        GaugeMetricFamily("stegvis_tasks_ready", "Tasks ready to run.", value=ready["n"]),
        GaugeMetricFamily(
            "stegvis_tasks_running_past_lease",
            "Tasks running longer than TASK_STALE_AFTER: a dead worker's, until the scheduler "
            "requeues it, or one that runs long.",
            value=past_lease,
        ),
        GaugeMetricFamily(
            "stegvis_task_oldest_ready_age_seconds",
            "How long the oldest ready task has waited.",
            value=waited,
        ),
    ]


def _notification_metrics() -> list:
    from stegvis.notifications.models import Notification

    counts = dict(
        Notification.objects.filter(status__in=_WATCHED_NOTIFICATION_STATES)
        .values_list("status")
        .annotate(n=Count("id"))
    )
    family = GaugeMetricFamily(
        "stegvis_notifications", "Notifications by state (waiting or failed).", labels=["state"]
    )
    for state in _WATCHED_NOTIFICATION_STATES:
        family.add_metric([state], counts.get(state, 0))
    return [family]


def _access_log_metrics() -> list:
    from stegvis.audit import partitions
    from stegvis.audit.models import AccessEvent

    # The highest id grows with every event (ids are not reused): rate() of it is events per
    # second, without counting a table of tens of millions of rows.
    newest = AccessEvent.objects.aggregate(newest=Max("id"))["newest"] or 0
    unsealed = AccessEvent.objects.filter(sequence__isnull=True).count()
    families = [
        CounterMetricFamily(
            "stegvis_access_events", "Access events recorded (highest id).", value=newest
        ),
        GaugeMetricFamily(
            "stegvis_access_events_unsealed",
            "Access events the sealer has not linked yet.",
            value=unsealed,
        ),
    ]
    if partitions.is_partitioned():
        families.append(
            GaugeMetricFamily(
                "stegvis_access_log_months_ahead",
                "Months after this one with an access log partition made (audit partitions).",
                value=partitions.months_ahead(timezone.localdate()),
            )
        )
    return families


class ServiceCollector:
    """The service's state, read at scrape time (one process answers for the whole service)."""

    def collect(self):
        yield from _task_metrics()
        yield from _notification_metrics()
        yield from _access_log_metrics()


def _authorised(request) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


@never_cache
@require_GET
def metrics(request):
    if not settings.METRICS_TOKEN:
        raise Http404
    if not _authorised(request):
        return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    service = CollectorRegistry()
    service.register(ServiceCollector())
    requests = ExportToDjangoView(request).content
    return HttpResponse(requests + generate_latest(service), content_type=CONTENT_TYPE_LATEST)
