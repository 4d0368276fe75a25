"""The signed-in floor: Django's sessions and authentication on PostgreSQL, and nothing else.

It runs in its own settings, so the check runs in a child process against a database of its
own next to the test database (PostgreSQL only, as bench-web)."""

import os
import subprocess
import sys
import textwrap
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection

from benchmarks.web import signed_in_floor
from benchmarks.web.servers import ROOT

CHECK = textwrap.dedent(
    """
    import django
    django.setup()
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.db import connection
    from benchmarks.floor.session import signed_in_session_key

    key = signed_in_session_key()
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/").status_code == 302  # no session: sent to sign in
    client.cookies["sessionid"] = key
    client.get("/")  # the connection opened
    with CaptureQueriesContext(connection) as read:
        response = client.get("/")
    assert response.status_code == 200, response.status_code
    assert b"Golvet, golvet" in response.content
    print(len(read.captured_queries))
    """
)


def _drop(database_url: str) -> None:
    parts = urlsplit(database_url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as maintenance_connection:
        maintenance_connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}"')


def test_the_floors_database_is_named_after_the_runs():
    url = "postgres://postgres@127.0.0.1:5432/stegvis_bench"
    assert signed_in_floor.database_url(url).endswith("/stegvis_bench_floor")


def test_the_target_asks_the_signed_in_floors_own_server_with_its_session():
    target = signed_in_floor.target("http://127.0.0.1:8123", "abc")
    assert target["host"] == "http://127.0.0.1:8123"
    assert target["variants"][0]["cookies"] == {"sessionid": "abc"}


@pytest.mark.django_db
def test_a_signed_in_request_reads_its_session_and_its_user_and_nothing_more():
    if connection.vendor != "postgresql":
        pytest.skip("bench-web runs on PostgreSQL")
    settings = connection.settings_dict
    login = settings["USER"] + (f":{settings['PASSWORD']}" if settings.get("PASSWORD") else "")
    where = f"{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
    run_url = f"postgres://{login}@{where}/{settings['NAME']}"
    floor_url = signed_in_floor.database_url(run_url)
    signed_in_floor.ensure_database(floor_url)
    env = {
        **os.environ,
        "FLOOR_DATABASE_URL": floor_url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.floor.signed_in_settings",
    }
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True
        )
    finally:
        _drop(floor_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "2"
