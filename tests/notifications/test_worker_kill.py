"""At most once, for real: kill the database worker mid-batch, restart it, count the SMS.

The test builds the data in the test database, copies it to a SQLite file, and runs
`manage.py db_worker` (django_tasks_db) on that file as a subprocess with a file SMS backend.
"""

import collections
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from stegvis.notifications.models import Notification
from stegvis.notifications.tasks import deliver
from tests.factories import CitizenFactory

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
COUNT = 40


def _database_url(tmp_path: Path) -> str:
    """The worker's database: on SQLite a file copy of the in-memory test database (the
    worker's own writes are then read back from it), on PostgreSQL the test database itself."""
    if connection.vendor == "sqlite":
        database = tmp_path / "db.sqlite3"
        with sqlite3.connect(database) as target:
            connection.ensure_connection()
            connection.connection.backup(target)
        return f"sqlite:///{database}"
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{quote(db['USER'])}{password}@{host}:{port}/{db['NAME']}"


def _statuses(database_url: str) -> dict[int, str]:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return dict(db.execute("SELECT id, status FROM notifications_notification"))
    return dict(Notification.objects.values_list("pk", "status"))


def _env(tmp_path: Path, database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "stegvis.settings",
            "DEBUG": "1",
            "STEGVIS_DEMO": "0",
            "DATABASE_URL": database_url,
            "SMS_BACKEND": "tests.notifications.slow_sms.SlowFileSmsBackend",
            "SMS_FILE_PATH": str(tmp_path / "sms.jsonl"),
            "NOTIFICATION_QUIET_HOURS": "",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def _manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def _sent(tmp_path: Path) -> collections.Counter:
    outbox = tmp_path / "sms.jsonl"
    if not outbox.exists():
        return collections.Counter()
    lines = [line for line in outbox.read_text().splitlines() if line.strip()]
    return collections.Counter(json.loads(line)["reference"] for line in lines)


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_sends_each_notification_at_most_once(tmp_path, settings):
    if connection.vendor not in ("sqlite", "postgresql"):
        pytest.skip("runs on SQLite (a file copy) and PostgreSQL (the test database)")
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    now = timezone.now()
    for n in range(COUNT):
        notification = Notification.objects.create(
            recipient=CitizenFactory(),
            kind="new_message",
            channel="sms",
            key=f"kill:{n}",
            not_before=now,
        )
        deliver.using(backend="db").enqueue(notification.pk)
    # Every citizen has a verified mobile and chose SMS.
    from stegvis.notifications.models import Preference

    Preference.objects.bulk_create(
        Preference(
            user_id=n.recipient_id,
            phone=f"+467017406{i % 100:02d}",
            phone_verified_at=now,
            use_sms=True,
        )
        for i, n in enumerate(Notification.objects.all())
    )
    # The worker's settings know the database backend as "default".
    with connection.cursor() as cursor:
        cursor.execute("UPDATE django_tasks_database_dbtaskresult SET backend_name = 'default'")
    database_url = _database_url(tmp_path)
    env = _env(tmp_path, database_url)
    worker = subprocess.Popen(
        # --no-reload: under DEBUG the autoreloader would run the worker in a child process
        # that outlives a kill of its parent. Its own session lets us kill the whole group.
        _manage("db_worker", "--interval", "0.05", "--no-startup-delay", "--no-reload"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while sum(_sent(tmp_path).values()) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    sent_before = sum(_sent(tmp_path).values())
    time.sleep(0.5)
    assert sum(_sent(tmp_path).values()) == sent_before, "the killed worker kept sending"
    assert 0 < sent_before < COUNT, "the kill should land mid-batch"

    # Restart: the sweep (enqueued by care_tick) picks up what the killed worker left.
    subprocess.run(_manage("care_tick"), cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(
        _manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0.05", "--no-reload"),
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    sent = _sent(tmp_path)
    assert max(sent.values()) == 1, "a notification was sent twice"
    statuses = _statuses(database_url)
    if connection.vendor == "postgresql":
        # The killed worker's session may linger a moment; end it so the test database can go.
        others = (
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_terminate_backend(pid) {others}")
            for _ in range(100):
                cursor.execute(f"SELECT count(*) {others}")
                if cursor.fetchone()[0] == 0:
                    break
                time.sleep(0.05)
    assert len(statuses) == COUNT
    for pk, status in statuses.items():
        if status == "sent":
            assert sent[str(pk)] == 1
    # Only the one being sent at the kill may be left claimed (the sweep marks it uncertain
    # later, without resending); everything else went out exactly once.
    unsent = [pk for pk, status in statuses.items() if status != "sent"]
    assert len(unsent) <= 1
    assert all(statuses[pk] == "sending" for pk in unsent)
