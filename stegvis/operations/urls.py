"""Health endpoints, open to anyone (a load balancer signs in as nobody), never cached.

- `live/`: the process answers (no dependency is asked, so a database outage does not make
  an orchestrator restart every app process).
- `ready/`: this process may take requests: the database and the caches answer.
- `` (the prefix itself): everything a monitor alerts on, also the task backlog's age and the
  access log's sealing and checkpoints.
- `metrics/`: Prometheus metrics, with the METRICS_TOKEN bearer token (404 without the setting).
"""

from django.urls import path
from health_check.views import HealthCheckView

from stegvis.operations import health, metrics, views

app_name = "health"

urlpatterns = [
    path("live/", views.live, name="live"),
    path("ready/", HealthCheckView.as_view(checks=health.READINESS), name="ready"),
    path("", HealthCheckView.as_view(checks=health.EVERYTHING), name="all"),
    path("metrics/", metrics.metrics, name="metrics"),
]
