"""`make serve`: refuses to start without its secrets; gunicorn serves with production settings."""

import json
import subprocess
import time
import urllib.request

import pytest

from tests.operations import processes

pytestmark = pytest.mark.slow


def test_preflight_names_every_missing_secret_and_refuses():
    result = processes.run(
        "-m",
        "stegvis.operations.preflight",
        SECRET_KEY="",
        AUDIT_HMAC_KEYS="",
        AUDIT_HMAC_KEY_ID="",
    )
    assert result.returncode == 2
    for name in ("SECRET_KEY", "AUDIT_HMAC_KEYS", "AUDIT_HMAC_KEY_ID", "DATABASE_URL"):
        assert f"{name} is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_preflight_refuses_debug_and_an_unreadable_secret_file(tmp_path):
    result = processes.run(
        "-m",
        "stegvis.operations.preflight",
        DEBUG="1",
        DATABASE_URL="postgres://stegvis@127.0.0.1/stegvis",
        SECRET_KEY_FILE=str(tmp_path / "no-such-file"),
    )
    assert result.returncode == 2
    assert "DEBUG is on" in result.stderr
    assert "SECRET_KEY_FILE names" in result.stderr


def test_preflight_passes_with_production_settings():
    result = processes.run(
        "-m", "stegvis.operations.preflight", DATABASE_URL="postgres://stegvis@127.0.0.1/stegvis"
    )
    assert result.returncode == 0, result.stderr


def test_make_serve_checks_migrates_collects_and_then_serves_with_gunicorn():
    result = subprocess.run(
        ["make", "-n", "serve"], cwd=processes.ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    steps = result.stdout
    order = [
        "-m stegvis.operations.preflight",
        "manage.py migrate --noinput",
        "manage.py collectstatic --noinput",
        "manage.py check --deploy",
        "manage.py db_worker",
        "manage.py care_scheduler",
        "gunicorn --config deploy/gunicorn.conf.py",
    ]
    positions = [steps.index(step) for step in order]
    assert positions == sorted(positions)


def _get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": "stegvis.example"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.read().decode()


def _wait_for(url: str, server: subprocess.Popen) -> tuple[int, str]:
    deadline = time.monotonic() + 60
    while True:
        try:
            return _get(url)
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_gunicorn_serves_health_with_production_settings(tmp_path, migrated_sqlite):
    database = migrated_sqlite("serve.sqlite3")
    port = processes.free_port()
    env = processes.environment(
        DATABASE_URL=f"sqlite:///{database}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        AUDIT_CHECKPOINT_DIR=str(tmp_path / "checkpoints"),
    )
    server = subprocess.Popen(
        [processes.gunicorn(), "--config", "deploy/gunicorn.conf.py"],
        cwd=processes.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        live = _wait_for(f"http://127.0.0.1:{port}/health/live/", server)
        ready = _get(f"http://127.0.0.1:{port}/health/ready/?format=json")
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert live == (200, "ok\n"), output
    assert ready[0] == 200, output
    assert set(json.loads(ready[1]).values()) == {"OK"}
    assert "Booting worker" in output
