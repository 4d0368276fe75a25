"""Two app servers and two task workers on one PostgreSQL; kill -9 one of each mid-run; nothing
is lost (issue 19, "Past one machine"; docs/scaling.md).

Everything runs as production runs it, in processes of its own on a database of the test's own
(a copy of the migrated test template): two gunicorn servers (deploy/gunicorn.conf.py,
production settings), two `manage.py db_worker` and the care scheduler, which also requeues
tasks whose worker died (stegvis/task_leases.py). A practitioner sends a stream of
messages through both servers; each message notifies its citizen by SMS, a task per SMS. Mid-run
the first worker is killed while it runs a delivery and the first server while it takes
requests; the stream goes on through the survivors. Then:

- every send that got its redirect has its message, once;
- every task finished, none failed; the killed worker's task was run again by the other;
- no SMS went out twice, and every notification went out (or was folded into one that did),
  except the one the killed worker was sending, which stays claimed ("sending": the sweep marks
  it uncertain for staff, never resends it) after going out at most once;
- `manage.py audit verify` finds the access log intact.
"""

import collections
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
import requests
from django.db import connection

from tests import subprocess_server
from tests.markers import needs_postgresql
from tests.operations import processes

pytestmark = [
    needs_postgresql(
        "several processes write one database at once, which is PostgreSQL's job in production"
    ),
    pytest.mark.slow,
]

CITIZENS = 12
SENDERS = 3  # threads sending at once
CSRF = "k1lltest" * 4  # a CSRF secret of our own, sent as cookie and field (double submit)
STALE_AFTER = 2  # TASK_STALE_AFTER for the run, seconds


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{quote(db['USER'])}{password}@{host}:{port}/{name}"


def _admin() -> psycopg.Connection:
    return psycopg.connect(
        _url("postgres").replace("postgres://", "postgresql://"), autocommit=True
    )


@pytest.fixture
def database(django_db_setup):
    """A database of this test's own: the migrated test template copied (or migrated now)."""
    from tests.plugins.database import migrations_key

    name = f"{connection.settings_dict['NAME']}_kill"[:63]
    with _admin() as admin:
        template = admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [rf"%\_template\_{migrations_key()}"],
        ).fetchone()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        clone = f' TEMPLATE "{template[0]}"' if template else ""
        admin.execute(f'CREATE DATABASE "{name}"{clone}')
    url = _url(name)
    if not template:
        result = processes.run("manage.py", "migrate", "--noinput", "-v0", DATABASE_URL=url)
        assert result.returncode == 0, result.stderr
    yield url
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _redis_url() -> str:
    """Sessions, cache and rate limits in Redis (database 13) when one answers, as production
    with several servers; otherwise the database's cache table."""
    import redis

    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return ""
    return url


