"""What `make demo` prints works as printed: the served address, the TOTP code, the 2FA hint."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from stegvis.demo.management.commands.demo import CODE_COMMAND
from stegvis.notifications.kinds import Kind
from stegvis.notifications.texts import render
from tests.factories import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _run(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_the_sign_in_sheet_names_the_address_actually_served(full_demo, settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    output = _run()
    assert "sign in at http://127.0.0.1:8101/accounts/login/" in output
    assert ":8000" not in output


def test_the_sheet_takes_the_address_from_the_command_line(full_demo):
    output = _run("--site-url", "http://localhost:8102/")
    assert "sign in at http://localhost:8102/accounts/login/" in output


def test_make_demo_serves_and_prints_the_same_port():
    result = subprocess.run(
        ["make", "-n", "demo", "PORT=8101"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "manage.py demo --site-url http://127.0.0.1:8101" in result.stdout
    assert "runserver 127.0.0.1:8101" in result.stdout


def test_notification_e_mail_links_use_the_served_address(settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    body = render(Kind.NEW_MESSAGE, "email").body
    assert re.findall(r"https?://[^\s]+", body) == ["http://127.0.0.1:8101/"]


def test_the_code_is_printed_without_debug_once_the_demo_is_loaded(full_demo, settings):
    settings.DEBUG = False
    settings.DEMO = False
    code = _run("--code").strip()
    assert len(code) == 6 and code.isdigit()


def test_the_code_is_printed_with_stegvis_demo_alone(db, settings):
    settings.DEBUG = False
    settings.DEMO = True
    assert _run("--code").strip().isdigit()


def test_the_printed_code_command_works_as_printed_from_a_shell(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "STEGVIS_DEMO")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    command = CODE_COMMAND.replace(".venv/bin/python", sys.executable)
    result = subprocess.run(
        command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d{6}\n", result.stdout)


def test_the_sheet_prints_the_working_code_command(full_demo):
    assert CODE_COMMAND in _run()


def _at_two_factor_page(client, world):
    client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": TEST_PASSWORD}
    )
    return client.get(reverse("mfa_authenticate"))


def test_the_demo_two_factor_page_shows_the_demo_code(world, client, settings):
    settings.DEMO = True
    response = _at_two_factor_page(client, world)
    html = response.content.decode()
    assert "Visa demokoden" in html or "Show the demo code" in html
    assert re.search(r"<strong>\d{6}</strong>", html)


@pytest.mark.parametrize("debug", [True, False])
def test_outside_the_demo_the_two_factor_page_has_no_demo_code(world, client, settings, debug):
    settings.DEMO = False
    settings.DEBUG = debug
    html = _at_two_factor_page(client, world).content.decode()
    assert "demokod" not in html.lower() and "demo code" not in html.lower()
