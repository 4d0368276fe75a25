"""Prometheus metrics: closed without a token, and labels that name no one."""

import pytest
from django.db import connection
from django.utils import timezone

from stegvis.notifications.models import Notification
from tests.record_factories import UnsealedAccessEventFactory

pytestmark = pytest.mark.django_db

TOKEN = "scrape-me-3f1c"


def _scrape(client, token: str | None = TOKEN):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get("/health/metrics/", **headers)


def test_closed_without_a_configured_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert _scrape(client).status_code == 404


def test_only_the_token_opens_it(client, settings):
    settings.METRICS_TOKEN = TOKEN
    assert _scrape(client, token=None).status_code == 401
    assert _scrape(client, token="wrong").status_code == 401
    assert _scrape(client).status_code == 200


def test_the_service_state_and_requests_per_view(client, settings, world):
    settings.METRICS_TOKEN = TOKEN
    Notification.objects.create(
        recipient=world.citizen, kind="new_message", channel="email", key="k1", status="failed"
    )
    UnsealedAccessEventFactory(
        kind="read",
        action="care.enrollment.view",
        actor=world.practitioner,
        citizen=world.citizen,
        occurred_at=timezone.now(),
    )
    client.get("/health/live/")
    text = _scrape(client).content.decode()
    assert 'stegvis_notifications{state="failed"} ' in text
    assert "stegvis_tasks_ready " in text
    assert "stegvis_task_oldest_ready_age_seconds " in text
    unsealed = next(
        line for line in text.splitlines() if line.startswith("stegvis_access_events_unsealed ")
    )
    assert float(unsealed.split()[1]) >= 1
    if connection.vendor == "postgresql":  # the migration made twelve months ahead
        assert "stegvis_access_log_months_ahead 12.0" in text
    else:
        assert "stegvis_access_log_months_ahead" not in text
    assert 'view="health:live"' in text
    # No person in any label or value: names, personnummer, e-mail addresses.
    for identifying in (world.citizen.personnummer, world.citizen.last_name, world.citizen.email):
        assert identifying not in text