class Cluster:
    """The processes of one installation, each in a session of its own (killed as a group)."""

    def __init__(self, tmp_path: Path, database_url: str):
        self.tmp = tmp_path
        self.outbox = tmp_path / "sms.jsonl"
        self.env = processes.environment(
            DATABASE_URL=database_url,
            AUDIT_CHECKPOINT_DIR=str(tmp_path / "checkpoints"),
            MEDIA_ROOT=str(tmp_path / "media"),
            PRIVATE_MEDIA_ROOT=str(tmp_path / "private-media"),
            SECURE_COOKIES="0",
            CACHE_URL=_redis_url(),
            SMS_BACKEND="tests.operations.kill_data.SlowProviderSmsBackend",
            SMS_FILE_PATH=str(self.outbox),
            NOTIFICATION_QUIET_HOURS="",
            NOTIFICATION_SMS_MIN_INTERVAL_MINUTES="0",
            # The production limit (20 sends per 10 minutes) would refuse the stream.
            RATE_LIMIT_MESSAGES="100000/m",
            TASK_STALE_AFTER=str(STALE_AFTER),
            LIBRARY_LOG_LEVEL="INFO",
        )
        self.processes: dict[str, subprocess.Popen] = {}

    def manage(self, *args: str, settings: str = "stegvis.settings") -> str:
        result = subprocess.run(
            [sys.executable, *args],
            cwd=processes.ROOT,
            env={**self.env, "DJANGO_SETTINGS_MODULE": settings},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-3000:]
        return result.stdout

    def start(self, name: str, command: list[str], **env: str) -> subprocess.Popen:
        log = (self.tmp / f"{name}.log").open("w")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=processes.ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self.processes[name]

    def server(self, name: str) -> str:
        port = subprocess_server.free_port()
        gunicorn = [processes.gunicorn(), "--config", "deploy/gunicorn.conf.py"]
        self.start(name, gunicorn, GUNICORN_BIND=f"127.0.0.1:{port}")
        return f"http://127.0.0.1:{port}"

    def worker(self, name: str) -> None:
        self.start(
            name,
            [
                *(sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"),
                *("--interval", "0.1", "--worker-id", name),
            ],
        )

    def kill(self, name: str) -> None:
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait()

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def sent_sms(self) -> collections.Counter:
        if not self.outbox.exists():
            return collections.Counter()
        lines = self.outbox.read_text().splitlines()
        return collections.Counter(json.loads(line)["reference"] for line in lines if line)


class Stream:
    """Threads sending messages through whichever servers are up (a load balancer's view)."""

    def __init__(self, servers: list[str], session: str, enrollments: list[int]):
        self.up = list(servers)
        self.session, self.enrollments = session, enrollments
        self.results: list[tuple[str, str, int | str]] = []  # (body, server, status or error)
        self.lock = threading.Lock()
        self.running = True
        self.number = 0
        self.threads = [threading.Thread(target=self._send) for _ in range(SENDERS)]

    def _next(self) -> tuple[int, str] | None:
        with self.lock:
            if not self.running or not self.up:
                return None
            self.number += 1
            return self.number, self.up[self.number % len(self.up)]

    def _send(self) -> None:
        client = requests.Session()
        client.cookies.update({"sessionid": self.session, "csrftoken": CSRF})
        while taken := self._next():
            number, server = taken
            body = f"Stegvis kill test {number:05d}"
            enrollment = self.enrollments[number % len(self.enrollments)]
            try:
                response = client.post(
                    f"{server}/clinic/care/{enrollment}/messages/send/",
                    data={"csrfmiddlewaretoken": CSRF, "body": body},
                    allow_redirects=False,
                    timeout=30,
                )
                outcome = response.status_code
                if outcome == 302 and "/messages/" not in response.headers["Location"]:
                    outcome = f"redirected to {response.headers['Location']}"
            except requests.RequestException as error:
                outcome = type(error).__name__
            with self.lock:
                self.results.append((body, server, outcome))

    def drop(self, server: str) -> None:
        with self.lock:
            self.up.remove(server)

    def succeeded(self, server: str | None = None) -> list[str]:
        with self.lock:
            return [b for b, s, o in self.results if o == 302 and server in (None, s)]


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)  # polling other processes' progress; nothing to wait on instead


class Database:
    """Plain SQL on the installation's database (the test process's own is another)."""

    def __init__(self, url: str):
        self.db = psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)

    def rows(self, sql: str, *params) -> list[tuple]:
        return self.db.execute(sql, params).fetchall()

    def running_delivery(self, worker: str) -> str | None:
        found = self.rows(
            "SELECT id FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' "
            "AND task_path LIKE %s AND worker_ids ->> -1 = %s",
            "%.deliver",
            worker,
        )
        return str(found[0][0]) if found else None

    def task_status(self, task_id: str) -> str:
        return self.rows(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", task_id
        )[0][0]

    def unfinished_tasks(self) -> int:
        return self.rows(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')"
        )[0][0]


def _run(cluster: Cluster, stream: Stream, db: Database, servers: list[str]) -> str:
    """Send through both; kill worker w1 mid-delivery and the first server mid-stream; go on."""
    for thread in stream.threads:
        thread.start()
    _wait(lambda: len(stream.succeeded()) >= 10, 60, "sends through both servers")
    killed_task = None

    def w1_delivers() -> bool:
        nonlocal killed_task
        killed_task = db.running_delivery("w1")
        return killed_task is not None

    _wait(w1_delivers, 60, "worker w1 to run a delivery")
    cluster.kill("w1")
    time.sleep(0.5)
    cluster.kill("server-a")
    stream.drop(servers[0])
    after_kill = len(stream.succeeded(servers[1]))
    _wait(lambda: len(stream.succeeded(servers[1])) >= after_kill + 15, 60, "sends to server b")
    stream.running = False
    for thread in stream.threads:
        thread.join(timeout=60)
    return killed_task


