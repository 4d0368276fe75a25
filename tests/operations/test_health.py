"""The health endpoints: open to a load balancer, never cached, naming checks and never data."""

import re
import threading
from datetime import timedelta

import health_check.checks
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.record_factories import CheckpointFactory, UnsealedAccessEventFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def test_live_asks_nothing(client, assert_queries):
    with assert_queries(0):
        response = client.get("/health/live/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_ready_asks_the_database_and_both_caches(client):
    response = client.get("/health/ready/", **JSON)
    assert response.status_code == 200
    assert sorted(response.json().values()) == ["OK", "OK", "OK"]
    assert "no-cache" in response["Cache-Control"]


def test_everything_is_well_when_the_background_work_keeps_up(client):
    response = client.get("/health/", **JSON)
    assert response.status_code == 200, response.content
    assert set(response.json().values()) == {"OK"}


def _seconds_in(report: str, words: str) -> int:
    """The seconds the report gives after `words` (a slow machine may add one or two)."""
    match = re.search(re.escape(words) + r" (\d+) s", report)
    assert match, report
    return int(match.group(1))


def _report(client) -> tuple[int, str]:
    response = client.get("/health/", **JSON)
    return response.status_code, " ".join(response.json().values())


def test_a_task_waiting_too_long_means_no_worker_runs(client, settings):
    settings.HEALTH_MAX_TASK_WAIT_SECONDS = 60
    waiting = DBTaskResult.objects.create(
        task_path="stegvis.notifications.tasks.send",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=timezone.now() - timedelta(minutes=5),
    )
    DBTaskResult.objects.filter(pk=waiting.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=5)
    )
    status, report = _report(client)
    assert status == 500
    assert 300 <= _seconds_in(report, "the oldest ready task has waited") < 400


def test_an_event_waiting_to_be_sealed_means_the_sealer_has_stopped(client, settings, world):
    settings.HEALTH_MAX_UNSEALED_SECONDS = 60
    UnsealedAccessEventFactory(
        kind="read",
        action="care.enrollment.view",
        actor=world.practitioner,
        citizen=world.citizen,
        occurred_at=timezone.now() - timedelta(minutes=10),
    )
    status, report = _report(client)
    assert status == 500
    assert 600 <= _seconds_in(report, "an access event has waited") < 700
    # Counts and ages only: nobody's name or personnummer.
    assert world.citizen.personnummer not in report
    assert world.citizen.last_name not in report


def test_an_old_checkpoint_means_the_sealer_no_longer_signs(client, settings):
    settings.AUDIT_CHECKPOINT_INTERVAL_SECONDS = 600
    CheckpointFactory(
        chain=1,
        sequence=1,
        link="0" * 64,
        key_id="k",
        signature="0" * 64,
        created_at=timezone.now() - timedelta(hours=1),
    )
    status, report = _report(client)
    assert status == 500
    assert 3600 <= _seconds_in(report, "the newest checkpoint is") < 3700
    settings.HEALTH_MAX_CHECKPOINT_AGE_SECONDS = 7200
    assert _report(client)[0] == 200


def test_a_task_running_twice_its_lease_means_it_hangs_or_nothing_requeues(client, settings):
    settings.TASK_STALE_AFTER = 60
    DBTaskResult.objects.create(
        task_path="stegvis.audit.tasks.seal_access_log",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        status="RUNNING",
        started_at=timezone.now() - timedelta(seconds=150),
    )
    status, report = _report(client)
    assert status == 500
    assert "1 tasks have run longer than 120 s" in report
    settings.TASK_STALE_AFTER = 100
    assert _report(client)[0] == 200


def test_the_database_is_asked_in_the_requests_own_thread(client, monkeypatch):
    # In django-health-check's thread pool the SELECT 1 ran beside the checks in the request's
    # thread, and SQLite refused the second connection: "database schema is locked".
    asked_in = []
    select_one = health_check.checks.Database.run

    def recording(check):
        asked_in.append(threading.get_ident())
        return select_one(check)

    monkeypatch.setattr(health_check.checks.Database, "run", recording)
    response = client.get("/health/ready/", **JSON)
    assert response.status_code == 200, response.content
    assert asked_in == [threading.get_ident()]