def _start(cluster: Cluster) -> list[str]:
    """Both servers, both workers and the scheduler (started before the data is made: Django
    takes seconds to start on a busy machine)."""
    servers = [cluster.server("server-a"), cluster.server("server-b")]
    cluster.worker("w1")
    cluster.worker("w2")
    cluster.start("scheduler", [sys.executable, "manage.py", "care_scheduler", "--interval", "1"])
    return servers


def _wait_until_up(cluster: Cluster, servers: list[str]) -> None:
    for name, server in zip(("server-a", "server-b"), servers, strict=True):
        process, log = cluster.processes[name], cluster.tmp / f"{name}.log"
        subprocess_server.wait_until_up(process, f"{server}/health/live/", log, name, 90)


@pytest.mark.django_db  # the test database's migrated template is what `database` copies
def test_killing_a_server_and_a_worker_mid_run_loses_nothing(database, tmp_path):
    started = time.monotonic()
    cluster = Cluster(tmp_path, database)
    if not cluster.env["CACHE_URL"]:
        cluster.manage("manage.py", "createcachetable")
    db = Database(database)
    try:
        servers = _start(cluster)
        made = cluster.manage(
            "-m", "tests.operations.kill_data", str(CITIZENS), settings="tests.settings"
        )
        made = json.loads(made)
        _wait_until_up(cluster, servers)
        stream = Stream(servers, made["session"], made["enrollments"])
        killed_task = _run(cluster, stream, db, servers)
        _wait(lambda: db.task_status(killed_task) == "SUCCESSFUL", 60, "the task to be rerun")
        cluster.kill("scheduler")  # nothing new is enqueued; what is queued drains
        _wait(lambda: db.unfinished_tasks() == 0, 60, "the queue to drain")
        _assert_nothing_lost(cluster, stream, db, killed_task)
    finally:
        cluster.stop_all()
        db.db.close()
    verified = cluster.manage("manage.py", "audit", "verify")
    assert "The access log is intact" in verified
    outcomes = collections.Counter(str(outcome) for _, _, outcome in stream.results)
    print(json.dumps({"seconds": round(time.monotonic() - started), "sends": outcomes}))


def _assert_nothing_lost(cluster: Cluster, stream: Stream, db: Database, killed_task: str):
    servers = {server for _, server, _ in stream.results}
    assert all(stream.succeeded(server) for server in servers), "both servers took sends"
    bodies = collections.Counter(
        body
        for (body,) in db.rows(
            "SELECT body FROM messaging_message WHERE body LIKE 'Stegvis kill test %%'"
        )
    )
    assert all(bodies[body] == 1 for body in stream.succeeded()), "a confirmed send was lost"
    assert max(bodies.values()) == 1, "a message was stored twice"

    tasks = dict(
        db.rows("SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY 1")
    )
    assert set(tasks) == {"SUCCESSFUL"}, tasks
    (workers,) = db.rows(
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s", killed_task
    )[0]
    assert workers == ["w1", "w2"], "the killed worker's task was run again by the other"

    sms = cluster.sent_sms()
    assert sms and max(sms.values()) == 1, "an SMS went out twice"
    notifications = db.rows(
        "SELECT n.id, n.status, m.body, folded.status FROM notifications_notification n "
        "JOIN messaging_message m ON n.key = 'message:' || m.id || ':' || n.recipient_id "
        "LEFT JOIN notifications_notification folded ON folded.id = n.folded_into_id"
    )
    assert {body for _, _, body, _ in notifications} == set(bodies), "a message went unnotified"
    claimed = [pk for pk, status, _, _ in notifications if status == "sending"]
    assert len(claimed) <= 1, "only the notification being sent at the kill may stay claimed"
    for pk, status, _, into in notifications:
        if status == "sent":
            assert sms[str(pk)] == 1
        elif status == "folded":
            assert into == "sent"
        else:
            assert status == "sending" and sms[str(pk)] <= 1, (pk, status)
